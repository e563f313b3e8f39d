/**
 * @module
 * The HTTP security layers, outermost first: Host guard, loopback peer guard, CORS
 * and the session-token check (api-contract C.1–C.5).
 */
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { isAllowedHost, isLoopbackPeer } from "./host_guard.ts";
import { isLoopbackBind } from "./mode.ts";
import { peerAddress } from "./peer.ts";
import { requestHasToken, safeEqual } from "./session_token.ts";
import type { AppContext } from "../context.ts";

/**
 * `/api` paths that need no credential in any mode (exact match). Only routed paths belong
 * here: a public path that nothing serves is a hole waiting for a route.
 */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set([
	"/api/status",
	"/api/config/defaults",
	"/api/config/schema",
	"/api/dashboard/themes",
	"/api/dashboard/plugins",
	// Public in Hermes too (api-contract-clients §1.5): the chat host reads it before sign-in.
	"/api/model/info",
]);

export const HOST_REJECTION = "Invalid Host header. Dashboard requests must use the hostname the server was bound to.";

/** 400 for a Host header that does not name the bound host (DNS rebinding). */
export function hostGuard(app: AppContext): MiddlewareHandler {
	return async function hostGuard(c, next) {
		// Probes carry no data and come from platforms that dial the IP (Docker, Fly).
		const probe = c.req.path === "/healthz" || c.req.path === "/readyz";
		if (!probe && !isAllowedHost(c.req.header("host"), app.host)) {
			return c.json({ detail: HOST_REJECTION }, 400);
		}
		await next();
	};
}

/**
 * On a loopback bind in token mode only loopback peers may talk to us. A peer the
 * runtime cannot name is refused: fail closed.
 */
export function peerGuard(app: AppContext): MiddlewareHandler {
	const active = app.mode === "token" && isLoopbackBind(app.host);
	return async function peerGuard(c, next) {
		if (active && !isLoopbackPeer(peerAddress(c))) {
			return c.json({ detail: "Forbidden: only loopback clients may use this dashboard." }, 403);
		}
		await next();
	};
}

/** Origins CORS allows: localhost on the usual dev ports and our own port. */
export function isAllowedCORSOrigin(origin: string, ownPort: number): boolean {
	const match = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?$/.exec(origin);
	if (match === null) {
		return false;
	}
	const port = match[2] === undefined ? (origin.startsWith("https") ? 443 : 80) : Number(match[2]);
	return port === 9119 || port === 3000 || port === 5173 || port === ownPort;
}

export function corsPolicy(app: AppContext): MiddlewareHandler {
	return cors({
		origin: (origin) => (isAllowedCORSOrigin(origin, app.port) ? origin : null),
		allowHeaders: ["Content-Type", "X-Hermes-Session-Token", "Authorization"],
		credentials: false,
		maxAge: 600,
	});
}

/** Paths guarded by the session token: the JSON API and the HTMX fragments. */
export function needsSessionToken(path: string): boolean {
	if (path.startsWith("/api/")) {
		return !PUBLIC_API_PATHS.has(path);
	}
	return path.startsWith("/ui/");
}

export function unauthorized(c: Context): Response {
	return c.json({ detail: "Unauthorized" }, 401);
}

/**
 * The one place a token in the query counts (AC C.4): `GET /api/files/download`, so a
 * plain link can download. Nowhere else, and never in gated mode (this layer is not used there).
 */
function queryTokenAllowed(c: Context, token: string): boolean {
	if (c.req.method !== "GET" || c.req.path !== "/api/files/download") {
		return false;
	}
	const given = c.req.query("token");
	return given !== undefined && safeEqual(given, token);
}

/** Token and insecure modes: `/api/*` (but the public list) and `/ui/*` need the token. */
export function sessionTokenAuth(app: AppContext): MiddlewareHandler {
	return async function sessionTokenAuth(c, next) {
		if (
			needsSessionToken(c.req.path) &&
			!requestHasToken(c.req.raw.headers, app.sessionToken) &&
			!queryTokenAllowed(c, app.sessionToken)
		) {
			return unauthorized(c);
		}
		await next();
	};
}
