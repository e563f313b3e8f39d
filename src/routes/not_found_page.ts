/**
 * @module
 * The HTML 404 page, in the dashboard's shell.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function notFoundPage(c: Context<AppEnv>, app: AppContext): Promise<Response> {
	const lang = languageOf(c);
	return renderPage(c, app, {
		title: t(lang, "error.not_found"),
		path: c.req.path,
		status: 404,
		body: html`<section class="card"><h1>${t(lang, "error.not_found")}</h1><p><a href="/">${t(lang, "error.back")}</a></p></section>`,
	});
}
