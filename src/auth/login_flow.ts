/**
 * @module
 * The login flows behind the auth routes (api-contract D.3–D.5), free of HTTP framing:
 * the OAuth round trip (PKCE cookie out, state check and code exchange on the way back)
 * and password login (rate limit, provider call, session). Each returns what to send —
 * a redirect with cookies, or a failure with its status and text — and audits it; the
 * route only validates the request and renders the outcome.
 */
import { nowSeconds } from "../hermes/home/clock.ts";
import { PKCE_COOKIE, PKCE_MAX_AGE, readPKCECookie, serializeCookie } from "./cookies.ts";
import { cookieScope, redirectURI, type ExternalView } from "./external_url.ts";
import { nextQuery, quoteComponent, validateNext } from "./next_target.ts";
import {
	InvalidCodeError,
	InvalidCredentialsError,
	ProviderUnreachableError,
	type AuthSession,
	type DashboardAuthProvider,
	type LoginStart,
} from "./provider.ts";
import { authRuntime } from "./runtime.ts";
import { clearLoginCookies, sessionCookies } from "./session_cookies.ts";
import { safeEqual } from "../security/session_token.ts";
import type { AppContext } from "../context.ts";
import type { MessageKey } from "../views/i18n.ts";

/** Who is logging in, as the browser sees us. */
export interface LoginRequest {
	view: ExternalView;
	ip: string;
}

/** Go to `location`, setting `cookies`. */
export interface LoginRedirect {
	ok: true;
	location: string;
	cookies: string[];
}

/** A failed step: `detail` for API clients, `text` (i18n) for the login page. */
export interface LoginFailure {
	ok: false;
	status: 400 | 401 | 404 | 429 | 500 | 503;
	detail: string;
	text: MessageKey;
	/** Not a login-page matter (unknown provider in a URL): always a JSON error. */
	plain?: boolean;
}

/** Providers with a login of their own (OAuth button or password form), registration order. */
export function interactiveProviders(app: AppContext): DashboardAuthProvider[] {
	return app.providers
		.sessionProviders()
		.filter((p) => p.startLogin !== undefined || p.completePasswordLogin !== undefined);
}

export function isPasswordProvider(provider: DashboardAuthProvider): boolean {
	return (
		provider.supportsPassword === true ||
		(provider.completePasswordLogin !== undefined && provider.startLogin === undefined)
	);
}

function failure(status: LoginFailure["status"], detail: string, text: MessageKey = "login.failed"): LoginFailure {
	return { ok: false, status, detail, text };
}

/** Where a finished login lands, with the login cookies cleared and the session set. */
function signedIn(app: AppContext, request: LoginRequest, session: AuthSession, next: string): LoginRedirect {
	const runtime = authRuntime(app);
	runtime.audit("login_success", {
		provider: session.provider,
		user_id: session.userId,
		email: session.email,
		org_id: session.orgId,
		ip: request.ip,
	});
	const now = Math.floor(nowSeconds(app.clock));
	return {
		ok: true,
		location: `${request.view.prefix}${next === "" ? "/" : next}`,
		cookies: [
			...clearLoginCookies(request.view.prefix),
			...sessionCookies(session, cookieScope(request.view), now),
		],
	};
}

/** `GET /auth/login`: to the IdP with a PKCE cookie, or to the login page for a password provider. */
export async function startOAuthLogin(
	app: AppContext,
	request: LoginRequest,
	providerName: string,
	rawNext: string | undefined,
): Promise<LoginRedirect | LoginFailure> {
	const provider = app.providers.get(providerName);
	if (provider === undefined) {
		return { ...failure(404, `Unknown provider: '${providerName}'`), plain: true };
	}
	const next = validateNext(rawNext);
	if (isPasswordProvider(provider)) {
		return { ok: true, location: `${request.view.prefix}/login${nextQuery(next)}`, cookies: [] };
	}
	if (provider.startLogin === undefined || provider.supportsSession === false) {
		return { ...failure(404, `Provider does not support interactive login: '${providerName}'`), plain: true };
	}
	const runtime = authRuntime(app);
	let start: LoginStart;
	try {
		start = await provider.startLogin(redirectURI(request.view));
	} catch (error) {
		const message = (error as Error).message;
		runtime.audit("login_failure", {
			provider: provider.name,
			reason: "provider_unreachable",
			ip: request.ip,
			error: message,
		});
		return failure(503, `Provider unreachable: ${message}`);
	}
	let payload = start.cookiePayload.startsWith("provider=")
		? start.cookiePayload
		: `provider=${provider.name};${start.cookiePayload}`;
	if (next !== "") {
		payload += `;next=${quoteComponent(next)}`;
	}
	runtime.audit("login_start", { provider: provider.name, ip: request.ip });
	return {
		ok: true,
		location: start.redirectURL,
		cookies: [serializeCookie(PKCE_COOKIE, payload, PKCE_MAX_AGE, cookieScope(request.view))],
	};
}

/** What the IdP sent back to `/auth/callback`. */
export interface CallbackParams {
	code?: string;
	state?: string;
	error?: string;
	errorDescription?: string;
}

/** `GET /auth/callback`: checks the PKCE cookie and state, exchanges the code, signs in. */
export async function completeOAuthLogin(
	app: AppContext,
	request: LoginRequest,
	cookieHeader: string | undefined,
	params: CallbackParams,
): Promise<LoginRedirect | LoginFailure> {
	const runtime = authRuntime(app);
	const ip = request.ip;
	const pkce = readPKCECookie(cookieHeader);
	if (pkce === undefined) {
		runtime.audit("login_failure", { reason: "missing_pkce_cookie", ip });
		return failure(400, "Missing PKCE state cookie");
	}
	const providerName = pkce.get("provider") ?? "";
	const provider = app.providers.get(providerName);
	if (provider === undefined || provider.completeLogin === undefined) {
		runtime.audit("login_failure", { provider: providerName, reason: "unknown_provider", ip });
		return failure(400, `Unknown provider in cookie: '${providerName}'`);
	}
	if (params.error !== undefined && params.error !== "") {
		runtime.audit("login_failure", { provider: providerName, reason: "idp_error", error: params.error, ip });
		return failure(400, `OAuth error from provider: ${params.error} (${params.errorDescription ?? ""})`);
	}
	const state = params.state ?? "";
	const expectedState = pkce.get("state");
	if (state === "" || expectedState === undefined || !safeEqual(state, expectedState)) {
		runtime.audit("login_failure", { provider: providerName, reason: "state_mismatch", ip });
		return failure(400, "OAuth state mismatch (CSRF check failed)");
	}
	let session: AuthSession;
	try {
		session = await provider.completeLogin({
			code: params.code ?? "",
			state,
			codeVerifier: pkce.get("verifier") ?? "",
			redirectURI: redirectURI(request.view),
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
			return failure(503, `Provider unreachable: ${message}`);
		}
		if (!(caught instanceof InvalidCodeError)) {
			console.error(`[hermes-dashboard] auth provider ${providerName} failed to complete a login: ${message}`);
		}
		runtime.audit("login_failure", { provider: providerName, reason: "invalid_code", ip, error: message });
		return failure(400, `Invalid code: ${message}`);
	}
	let next = "";
	try {
		next = validateNext(decodeURIComponent(pkce.get("next") ?? ""));
	} catch {
		next = "";
	}
	return signedIn(app, request, session, next);
}

/** A password login as submitted (form or JSON). */
export interface PasswordCredentials {
	provider: string;
	username: string;
	password: string;
	/** Already validated with `validateNext`. */
	next: string;
}

/** `POST /auth/password-login`: rate limit per client IP, then the provider decides. */
export async function passwordLogin(
	app: AppContext,
	request: LoginRequest,
	credentials: PasswordCredentials,
): Promise<LoginRedirect | LoginFailure> {
	const runtime = authRuntime(app);
	const ip = request.ip;
	if (!runtime.limiter.attempt(ip)) {
		runtime.audit("login_failure", { provider: credentials.provider, reason: "rate_limited", ip });
		return failure(429, "Too many login attempts. Try again shortly.", "login.too_many");
	}
	const provider = app.providers.get(credentials.provider);
	if (provider === undefined || !isPasswordProvider(provider)) {
		runtime.audit("login_failure", { provider: credentials.provider, reason: "unknown_provider", ip });
		return failure(404, "Unknown provider");
	}
	if (provider.completePasswordLogin === undefined) {
		runtime.audit("login_failure", { provider: provider.name, reason: "misconfigured", ip });
		return failure(500, "Provider misconfigured");
	}
	let session: AuthSession;
	try {
		session = await provider.completePasswordLogin(credentials.username, credentials.password);
	} catch (error) {
		const message = (error as Error).message;
		if (error instanceof ProviderUnreachableError) {
			runtime.audit("login_failure", {
				provider: provider.name,
				reason: "provider_unreachable",
				ip,
				error: message,
			});
			return failure(503, `Provider unreachable: ${message}`);
		}
		if (!(error instanceof InvalidCredentialsError)) {
			console.error(`[hermes-dashboard] auth provider ${provider.name} failed a password login: ${message}`);
		}
		runtime.audit("login_failure", { provider: provider.name, reason: "invalid_credentials", ip });
		return failure(401, "Invalid credentials", "login.invalid");
	}
	return signedIn(app, request, session, credentials.next);
}
