/**
 * @module
 * What every route and middleware may know about the running dashboard.
 */
import type { ProviderRegistry } from "./auth/registry.ts";
import type { SecurityMode } from "./security/mode.ts";
import type { WSTicketStore } from "./auth/tickets.ts";
import type { AuthSession, TokenPrincipal } from "./auth/provider.ts";
import type { Clock } from "./hermes/home/clock.ts";

export interface AppContext {
	/** Absolute path of the served Hermes home. */
	home: string;
	/** The host the server is bound to (Host-header rule input). */
	host: string;
	/** The actual listening port (0 until bound; CORS allows it). */
	port: number;
	mode: SecurityMode;
	/** Per-start session token (token and insecure modes). */
	sessionToken: string;
	providers: ProviderRegistry;
	env: Record<string, string | undefined>;
	/** The one source of "now" (tests pin it to the fixture's anchor time). */
	clock: Clock;
	/** The dashboard's own version. */
	version: string;
	/** WebSocket tickets and the internal child credential (used in gated mode). */
	wsTickets: WSTicketStore;
	/** Extra readiness checks (e.g. the PTY path) added by optional subsystems. */
	readinessChecks: ReadinessCheck[];
	/** True when this runtime serves the PTY WebSocket (the Node entry); /chat explains otherwise. */
	terminalAvailable?: boolean;
	/** Gated mode: the external base URL (`dashboard.public_url` / HERMES_DASHBOARD_PUBLIC_URL). */
	publicURL?: string;
	/** Gated mode: honour X-Forwarded-Proto/Host/Prefix/For (behind a proxy you control; on by default on Fly). */
	trustProxyHeaders?: boolean;
}

export interface ReadinessCheck {
	name: string;
	check: () => Promise<{ ok: boolean; detail?: string }>;
}

/** Hono environment shared by every sub-app. */
export interface AppEnv {
	Variables: {
		secureHeadersNonce?: string;
		/** Gated mode: the verified session of the request (set by the auth gate). */
		authSession?: AuthSession;
		/** Gated mode: the principal of a token-authenticated request (D.12 seam). */
		authToken?: TokenPrincipal;
	};
}
