/**
 * @module
 * Provider sign-in sessions (api-contract-clients §3.8), in memory with a 15-minute TTL
 * on the app clock, and Anthropic's PKCE flow (the user pastes the code back). The
 * device-code flows live in `oauth_device.ts`. Endpoints are injectable so tests talk to
 * stand-in servers.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isMapping } from "../config/effective.ts";
import { updateAuth } from "./auth_store.ts";
import { DASHBOARD_PKCE_SOURCE } from "./oauth_providers.ts";

export const SESSION_TTL_MS = 15 * 60 * 1000;

export interface OAuthEndpoints {
	anthropicAuthorize: string;
	anthropicTokens: readonly string[];
	anthropicRedirect: string;
	nousPortal: string;
	xaiIssuer: string;
	codexIssuer: string;
}

export function defaultEndpoints(env: Record<string, string | undefined>): OAuthEndpoints {
	return {
		anthropicAuthorize: "https://claude.ai/oauth/authorize",
		anthropicTokens: ["https://platform.claude.com/v1/oauth/token", "https://console.anthropic.com/v1/oauth/token"],
		anthropicRedirect: "https://console.anthropic.com/oauth/code/callback",
		nousPortal: (
			env.HERMES_PORTAL_BASE_URL ||
			env.NOUS_PORTAL_BASE_URL ||
			"https://portal.nousresearch.com"
		).replace(/\/+$/, ""),
		xaiIssuer: "https://auth.x.ai",
		codexIssuer: "https://auth.openai.com",
	};
}

/** Public OAuth client ids of the Hermes CLI (what the providers know it by). */
export const CLIENT_IDS: Record<string, string> = {
	anthropic: "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
	nous: "hermes-cli",
	"xai-oauth": "b1a00492-073a-47ea-816f-4c329264a828",
	"openai-codex": "app_EMoamEEZ73f0CkXaXp7hrann",
};
const ANTHROPIC_SCOPES = "org:create_api_key user:profile user:inference";

export type SessionStatus = "pending" | "approved" | "denied" | "expired" | "error";

export interface OAuthSession {
	id: string;
	provider: string;
	flow: "pkce" | "device_code";
	home: string;
	createdMs: number;
	expiresMs: number;
	status: SessionStatus;
	error: string | null;
	verifier?: string;
}

export class OAuthFlowError extends Error {}

export type Fetch = typeof fetch;

/** One store per app: sessions, the clock and the endpoints. */
export class OAuthSessions {
	readonly sessions = new Map<string, OAuthSession>();
	readonly now: () => number;
	readonly endpoints: OAuthEndpoints;
	readonly fetcher: Fetch;

	constructor(now: () => number, endpoints: OAuthEndpoints, fetcher: Fetch = fetch) {
		this.now = now;
		this.endpoints = endpoints;
		this.fetcher = fetcher;
	}

	private collect(): void {
		for (const [id, session] of this.sessions) {
			if (this.now() - session.createdMs > SESSION_TTL_MS) this.sessions.delete(id);
		}
	}

	get(id: string): OAuthSession | undefined {
		const session = this.sessions.get(id);
		if (session !== undefined && session.status === "pending" && this.now() > session.expiresMs) {
			session.status = "expired";
		}
		return session;
	}

	/** Forgets a session; its background poller stops at its next turn and stores nothing. */
	cancel(id: string): boolean {
		const session = this.sessions.get(id);
		if (session === undefined) return false;
		if (session.status === "pending") {
			session.status = "error";
			session.error = "cancelled";
		}
		return this.sessions.delete(id);
	}

	open(provider: string, flow: OAuthSession["flow"], home: string, ttlMs: number): OAuthSession {
		this.collect();
		const now = this.now();
		const session: OAuthSession = {
			id: randomUUID().replace(/-/g, ""),
			provider,
			flow,
			home,
			createdMs: now,
			expiresMs: now + ttlMs,
			status: "pending",
			error: null,
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/** Anthropic: the authorize URL; the PKCE verifier doubles as `state`. */
	startPKCE(home: string): { session_id: string; flow: "pkce"; auth_url: string; expires_in: number } {
		const session = this.open("anthropic", "pkce", home, SESSION_TTL_MS);
		session.verifier = randomBytes(32).toString("base64url");
		const challenge = createHash("sha256").update(session.verifier).digest("base64url");
		const query = new URLSearchParams({
			code: "true",
			client_id: CLIENT_IDS.anthropic!,
			response_type: "code",
			redirect_uri: this.endpoints.anthropicRedirect,
			scope: ANTHROPIC_SCOPES,
			code_challenge: challenge,
			code_challenge_method: "S256",
			state: session.verifier,
		});
		return {
			session_id: session.id,
			flow: "pkce",
			auth_url: `${this.endpoints.anthropicAuthorize}?${query}`,
			expires_in: 900,
		};
	}

	/** Anthropic: exchanges the pasted `<code>#<state>`, then stores the tokens. */
	async submitPKCE(
		session: OAuthSession,
		pasted: string,
	): Promise<{ ok: boolean; status: string; message?: string }> {
		const [code = "", state = session.verifier ?? ""] = pasted.trim().split("#");
		if (code === "") return { ok: false, status: "error", message: "No code provided" };
		const fail = (message: string) => {
			session.status = "error";
			session.error = message;
			return { ok: false, status: "error", message };
		};
		let tokens: Record<string, unknown> | null = null;
		let lastError = "";
		for (const url of this.endpoints.anthropicTokens) {
			try {
				const response = await this.fetcher(url, {
					method: "POST",
					headers: { "Content-Type": "application/json", "User-Agent": "hermes-dashboard/1.0" },
					body: JSON.stringify({
						grant_type: "authorization_code",
						client_id: CLIENT_IDS.anthropic,
						code,
						state,
						redirect_uri: this.endpoints.anthropicRedirect,
						code_verifier: session.verifier,
					}),
					signal: AbortSignal.timeout(20_000),
				});
				if (!response.ok) {
					lastError = `HTTP ${response.status}`;
					await response.body?.cancel();
					continue;
				}
				tokens = (await response.json()) as Record<string, unknown>;
				break;
			} catch (error) {
				lastError = String((error as Error)?.message ?? error);
			}
		}
		if (tokens === null) return fail(`Token exchange failed: ${lastError}`);
		if (typeof tokens.access_token !== "string" || tokens.access_token === "")
			return fail("No access token returned");
		try {
			await this.saveAnthropic(session.home, tokens);
		} catch (error) {
			return fail(`Save failed: ${String((error as Error)?.message ?? error)}`);
		}
		session.status = "approved";
		return { ok: true, status: "approved" };
	}

	private async saveAnthropic(home: string, tokens: Record<string, unknown>): Promise<void> {
		const expiresIn = typeof tokens.expires_in === "number" ? tokens.expires_in : 3600;
		const stored = {
			accessToken: tokens.access_token,
			refreshToken: typeof tokens.refresh_token === "string" ? tokens.refresh_token : "",
			expiresAt: this.now() + expiresIn * 1000,
		};
		writeFileAtomic(join(home, ".anthropic_oauth.json"), `${JSON.stringify(stored, null, 2)}\n`, {
			forceMode: 0o600,
		});
		await updateAuth(home, this.now(), (data) => {
			const pool = isMapping(data.credential_pool) ? data.credential_pool : {};
			data.credential_pool = pool;
			const entries = (Array.isArray(pool.anthropic) ? pool.anthropic : []).filter(
				(entry) => !isMapping(entry) || entry.source !== DASHBOARD_PKCE_SOURCE,
			);
			entries.unshift({
				id: randomBytes(3).toString("hex"),
				label: "dashboard PKCE",
				auth_type: "oauth",
				priority: 0,
				source: DASHBOARD_PKCE_SOURCE,
				access_token: stored.accessToken,
				refresh_token: stored.refreshToken,
				expires_at_ms: stored.expiresAt,
			});
			entries.forEach((entry, index) => {
				if (isMapping(entry)) entry.priority = index;
			});
			pool.anthropic = entries;
		});
	}
}
