/**
 * @module
 * `GET /lang/<code>`: remembers the chosen language in a cookie and goes back to the
 * page the user came from (same-origin paths only). Works without JavaScript.
 */
import { Hono } from "hono/tiny";
import { setCookie } from "hono/cookie";
import { LANGUAGES, type Language } from "../views/i18n.ts";
import { authRuntime } from "../auth/runtime.ts";
import { hasPrefix } from "../http/path_prefix.ts";
import type { AppContext, AppEnv } from "../context.ts";

/**
 * A same-origin path from a Referer, or "/". Behind a proxy the Referer is the browser's
 * URL (external origin, path already carrying the prefix); "/" gets the prefix added by
 * the `pathPrefix` middleware on the way out.
 */
function backPath(referer: string | undefined, origins: readonly string[], prefix: string): string {
	if (referer === undefined) {
		return "/";
	}
	try {
		const url = new URL(referer);
		const path = url.pathname + url.search;
		const sameOrigin = origins.includes(url.origin) && !url.pathname.startsWith("//");
		return sameOrigin && (prefix === "" || hasPrefix(path, prefix)) ? path : "/";
	} catch {
		return "/";
	}
}

export function languageRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	routes.get("/lang/:code", (c) => {
		const code = c.req.param("code");
		if (!LANGUAGES.includes(code as Language)) {
			return c.json({ detail: `Unknown language: ${code}` }, 400);
		}
		setCookie(c, "hermes_lang", code, { path: "/", sameSite: "Lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
		const view = authRuntime(app).view(c);
		return c.redirect(
			backPath(c.req.header("referer"), [new URL(c.req.url).origin, view.origin], view.prefix),
			303,
		);
	});
	return routes;
}
