/**
 * @module
 * Auth routes (api-contract D.3): the login page, the OAuth round trip
 * (`/auth/login` → IdP → `/auth/callback`), password login, logout, and the session
 * APIs `/api/auth/providers`, `/api/auth/me`, `/api/auth/ws-ticket`. Every redirect and
 * form action carries the proxy path prefix.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError } from "../http/errors.ts";
import { jsonBody, parseWith, queryParams } from "../http/validate.ts";
import { getString, readConfigLenient } from "../hermes/config/yaml.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { loginPage, type LoginProviderView } from "../views/login.ts";
import { t } from "../views/i18n.ts";
import { languageOf } from "./render.ts";
import { BUILTIN_THEMES } from "../hermes/themes/themes.ts";
import { PKCE_COOKIE, PKCE_MAX_AGE, readCookie, RT_COOKIE, serializeCookie, PROVIDER_COOKIE } from "../auth/cookies.ts";
import { clearLoginCookies, clearSessionCookies, sessionCookies, withCookies } from "../auth/session_cookies.ts";
import { nextQuery, quoteComponent, validateNext } from "../auth/next_target.ts";
import { redirectURI } from "../auth/external_url.ts";
import { csrfRejection, forgetRefresh, isCrossSiteWrite } from "../auth/gate.ts";
import { authRuntime } from "../auth/runtime.ts";
import {
	InvalidCodeError,
	InvalidCredentialsError,
	ProviderUnreachableError,
	type DashboardAuthProvider,
} from "../auth/provider.ts";
import { safeEqual } from "../security/session_token.ts";
import type { AppContext, AppEnv } from "../context.ts";

const NO_STORE = "no-store, no-cache, must-revalidate";

function interactive(app: AppContext): DashboardAuthProvider[] {
	return app.providers
		.sessionProviders()
		.filter((p) => p.startLogin !== undefined || p.completePasswordLogin !== undefined);
}

function isPasswordProvider(provider: DashboardAuthProvider): boolean {
	return (
		provider.supportsPassword === true ||
		(provider.completePasswordLogin !== undefined && provider.startLogin === undefined)
	);
}

function theme(app: AppContext): string {
	const value = getString(readConfigLenient(homePaths(app.home).config), "dashboard.theme") ?? "default";
	return BUILTIN_THEMES.some((entry) => entry.name === value) ? value : "default";
}

const passwordLoginSchema = v.object({
	provider: v.string(),
	username: v.pipe(v.string(), v.maxLength(1024)),
	password: v.pipe(v.string(), v.maxLength(4096)),
	next: v.optional(v.string(), ""),
});

/** Parses the PKCE cookie `provider=..;state=..;verifier=..[;next=..]`. */
function parsePKCE(value: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const part of value.split(";")) {
		const eq = part.indexOf("=");
		if (eq > 0) {
			fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
		}
	}
	return fields;
}

export function authRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const gated = app.mode === "gated";

	function renderLogin(
		c: Context<AppEnv>,
		next: string,
		status: 200 | 401 | 403 | 404 | 429 | 400 | 503 = 200,
		error?: string,
		username?: string,
	): Response | Promise<Response> {
		const runtime = authRuntime(app);
		const providers: LoginProviderView[] = interactive(app).map((p) => ({
			name: p.name,
			displayName: p.displayName,
			password: isPasswordProvider(p),
		}));
		c.header("Cache-Control", NO_STORE);
		return c.html(
			loginPage({
				lang: languageOf(c),
				theme: theme(app),
				prefix: runtime.view(c).prefix,
				providers,
				next,
				error,
				username,
			}),
			status,
		);
	}

	function wantsHTML(c: Context): boolean {
		return (c.req.header("accept") ?? "").includes("text/html");
	}

	/** A failure on a browser navigation shows the login page with the text; otherwise JSON. */
	function failure(c: Context<AppEnv>, status: 400 | 404 | 503, detail: string): Response | Promise<Response> {
		if (wantsHTML(c)) {
			return renderLogin(c, "", status, detail);
		}
		return c.json({ detail }, status);
	}

	routes.get("/login", (c) => {
		if (!gated) {
			return c.redirect("/", 302);
		}
		return renderLogin(c, validateNext(c.req.query("next")));
	});

	routes.get("/api/auth/providers", (c) => {
		const providers = interactive(app);
		if (providers.length === 0) {
			return c.json({ detail: "no auth providers registered" }, 503);
		}
		return c.json({
			providers: providers.map((p) => ({
				name: p.name,
				display_name: p.displayName,
				supports_password: isPasswordProvider(p),
			})),
		});
	});

	routes.get("/auth/login", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
		const query = queryParams(c, v.object({ provider: v.string(), next: v.optional(v.string()) }));
		const runtime = authRuntime(app);
		const view = runtime.view(c);
		const provider = app.providers.get(query.provider);
		if (provider === undefined) {
			throw new ApiError(404, `Unknown provider: '${query.provider}'`);
		}
		const next = validateNext(query.next);
		if (isPasswordProvider(provider)) {
			return c.redirect(`${view.prefix}/login${nextQuery(next)}`, 302);
		}
		if (provider.startLogin === undefined || provider.supportsSession === false) {
			throw new ApiError(404, `Provider does not support interactive login: '${query.provider}'`);
		}
		const ip = runtime.ip(c);
		let start;
		try {
			start = await provider.startLogin(redirectURI(view));
		} catch (error) {
			runtime.audit("login_failure", {
				provider: provider.name,
				reason: "provider_unreachable",
				ip,
				error: (error as Error).message,
			});
			return failure(c, 503, `Provider unreachable: ${(error as Error).message}`);
		}
		let payload = start.cookiePayload.startsWith("provider=")
			? start.cookiePayload
			: `provider=${provider.name};${start.cookiePayload}`;
		if (next !== "") {
			payload += `;next=${quoteComponent(next)}`;
		}
		runtime.audit("login_start", { provider: provider.name, ip });
		c.header("Cache-Control", NO_STORE);
		return withCookies(c.redirect(start.redirectURL, 302), [
			serializeCookie(PKCE_COOKIE, payload, PKCE_MAX_AGE, runtime.scope(c)),
		]);
	});

	routes.get("/auth/callback", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
		const runtime = authRuntime(app);
		const view = runtime.view(c);
		const ip = runtime.ip(c);
		const raw = readCookie(c.req.header("cookie"), PKCE_COOKIE);
		if (raw === undefined) {
			runtime.audit("login_failure", { reason: "missing_pkce_cookie", ip });
			return failure(c, 400, "Missing PKCE state cookie");
		}
		const pkce = parsePKCE(raw);
		const providerName = pkce.provider ?? "";
		const provider = app.providers.get(providerName);
		if (provider === undefined || provider.completeLogin === undefined) {
			runtime.audit("login_failure", { provider: providerName, reason: "unknown_provider", ip });
			return failure(c, 400, `Unknown provider in cookie: '${providerName}'`);
		}
		const error = c.req.query("error");
		if (error !== undefined && error !== "") {
			runtime.audit("login_failure", { provider: providerName, reason: "idp_error", error, ip });
			return failure(c, 400, `OAuth error from provider: ${error} (${c.req.query("error_description") ?? ""})`);
		}
		const state = c.req.query("state") ?? "";
		if (state === "" || pkce.state === undefined || !safeEqual(state, pkce.state)) {
			runtime.audit("login_failure", { provider: providerName, reason: "state_mismatch", ip });
			return failure(c, 400, "OAuth state mismatch (CSRF check failed)");
		}
		let session;
		try {
			session = await provider.completeLogin({
				code: c.req.query("code") ?? "",
				state,
				codeVerifier: pkce.verifier ?? "",
				redirectURI: redirectURI(view),
			});
		} catch (caught) {
			const message = (caught as Error).message;
			if (caught instanceof ProviderUnreachableError) {
				runtime.audit("login_failure", {
					provider: providerName,
					reason: "provider_unreachable",
					ip,
					error: message,
				});
				return failure(c, 503, `Provider unreachable: ${message}`);
			}
			if (!(caught instanceof InvalidCodeError)) {
				console.error(
					`[hermes-dashboard] auth provider ${providerName} failed to complete a login: ${message}`,
				);
			}
			runtime.audit("login_failure", { provider: providerName, reason: "invalid_code", ip, error: message });
			return failure(c, 400, `Invalid code: ${message}`);
		}
		runtime.audit("login_success", {
			provider: providerName,
			user_id: session.userId,
			email: session.email,
			org_id: session.orgId,
			ip,
		});
		let next = "";
		try {
			next = validateNext(pkce.next === undefined ? "" : decodeURIComponent(pkce.next));
		} catch {
			next = "";
		}
		const response = c.redirect(`${view.prefix}${next === "" ? "/" : next}`, 302);
		c.header("Cache-Control", NO_STORE);
		return withCookies(response, [...clearLoginCookies(view.prefix), ...sessionCookies(session, runtime.scope(c))]);
	});

	routes.post("/auth/password-login", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
		const runtime = authRuntime(app);
		const view = runtime.view(c);
		const ip = runtime.ip(c);
		const isForm = (c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded");
		let body: v.InferOutput<typeof passwordLoginSchema>;
		if (isForm) {
			const form = await c.req.parseBody();
			body = parseWith(
				passwordLoginSchema,
				Object.fromEntries(Object.entries(form).filter(([, value]) => typeof value === "string")),
				"body",
			);
		} else {
			body = await jsonBody(c, passwordLoginSchema);
		}
		const lang = languageOf(c);
		const next = validateNext(body.next);
		const answer = (
			status: 401 | 403 | 404 | 429 | 500 | 503,
			detail: string,
			text: string,
		): Response | Promise<Response> => {
			if (isForm) {
				return renderLogin(c, next, status === 500 ? 503 : status, text, body.username);
			}
			return c.json({ detail }, status);
		};
		if (isCrossSiteWrite(c, view.origin)) {
			runtime.audit("csrf_rejected", { provider: body.provider, ip, path: c.req.path });
			return isForm ? renderLogin(c, next, 403, t(lang, "login.failed")) : csrfRejection(c);
		}
		if (!runtime.limiter.attempt(ip)) {
			runtime.audit("login_failure", { provider: body.provider, reason: "rate_limited", ip });
			return answer(429, "Too many login attempts. Try again shortly.", t(lang, "login.too_many"));
		}
		const provider = app.providers.get(body.provider);
		if (provider === undefined || !isPasswordProvider(provider)) {
			runtime.audit("login_failure", { provider: body.provider, reason: "unknown_provider", ip });
			return answer(404, "Unknown provider", t(lang, "login.failed"));
		}
		if (provider.completePasswordLogin === undefined) {
			runtime.audit("login_failure", { provider: provider.name, reason: "misconfigured", ip });
			return answer(500, "Provider misconfigured", t(lang, "login.failed"));
		}
		let session;
		try {
			session = await provider.completePasswordLogin(body.username, body.password);
		} catch (error) {
			if (error instanceof ProviderUnreachableError) {
				runtime.audit("login_failure", {
					provider: provider.name,
					reason: "provider_unreachable",
					ip,
					error: error.message,
				});
				return answer(503, `Provider unreachable: ${error.message}`, t(lang, "login.failed"));
			}
			if (!(error instanceof InvalidCredentialsError)) {
				console.error(
					`[hermes-dashboard] auth provider ${provider.name} failed a password login: ${(error as Error).message}`,
				);
			}
			runtime.audit("login_failure", { provider: provider.name, reason: "invalid_credentials", ip });
			return answer(401, "Invalid credentials", t(lang, "login.invalid"));
		}
		runtime.audit("login_success", {
			provider: provider.name,
			user_id: session.userId,
			email: session.email,
			org_id: session.orgId,
			ip,
		});
		const cookies = [...clearLoginCookies(view.prefix), ...sessionCookies(session, runtime.scope(c))];
		c.header("Cache-Control", NO_STORE);
		if (isForm) {
			return withCookies(c.redirect(`${view.prefix}${next === "" ? "/" : next}`, 303), cookies);
		}
		return withCookies(c.json({ ok: true, next: next === "" ? "/" : next }), cookies);
	});

	routes.post("/auth/logout", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
		const runtime = authRuntime(app);
		const view = runtime.view(c);
		const ip = runtime.ip(c);
		if (isCrossSiteWrite(c, view.origin)) {
			runtime.audit("csrf_rejected", { ip, path: c.req.path });
			return csrfRejection(c);
		}
		const cookieHeader = c.req.header("cookie");
		const refreshToken = readCookie(cookieHeader, RT_COOKIE);
		const hint = readCookie(cookieHeader, PROVIDER_COOKIE);
		if (refreshToken !== undefined) {
			forgetRefresh(app.providers, refreshToken);
			for (const provider of app.providers.list()) {
				try {
					await provider.revokeSession?.(refreshToken);
				} catch {
					// Best effort: a provider that cannot revoke must not block logout.
				}
			}
		}
		runtime.audit("logout", { provider: hint ?? "unknown", user_id: "", ip });
		c.header("Cache-Control", NO_STORE);
		return withCookies(c.redirect(`${view.prefix}/login`, 302), [
			...clearSessionCookies(view.prefix),
			...clearLoginCookies(view.prefix),
		]);
	});

	routes.get("/api/auth/me", (c) => {
		const session = c.get("authSession");
		if (session === undefined) {
			return c.json({ detail: "Unauthorized" }, 401);
		}
		return c.json({
			user_id: session.userId,
			email: session.email,
			display_name: session.displayName,
			org_id: session.orgId,
			provider: session.provider,
			expires_at: session.expiresAt,
		});
	});

	routes.post("/api/auth/ws-ticket", (c) => {
		const session = c.get("authSession");
		if (session === undefined) {
			return c.json({ detail: "Unauthorized" }, 401);
		}
		const { ticket } = app.wsTickets.mint({ userId: session.userId, provider: session.provider });
		authRuntime(app).audit("ws_ticket_minted", {
			provider: session.provider,
			user_id: session.userId,
			ip: authRuntime(app).ip(c),
		});
		c.header("Cache-Control", NO_STORE);
		return c.json({ ticket, ttl_seconds: 30 });
	});

	return routes;
}
