/**
 * @module
 * Post-login targets (api-contract D.1, D.5): only same-origin paths that are not part
 * of the login machinery or the API, so `next` can never become an open redirect.
 */

function isSafePath(path: string): boolean {
	if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
		return false;
	}
	if (/[\u0000-\u001f\u007f\\]/.test(path)) {
		return false;
	}
	if (path.startsWith("/login") || path.startsWith("/auth/") || path.startsWith("/api/auth/")) {
		return false;
	}
	return !(path === "/api" || path.startsWith("/api/") || path.startsWith("/api?"));
}

/** The `next` for a gate redirect (raw request path + query), or null to drop it. */
export function gateNext(pathWithQuery: string): string | null {
	return isSafePath(pathWithQuery) ? pathWithQuery : null;
}

/** Validates a user-supplied `next` (percent-decoded once); "" when unsafe. */
export function validateNext(raw: string | undefined | null): string {
	if (raw === undefined || raw === null || raw === "") {
		return "";
	}
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		return "";
	}
	// A decoded value that still decodes to something unsafe is rejected as well.
	let twice = decoded;
	try {
		twice = decodeURIComponent(decoded);
	} catch {
		twice = decoded;
	}
	return isSafePath(decoded) && isSafePath(twice) ? decoded : "";
}

/** `?next=<enc>` or "" (Python's `quote(..., safe="")`). */
export function nextQuery(next: string | null, joiner: "?" | "&" = "?"): string {
	return next === null || next === "" ? "" : `${joiner}next=${quoteComponent(next)}`;
}

/** `urllib.parse.quote(value, safe="")`. */
export function quoteComponent(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
