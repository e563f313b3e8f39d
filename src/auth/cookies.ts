/**
 * @module
 * Session cookies (api-contract D.2): names with `__Host-`/`__Secure-` prefixes chosen by
 * scheme and path prefix, Python-compatible value quoting (so the Python dashboard and
 * this one can read each other's cookies), and deletions of every name variant.
 */

export const AT_COOKIE = "hermes_session_at";
export const RT_COOKIE = "hermes_session_rt";
export const PROVIDER_COOKIE = "hermes_session_provider";
export const PKCE_COOKIE = "hermes_session_pkce";
export const SSO_COOKIE = "hermes_sso_attempt";

export const RT_MAX_AGE = 2_592_000;
export const PROVIDER_MAX_AGE = 2_592_000;
export const PKCE_MAX_AGE = 600;
export const SSO_MAX_AGE = 60;

/** Where cookies go: scheme and path prefix of the request as the browser sees it. */
export interface CookieScope {
	secure: boolean;
	/** "" or a normalised `/prefix`. */
	prefix: string;
}

export function cookieName(bare: string, scope: CookieScope): string {
	if (!scope.secure) {
		return bare;
	}
	return scope.prefix === "" ? `__Host-${bare}` : `__Secure-${bare}`;
}

const LEGAL = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]*$/;

/** Python's `http.cookies` quoting: legal values raw, others quoted with `\NNN` escapes. */
export function quoteCookieValue(value: string): string {
	if (LEGAL.test(value)) {
		return value;
	}
	let out = '"';
	for (const char of value) {
		const code = char.charCodeAt(0);
		if (char === '"' || char === "\\") {
			out += `\\${char}`;
		} else if (code < 0x20 || (code > 0x7e && code <= 0xff) || char === ";" || char === ",") {
			out += `\\${code.toString(8).padStart(3, "0")}`;
		} else {
			out += char;
		}
	}
	return `${out}"`;
}

/** Undoes Python's cookie quoting: surrounding quotes, `\NNN` octal, `\"`, `\\`. */
export function unquoteCookie(value: string): string {
	if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) {
		return value;
	}
	return value
		.slice(1, -1)
		.replace(/\\(?:([0-3][0-7]{2})|(.))/g, (_match, octal: string | undefined, char: string | undefined) =>
			octal !== undefined ? String.fromCharCode(parseInt(octal, 8)) : (char ?? ""),
		);
}

/** Parses a Cookie header into name → raw value (first occurrence wins). */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
	const cookies = new Map<string, string>();
	if (header === null || header === undefined) {
		return cookies;
	}
	for (const part of header.split(";")) {
		const eq = part.indexOf("=");
		if (eq === -1) {
			continue;
		}
		const name = part.slice(0, eq).trim();
		if (name !== "" && !cookies.has(name)) {
			cookies.set(name, part.slice(eq + 1).trim());
		}
	}
	return cookies;
}

/** Reads a cookie by bare name, trying `__Host-`, `__Secure-`, then bare; unquoted. */
export function readCookie(header: string | null | undefined, bare: string): string | undefined {
	const cookies = parseCookieHeader(header);
	for (const candidate of [`__Host-${bare}`, `__Secure-${bare}`, bare]) {
		const raw = cookies.get(candidate);
		if (raw !== undefined && raw !== "") {
			const value = unquoteCookie(raw);
			if (value !== "") {
				return value;
			}
		}
	}
	return undefined;
}

/**
 * The PKCE cookie's fields (`provider=..;state=..;verifier=..[;next=..]`): the value uses
 * the Cookie header's own `name=value; ...` syntax, so it is read with the same parser.
 */
export function readPKCECookie(header: string | null | undefined): Map<string, string> | undefined {
	const value = readCookie(header, PKCE_COOKIE);
	return value === undefined ? undefined : parseCookieHeader(value);
}

/** One `Set-Cookie` header value. */
export function serializeCookie(bare: string, value: string, maxAge: number, scope: CookieScope): string {
	const parts = [
		`${cookieName(bare, scope)}=${quoteCookieValue(value)}`,
		`HttpOnly`,
		`Max-Age=${Math.max(0, Math.floor(maxAge))}`,
		`Path=${scope.prefix === "" ? "/" : scope.prefix}`,
		"SameSite=lax",
	];
	if (scope.secure) {
		parts.push("Secure");
	}
	return parts.join("; ");
}

/**
 * Deletions for all three name variants. Unlike Hermes, prefixed deletions carry
 * `Secure` (and `__Host-` ones `Path=/`), or browsers would ignore them.
 */
export function deletionCookies(bare: string, prefix: string): string[] {
	const path = prefix === "" ? "/" : prefix;
	return [
		`${bare}=; HttpOnly; Max-Age=0; Path=${path}; SameSite=lax`,
		`__Host-${bare}=; HttpOnly; Max-Age=0; Path=/; SameSite=lax; Secure`,
		`__Secure-${bare}=; HttpOnly; Max-Age=0; Path=${path}; SameSite=lax; Secure`,
	];
}
