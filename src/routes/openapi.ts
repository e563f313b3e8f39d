/**
 * @module
 * `GET /api/openapi.json` (the OpenAPI 3.1 document, session token required like the rest
 * of `/api/`) and `/api-docs`, the same document as a server-rendered page for curl users.
 *
 * The document lists what the router really serves: every lazy area is loaded and its
 * routes enumerated, plus the app's own. Built once per process (routes never change
 * while it runs).
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import { openAPIDocument, type RouteLike } from "../http/openapi.ts";
import { apiDocsPage } from "../views/api_docs.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

/** Every (method, path) the app answers: its own routes and each lazy area's. */
async function servedRoutes(app: AppContext): Promise<RouteLike[]> {
	// Imported here, not at the top: app.ts imports this module lazily itself.
	const { createApp, LAZY_AREAS } = await import("../app.ts");
	const areas = await Promise.all(LAZY_AREAS.map(async (area) => (await area.load())(app).routes));
	return [...createApp(app).routes, ...areas.flat()].map((route) => ({ method: route.method, path: route.path }));
}

export function openAPIRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	let document: Promise<Record<string, unknown>> | undefined;

	function built(): Promise<Record<string, unknown>> {
		document ??= servedRoutes(app).then((served) => openAPIDocument(served, app.version));
		document.catch(() => {
			document = undefined;
		});
		return document;
	}

	routes.get("/api/openapi.json", async (c) => c.json(await built()));

	routes.get("/api-docs", async (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "api_docs.title"),
			path: "/api-docs",
			body: apiDocsPage(await built(), lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/files.css")}">`,
		});
	});

	return routes;
}
