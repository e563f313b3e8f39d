/**
 * @module
 * The auth gate for non-loopback binds (api-contract D.1). This is the frame: public
 * paths, reading the session cookie, asking each session provider in turn (hinted one
 * first), and the unauthenticated answers. Providers, refresh and login routes plug in.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { PUBLIC_API_PATHS } from "../security/middleware.ts";
import { ProviderUnreachableError, type AuthSession } from "./provider.ts";
import type { ProviderRegistry } from "./registry.ts";

/** Public in gated mode by prefix (so `/loginX` matches too, as in Hermes). */
const PUBLIC_PREFIXES = [
	"/auth/login",
	"/auth/callback",
	"/auth/password-login",
	"/auth/logout",
	"/login",
	"/api/auth/providers",
	"/static/",
	"/vendor/",
	"/favicon.ico",
	"/fonts/",
];

/** Liveness and readiness probes must answer without a login (Fly, Docker). */
const PUBLIC_EXACT = new Set(["/healthz", "/readyz"]);

export function isPublicInGatedMode(path: string): boolean {
	return PUBLIC_API_PATHS.has(path) || PUBLIC_EXACT.has(path) ||
		PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Reads a cookie by bare name, trying `__Host-`, `__Secure-`, then bare. */
export function readSessionCookie(c: Context, name: string): string | undefined {
	for (const candidate of [`__Host-${name}`, `__Secure-${name}`, name]) {
		const value = getCookie(c, candidate);
		if (value !== undefined && value !== "") {
			return unquoteCookie(value);
		}
	}
	return undefined;
}

/** Undoes Python's cookie quoting: surrounding quotes, `\NNN` octal, `\"`, `\\`. */
export function unquoteCookie(value: string): string {
	if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) {
		return value;
	}
	return value.slice(1, -1).replace(/\\(?:([0-3][0-7]{2})|(.))/g, (_match, octal: string | undefined, char: string | undefined) =>
		octal !== undefined ? String.fromCharCode(parseInt(octal, 8)) : char ?? ""
	);
}

/** The `next` value for a login redirect, or null when it must be dropped (D.1). */
export function loginNext(pathWithQuery: string): string | null {
	if (!pathWithQuery.startsWith("/") || pathWithQuery.startsWith("//")) {
		return null;
	}
	if (
		pathWithQuery.startsWith("/login") || pathWithQuery.startsWith("/auth/") ||
		pathWithQuery === "/api" || pathWithQuery.startsWith("/api/")
	) {
		return null;
	}
	return pathWithQuery;
}

export type UnauthenticatedReason = "no_cookie" | "invalid_or_expired_session";

export function unauthenticated(c: Context, reason: UnauthenticatedReason): Response {
	const url = new URL(c.req.url);
	// JSON callers (and htmx fragments, which cannot follow a login redirect) get a 401.
	if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/ui/")) {
		return c.json({
			error: reason === "no_cookie" ? "unauthenticated" : "session_expired",
			detail: "Unauthorized",
			reason,
			login_url: "/login",
		}, 401);
	}
	const next = loginNext(url.pathname + url.search);
	return c.redirect(next === null ? "/login" : `/login?next=${encodeURIComponent(next)}`, 302);
}

/** Verifies the access-token cookie against the session providers, hint first. */
export async function verifyAccessToken(
	registry: ProviderRegistry,
	accessToken: string,
	hint: string | undefined,
): Promise<{ session: AuthSession | null; unreachable: string | null }> {
	const providers = registry.sessionProviders();
	const ordered = hint === undefined
		? providers
		: [...providers.filter((p) => p.name === hint), ...providers.filter((p) => p.name !== hint)];
	let unreachable: string | null = null;
	for (const provider of ordered) {
		if (provider.verifySession === undefined) {
			continue;
		}
		try {
			const session = await provider.verifySession(accessToken);
			if (session !== null) {
				return { session, unreachable };
			}
		} catch (error) {
			if (!(error instanceof ProviderUnreachableError)) {
				throw error;
			}
			unreachable ??= provider.name;
		}
	}
	return { session: null, unreachable };
}

/** The gate middleware (gated mode only). */
export function authGate(registry: ProviderRegistry): MiddlewareHandler {
	return async function authGate(c, next) {
		if (isPublicInGatedMode(c.req.path)) {
			await next();
			return;
		}
		const accessToken = readSessionCookie(c, "hermes_session_at");
		if (accessToken === undefined) {
			return unauthenticated(c, "no_cookie");
		}
		const { session, unreachable } = await verifyAccessToken(
			registry,
			accessToken,
			readSessionCookie(c, "hermes_session_provider"),
		);
		if (session === null) {
			if (unreachable !== null) {
				return c.json({ detail: `Auth provider '${unreachable}' unreachable` }, 503);
			}
			return unauthenticated(c, "invalid_or_expired_session");
		}
		await next();
	};
}
