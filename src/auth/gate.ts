/**
 * @module
 * The auth gate for non-loopback binds (api-contract D.1): public paths, the session
 * cookies verified across providers (hinted one first), transparent refresh with
 * rotated cookies, auto-SSO, CSRF for cookie-authenticated writes, and the
 * unauthenticated answers (401 envelope for `/api`, 302 to the login page otherwise).
 */
import { nowSeconds } from "../hermes/home/clock.ts";
import type { Context, MiddlewareHandler } from "hono";
import { PUBLIC_API_PATHS } from "../security/middleware.ts";
import {
	ProviderUnreachableError,
	RefreshExpiredError,
	type AuthSession,
	type DashboardAuthProvider,
} from "./provider.ts";
import type { ProviderRegistry } from "./registry.ts";
import {
	AT_COOKIE,
	deletionCookies,
	PROVIDER_COOKIE,
	readCookie,
	RT_COOKIE,
	serializeCookie,
	SSO_COOKIE,
	SSO_MAX_AGE,
} from "./cookies.ts";
import { clearSessionCookies, providerHintCookie, sessionCookies, withCookies } from "./session_cookies.ts";
import { gateNext, nextQuery, quoteComponent } from "./next_target.ts";
import { authRuntime, type AuthRuntime } from "./runtime.ts";
import type { AppContext, AppEnv } from "../context.ts";

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
	return (
		PUBLIC_API_PATHS.has(path) ||
		PUBLIC_EXACT.has(path) ||
		PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))
	);
}

export type UnauthenticatedReason = "no_cookie" | "invalid_or_expired_session";

function isAPIPath(path: string): boolean {
	return path.startsWith("/api/") || path.startsWith("/ui/");
}

export function unauthenticated(c: Context, reason: UnauthenticatedReason, prefix = ""): Response {
	const url = new URL(c.req.url);
	if (isAPIPath(url.pathname)) {
		const loginURL = `${prefix}/login`;
		if (url.pathname.startsWith("/ui/")) {
			c.header("HX-Redirect", loginURL);
		}
		return c.json(
			{
				error: reason === "no_cookie" ? "unauthenticated" : "session_expired",
				detail: "Unauthorized",
				reason,
				login_url: loginURL,
			},
			401,
		);
	}
	return c.redirect(`${prefix}/login${nextQuery(gateNext(url.pathname + url.search))}`, 302);
}

function hinted(providers: DashboardAuthProvider[], hint: string | undefined): DashboardAuthProvider[] {
	return hint === undefined
		? providers
		: [...providers.filter((p) => p.name === hint), ...providers.filter((p) => p.name !== hint)];
}

/** Verifies the access-token cookie against the session providers, hint first. */
export async function verifyAccessToken(
	registry: ProviderRegistry,
	accessToken: string,
	hint: string | undefined,
): Promise<{ session: AuthSession | null; unreachable: string | null }> {
	let unreachable: string | null = null;
	for (const provider of hinted(registry.sessionProviders(), hint)) {
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
				// A provider bug must not let anyone in; treat it as "not mine", loudly.
				console.error(
					`[hermes-dashboard] auth provider ${provider.name} failed to verify a session: ${(error as Error).message}`,
				);
				continue;
			}
			unreachable ??= provider.name;
		}
	}
	return { session: null, unreachable };
}

/** Transparent refresh (D.7): first provider (hint first) that accepts the RT wins. */
async function refreshSession(
	registry: ProviderRegistry,
	refreshToken: string,
	hint: string | undefined,
	runtime: AuthRuntime,
	ip: string,
): Promise<{ session: AuthSession | null; unreachable: string | null }> {
	let unreachable: string | null = null;
	for (const provider of hinted(registry.sessionProviders(), hint)) {
		if (provider.refreshSession === undefined) {
			continue;
		}
		try {
			const session = await provider.refreshSession(refreshToken);
			runtime.audit("refresh_success", { provider: provider.name, user_id: session.userId, ip });
			return { session, unreachable };
		} catch (error) {
			const reason = error instanceof ProviderUnreachableError ? "provider_unreachable" : "refresh_expired";
			if (!(error instanceof ProviderUnreachableError) && !(error instanceof RefreshExpiredError)) {
				console.error(
					`[hermes-dashboard] auth provider ${provider.name} failed to refresh: ${(error as Error).message}`,
				);
			}
			runtime.audit("refresh_failure", { provider: provider.name, reason, ip });
			if (error instanceof ProviderUnreachableError) {
				unreachable ??= provider.name;
			}
		}
	}
	return { session: null, unreachable };
}

/**
 * Concurrent requests carrying the same expired session (a page and its fragments) must
 * not each spend the refresh token: providers that rotate with reuse detection (Nous)
 * would revoke the whole session. One refresh per RT; its result is shared for 10 s.
 */
type Flight = { result: Promise<{ session: AuthSession | null; unreachable: string | null }>; until: number };
const flightsByRegistry = new WeakMap<ProviderRegistry, Map<string, Flight>>();
const FLIGHT_MS = 10_000;

/** Forgets a shared refresh (logout), so the old refresh token buys nothing more. */
export function forgetRefresh(registry: ProviderRegistry, refreshToken: string): void {
	flightsByRegistry.get(registry)?.delete(refreshToken);
}

function sharedRefresh(
	registry: ProviderRegistry,
	refreshToken: string,
	hint: string | undefined,
	runtime: AuthRuntime,
	ip: string,
): Promise<{ session: AuthSession | null; unreachable: string | null }> {
	let refreshFlights = flightsByRegistry.get(registry);
	if (refreshFlights === undefined) {
		refreshFlights = new Map();
		flightsByRegistry.set(registry, refreshFlights);
	}
	const flights = refreshFlights;
	const now = runtime.clock.now();
	for (const [key, flight] of refreshFlights) {
		if (flight.until < now) refreshFlights.delete(key);
	}
	const existing = refreshFlights.get(refreshToken);
	if (existing !== undefined) {
		return existing.result;
	}
	const result = refreshSession(registry, refreshToken, hint, runtime, ip);
	const flight = { result, until: now + FLIGHT_MS };
	if (refreshFlights.size < 10_000) {
		refreshFlights.set(refreshToken, flight);
	}
	// Only a success is worth sharing; a failure may be retried at once.
	result.then(
		(outcome) => outcome.session === null && flights.delete(refreshToken),
		() => flights.delete(refreshToken),
	);
	return result;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF for cookie-authenticated requests: a state-changing request must come from our
 * own origin. Browsers send `Sec-Fetch-Site` and/or `Origin`; clients that send
 * neither (curl, the desktop app's net stack) cannot be driven by a foreign page.
 */
export function isCrossSiteWrite(c: Context, ownOrigin: string): boolean {
	if (SAFE_METHODS.has(c.req.method)) {
		return false;
	}
	// Sec-Fetch-Site cannot be forged by page scripts, and it is what counts when present:
	// with our `Referrer-Policy: no-referrer`, browsers send `Origin: null` on form posts.
	const site = c.req.header("sec-fetch-site");
	if (site !== undefined) {
		return site !== "same-origin" && site !== "none";
	}
	const origin = c.req.header("origin");
	if (origin === undefined) {
		return false;
	}
	const host = c.req.header("host");
	const requestOrigin = `${new URL(c.req.url).protocol}//${host ?? ""}`;
	return origin !== ownOrigin && origin !== requestOrigin;
}

export function csrfRejection(c: Context): Response {
	return c.json({ detail: "Cross-site request refused" }, 403);
}

/** Auto-SSO target (D.6): the single interactive provider, if it is an OAuth one. */
function autoSSOProvider(registry: ProviderRegistry): DashboardAuthProvider | undefined {
	const interactive = registry
		.sessionProviders()
		.filter((p) => p.startLogin !== undefined || p.completePasswordLogin !== undefined);
	const only = interactive.length === 1 ? interactive[0] : undefined;
	return only !== undefined && only.startLogin !== undefined && only.supportsPassword !== true ? only : undefined;
}

/**
 * The token seam (D.12): on a token route, `Authorization: Bearer <token>` is checked
 * against every token provider; a valid token skips the session gate.
 */
async function tokenSeam(
	c: Context<AppEnv>,
	next: () => Promise<void>,
	registry: ProviderRegistry,
	authorization: string,
	runtime: AuthRuntime,
): Promise<Response | undefined> {
	const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
	const token = match?.[1]?.trim() ?? "";
	let unreachable: string | null = null;
	for (const provider of registry.tokenProviders()) {
		try {
			const principal = token === "" ? null : ((await provider.verifyToken?.(token)) ?? null);
			if (principal !== null) {
				runtime.audit("token_auth_success", {
					provider: provider.name,
					principal: principal.principal,
					ip: runtime.ip(c),
					path: c.req.path,
				});
				c.set("authToken", principal);
				await next();
				return;
			}
		} catch (error) {
			if (!(error instanceof ProviderUnreachableError)) {
				console.error(`[hermes-dashboard] token provider ${provider.name} failed: ${(error as Error).message}`);
			}
			unreachable ??= provider.name;
		}
	}
	runtime.audit("token_auth_failure", {
		reason: unreachable === null ? "invalid_token" : "provider_unreachable",
		ip: runtime.ip(c),
		path: c.req.path,
	});
	if (unreachable !== null) {
		return c.json({ detail: `Auth provider '${unreachable}' unreachable` }, 503);
	}
	return c.json({ error: "unauthenticated", detail: "Unauthorized" }, 401);
}

/** The gate middleware (gated mode only). */
export function authGate(app: AppContext): MiddlewareHandler<AppEnv> {
	const registry = app.providers;
	return async function authGate(c, next) {
		const authorization = c.req.header("authorization");
		if (authorization !== undefined && registry.isTokenPath(c.req.path)) {
			return tokenSeam(c, next, registry, authorization, authRuntime(app));
		}
		if (isPublicInGatedMode(c.req.path)) {
			await next();
			return;
		}
		const runtime = authRuntime(app);
		const view = runtime.view(c);
		const scope = { secure: view.secure, prefix: view.prefix };
		const ip = runtime.ip(c);
		const cookieHeader = c.req.header("cookie");
		const accessToken = readCookie(cookieHeader, AT_COOKIE);
		const refreshToken = readCookie(cookieHeader, RT_COOKIE);
		const hint = readCookie(cookieHeader, PROVIDER_COOKIE);

		if (accessToken === undefined && refreshToken === undefined) {
			if (!isAPIPath(c.req.path)) {
				if (readCookie(cookieHeader, SSO_COOKIE) !== undefined) {
					return withCookies(
						unauthenticated(c, "no_cookie", view.prefix),
						deletionCookies(SSO_COOKIE, view.prefix),
					);
				}
				const sso = autoSSOProvider(registry);
				if (sso !== undefined) {
					const url = new URL(c.req.url);
					const target = gateNext(url.pathname + url.search);
					runtime.audit("login_start", { provider: sso.name, reason: "auto_sso", ip });
					const response = c.redirect(
						`${view.prefix}/auth/login?provider=${quoteComponent(sso.name)}${nextQuery(target, "&")}`,
						302,
					);
					return withCookies(response, [serializeCookie(SSO_COOKIE, "1", SSO_MAX_AGE, scope)]);
				}
			}
			return unauthenticated(c, "no_cookie", view.prefix);
		}

		let session: AuthSession | null = null;
		let unreachable: string | null = null;
		let rotated: string[] = [];
		if (accessToken !== undefined) {
			({ session, unreachable } = await verifyAccessToken(registry, accessToken, hint));
		}
		if (session === null && unreachable === null && refreshToken !== undefined) {
			const refreshed = await sharedRefresh(registry, refreshToken, hint, runtime, ip);
			session = refreshed.session;
			unreachable = refreshed.unreachable;
			if (session !== null) {
				rotated = sessionCookies(session, scope, Math.floor(nowSeconds(app.clock)));
			}
		}
		if (session === null) {
			if (unreachable !== null) {
				return c.json({ detail: `Auth provider '${unreachable}' unreachable` }, 503);
			}
			runtime.audit("session_verify_failure", { reason: "no_provider_recognises", ip, path: c.req.path });
			return withCookies(
				unauthenticated(c, "invalid_or_expired_session", view.prefix),
				clearSessionCookies(view.prefix),
			);
		}
		if (isCrossSiteWrite(c, view.origin)) {
			runtime.audit("csrf_rejected", {
				provider: session.provider,
				user_id: session.userId,
				ip,
				path: c.req.path,
				origin: c.req.header("origin") ?? "",
			});
			return csrfRejection(c);
		}
		c.set("authSession", session);
		if (rotated.length === 0 && hint !== session.provider) {
			rotated = [providerHintCookie(session.provider, scope)];
		}
		await next();
		for (const cookie of rotated) {
			c.header("set-cookie", cookie, { append: true });
		}
	};
}
