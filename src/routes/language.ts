/**
 * @module
 * `GET /lang/<code>`: remembers the chosen language in a cookie and goes back to the
 * page the user came from (same-origin paths only). Works without JavaScript.
 */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { LANGUAGES, type Language } from "../views/i18n.ts";
import type { AppEnv } from "../context.ts";

/** A same-origin path from a Referer, or "/". */
function backPath(referer: string | undefined, origin: string): string {
	if (referer === undefined) {
		return "/";
	}
	try {
		const url = new URL(referer);
		return url.origin === origin && !url.pathname.startsWith("//") ? url.pathname + url.search : "/";
	} catch {
		return "/";
	}
}

export function languageRoutes(): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	routes.get("/lang/:code", (c) => {
		const code = c.req.param("code");
		if (!LANGUAGES.includes(code as Language)) {
			return c.json({ detail: `Unknown language: ${code}` }, 400);
		}
		setCookie(c, "hermes_lang", code, { path: "/", sameSite: "Lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
		return c.redirect(backPath(c.req.header("referer"), new URL(c.req.url).origin), 303);
	});
	return routes;
}
