/**
 * @module
 * Status: `GET /api/status` (public), the landing page `/` and its `/ui/status` cards.
 */
import { Hono } from "hono/tiny";
import { buildStatus, type StatusPayload } from "../hermes/status.ts";
import { noRecentSessions, statusCards, statusPage } from "../views/status.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import type { Markup } from "../views/layout.ts";

/** Renders the recent-sessions block; replaced once the sessions store is wired in. */
export type RecentSessionsRenderer = (app: AppContext, lang: ReturnType<typeof languageOf>) => Markup;

export function statusRoutes(app: AppContext, recent?: RecentSessionsRenderer): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function status(): Promise<StatusPayload> {
		return buildStatus({
			home: app.home,
			env: app.env,
			authRequired: app.mode === "gated",
			authProviders: app.providers.list().map((provider) => provider.name),
		});
	}

	routes.get("/api/status", async (c) => c.json(await status()));

	routes.get("/", async (c) => {
		const lang = languageOf(c);
		const body = statusPage(await status(), lang, new Date(), recent?.(app, lang) ?? noRecentSessions(lang));
		return renderPage(c, app, { title: t(lang, "status.title"), path: "/", body });
	});

	routes.get("/ui/status", async (c) => c.html(await statusCards(await status(), languageOf(c), new Date())));

	return routes;
}
