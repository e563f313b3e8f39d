/**
 * @module
 * Unmatched paths: JSON for `/api/*` (clients treat HTML as "endpoint missing"), a
 * small HTML page elsewhere.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function notFound(app: AppContext): (c: Context<AppEnv>) => Response | Promise<Response> {
	return function notFound(c) {
		const path = c.req.path;
		if (path === "/api" || path.startsWith("/api/")) {
			if (c.req.method !== "GET" && c.req.method !== "HEAD") {
				return c.json({ detail: "Method Not Allowed" }, 405);
			}
			return c.json({ detail: `No such API endpoint: ${path}` }, 404);
		}
		if (path.startsWith("/ui/") || c.req.method !== "GET") {
			return c.json({ detail: "Not Found" }, 404);
		}
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "error.not_found"),
			path,
			status: 404,
			body: html`<section class="card"><h1>${t(lang, "error.not_found")}</h1><p><a href="/">${t(lang, "error.back")}</a></p></section>`,
		});
	};
}
