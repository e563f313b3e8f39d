/**
 * @module
 * Writing and clearing the session cookie set (AT, RT, provider hint) on a response.
 */
import {
	AT_COOKIE,
	deletionCookies,
	PKCE_COOKIE,
	PROVIDER_COOKIE,
	PROVIDER_MAX_AGE,
	RT_COOKIE,
	RT_MAX_AGE,
	serializeCookie,
	SSO_COOKIE,
	type CookieScope,
} from "./cookies.ts";
import type { AuthSession } from "./provider.ts";

/** `Set-Cookie` values for a fresh or rotated session; `now` in Unix seconds (the app clock). */
export function sessionCookies(session: AuthSession, scope: CookieScope, now: number): string[] {
	const cookies = [serializeCookie(AT_COOKIE, session.accessToken, Math.max(60, session.expiresAt - now), scope)];
	if (session.refreshToken !== "") {
		cookies.push(serializeCookie(RT_COOKIE, session.refreshToken, RT_MAX_AGE, scope));
	}
	cookies.push(providerHintCookie(session.provider, scope));
	return cookies;
}

export function providerHintCookie(provider: string, scope: CookieScope): string {
	return serializeCookie(PROVIDER_COOKIE, provider, PROVIDER_MAX_AGE, scope);
}

export function clearSessionCookies(prefix: string): string[] {
	return [AT_COOKIE, RT_COOKIE, PROVIDER_COOKIE].flatMap((name) => deletionCookies(name, prefix));
}

export function clearLoginCookies(prefix: string): string[] {
	return [PKCE_COOKIE, SSO_COOKIE].flatMap((name) => deletionCookies(name, prefix));
}

/** Appends cookies to a response, copying it first if its headers are immutable. */
export function withCookies(response: Response, cookies: string[]): Response {
	if (cookies.length === 0) {
		return response;
	}
	let target = response;
	try {
		for (const cookie of cookies) {
			target.headers.append("set-cookie", cookie);
		}
	} catch {
		target = new Response(response.body, response);
		for (const cookie of cookies) {
			target.headers.append("set-cookie", cookie);
		}
	}
	return target;
}
