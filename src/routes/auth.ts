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
import { activeTheme } from "../hermes/themes/themes.ts";
import { loginPage, type LoginProviderView } from "../views/login.ts";
import { themePresentation } from "../views/theme_style.ts";
import { t } from "../views/i18n.ts";
import { languageOf } from "./render.ts";
import { PROVIDER_COOKIE, readCookie, RT_COOKIE } from "../auth/cookies.ts";
import { clearLoginCookies, clearSessionCookies, withCookies } from "../auth/session_cookies.ts";
import { validateNext } from "../auth/next_target.ts";
import { csrfRejection, forgetRefresh, isCrossSiteWrite } from "../auth/gate.ts";
import { authRuntime } from "../auth/runtime.ts";
import {
	completeOAuthLogin,
	interactiveProviders,
	isPasswordProvider,
	passwordLogin,
	startOAuthLogin,
	type LoginFailure,
	type LoginRequest,
} from "../auth/login_flow.ts";
import type { AppContext, AppEnv } from "../context.ts";

const NO_STORE = "no-store, no-cache, must-revalidate";

const passwordLoginSchema = v.object({
	provider: v.string(),
	username: v.pipe(v.string(), v.maxLength(1024)),
	password: v.pipe(v.string(), v.maxLength(4096)),
	next: v.optional(v.string(), ""),
});

export function authRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const gated = app.mode === "gated";

	function loginRequest(c: Context<AppEnv>): LoginRequest {
		const runtime = authRuntime(app);
		return { view: runtime.view(c), ip: runtime.ip(c) };
	}

	async function renderLogin(
		c: Context<AppEnv>,
		next: string,
		status: 200 | 401 | 403 | 404 | 429 | 400 | 503 = 200,
		error?: string,
		username?: string,
	): Promise<Response> {
		const providers: LoginProviderView[] = interactiveProviders(app).map((p) => ({
			name: p.name,
			displayName: p.displayName,
			password: isPasswordProvider(p),
		}));
		c.header("Cache-Control", NO_STORE);
		return c.html(
			loginPage({
				lang: languageOf(c),
				theme: await themePresentation(activeTheme(app.home)),
				prefix: authRuntime(app).view(c).prefix,
				providers,
				next,
				error,
				username,
			}),
			status,
		);
	}

	/** A failed OAuth step: the login page with the text on a browser navigation, else JSON. */
	function oauthFailure(c: Context<AppEnv>, outcome: LoginFailure): Response | Promise<Response> {
		const status = outcome.status === 500 ? 503 : outcome.status;
		if (outcome.plain === true) {
			throw new ApiError(status, outcome.detail);
		}
		if ((c.req.header("accept") ?? "").includes("text/html")) {
			return renderLogin(c, "", status, outcome.detail);
		}
		return c.json({ detail: outcome.detail }, status);
	}

	function redirect(c: Context<AppEnv>, location: string, cookies: string[], status: 302 | 303 = 302): Response {
		c.header("Cache-Control", NO_STORE);
		return withCookies(c.redirect(location, status), cookies);
	}

	routes.get("/login", async (c) => {
		if (!gated) {
			return c.redirect("/", 302);
		}
		return renderLogin(c, validateNext(c.req.query("next")));
	});

	routes.get("/api/auth/providers", (c) => {
		const providers = interactiveProviders(app);
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
		const outcome = await startOAuthLogin(app, loginRequest(c), query.provider, query.next);
		return outcome.ok ? redirect(c, outcome.location, outcome.cookies) : oauthFailure(c, outcome);
	});

	routes.get("/auth/callback", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
		const outcome = await completeOAuthLogin(app, loginRequest(c), c.req.header("cookie"), {
			code: c.req.query("code"),
			state: c.req.query("state"),
			error: c.req.query("error"),
			errorDescription: c.req.query("error_description"),
		});
		return outcome.ok ? redirect(c, outcome.location, outcome.cookies) : oauthFailure(c, outcome);
	});

	routes.post("/auth/password-login", async (c) => {
		if (!gated) {
			return c.json({ detail: "Not Found" }, 404);
		}
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
		const request = loginRequest(c);
		if (isCrossSiteWrite(c, request.view.origin)) {
			authRuntime(app).audit("csrf_rejected", { provider: body.provider, ip: request.ip, path: c.req.path });
			return isForm ? renderLogin(c, next, 403, t(lang, "login.failed")) : csrfRejection(c);
		}
		const outcome = await passwordLogin(app, request, { ...body, next });
		if (!outcome.ok) {
			return isForm
				? renderLogin(
						c,
						next,
						outcome.status === 500 ? 503 : outcome.status,
						t(lang, outcome.text),
						body.username,
					)
				: c.json({ detail: outcome.detail }, outcome.status);
		}
		if (isForm) {
			return redirect(c, outcome.location, outcome.cookies, 303);
		}
		c.header("Cache-Control", NO_STORE);
		return withCookies(c.json({ ok: true, next: next === "" ? "/" : next }), outcome.cookies);
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
