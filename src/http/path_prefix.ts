/**
 * @module
 * Serving behind a reverse-proxy path prefix (api-contract C.6, A.15). Views write
 * root-relative URLs (`href="/chat"`); while a prefix is active (trusted
 * `X-Forwarded-Prefix` or a public URL with a path, see `auth/external_url.ts`) one
 * middleware rewrites every root-relative URL attribute of every HTML response, full
 * pages and htmx fragments alike, so no view has to know about the prefix. Browser
 * scripts do the same through `window.hermesURL()` (static/js/app.js).
 */
import type { MiddlewareHandler } from "hono";
import { authRuntime } from "../auth/runtime.ts";
import type { AppContext, AppEnv } from "../context.ts";

/**
 * Attributes that carry a URL: links, assets, forms, htmx verbs and push/replace URLs,
 * and `data-*url` / `-href` / `-src` / `-action` attributes (page scripts read URLs
 * from those; other `data-*` values, e.g. file paths, are left alone).
 */
const URL_ATTRIBUTE =
	/(\s(?:href|src|action|formaction|poster|hx-(?:get|post|put|patch|delete|push-url|replace-url)|data-(?:[a-z0-9_-]*-)?(?:url|href|src|action))\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

/**
 * True when `url` already starts with `prefix` as a whole path segment (views that know
 * the prefix, like the login page, write it themselves). A prefix equal to one of our
 * own top-level paths (e.g. "/chat") would be ambiguous: pick a distinct one.
 */
export function hasPrefix(url: string, prefix: string): boolean {
	if (!url.startsWith(prefix)) {
		return false;
	}
	const next = url.charAt(prefix.length);
	return next === "" || next === "/" || next === "?" || next === "#";
}

/**
 * `prefix + url` for a root-relative URL; anything else (absolute, protocol-relative
 * `//host` or `/\host`, relative, `#anchor`, already prefixed) is returned unchanged.
 */
export function prefixURL(url: string, prefix: string): string {
	if (
		prefix === "" ||
		!url.startsWith("/") ||
		url.startsWith("//") ||
		url.startsWith("/\\") ||
		hasPrefix(url, prefix)
	) {
		return url;
	}
	return prefix + url;
}

/** Rewrites every root-relative URL attribute in an HTML document or fragment. */
export function prefixHTML(markup: string, prefix: string): string {
	if (prefix === "") {
		return markup;
	}
	return markup.replace(
		URL_ATTRIBUTE,
		(whole, head: string, doubleQuoted: string | undefined, singleQuoted: string | undefined) => {
			if (doubleQuoted !== undefined) {
				return `${head}"${prefixURL(doubleQuoted, prefix)}"`;
			}
			return singleQuoted === undefined ? whole : `${head}'${prefixURL(singleQuoted, prefix)}'`;
		},
	);
}

/** The prefix the browser sees for this request ("" when none is honoured). */
export function requestPrefix(app: AppContext, c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
	return authRuntime(app).view(c).prefix;
}

/**
 * Middleware: prefixes URL attributes in HTML bodies and a root-relative `Location`
 * (redirects) while a prefix is active. A no-op without one, so direct serving pays
 * nothing.
 */
export function pathPrefix(app: AppContext): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		await next();
		const prefix = requestPrefix(app, c);
		if (prefix === "") {
			return;
		}
		const location = c.res.headers.get("location");
		const prefixedLocation = location === null ? null : prefixURL(location, prefix);
		const type = c.res.headers.get("content-type") ?? "";
		const isHTML = type.toLowerCase().startsWith("text/html") && c.res.body !== null;
		if (prefixedLocation === location && !isHTML) {
			return;
		}
		// A fresh Response: headers of some responses are immutable.
		const headers = new Headers(c.res.headers);
		if (prefixedLocation !== null) {
			headers.set("location", prefixedLocation);
		}
		let body: BodyInit | null = c.res.body;
		if (isHTML) {
			body = prefixHTML(await c.res.text(), prefix);
			headers.delete("content-length");
		}
		const replacement = new Response(body, { status: c.res.status, statusText: c.res.statusText, headers });
		// Clear first: Hono's setter would merge the old headers (content-length) back in.
		c.res = undefined;
		c.res = replacement;
	};
}
