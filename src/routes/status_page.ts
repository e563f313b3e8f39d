/**
 * @module
 * The landing page `/` and its `/ui/status` cards (refreshed while the tab is visible).
 */
import { Hono } from "hono/tiny";
import { statusCards, statusPage } from "../views/status.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import { currentStatus } from "./status.ts";
import { recentSessions } from "./sessions_ui.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function statusPageRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/", async (c) => {
		const lang = languageOf(c);
		const body = statusPage(await currentStatus(app), lang, new Date(), recentSessions(app, lang));
		return renderPage(c, app, { title: t(lang, "status.title"), path: "/", body });
	});

	routes.get("/ui/status", async (c) =>
		c.html(await statusCards(await currentStatus(app), languageOf(c), new Date())),
	);

	return routes;
}
