/**
 * @module
 * The landing page `/` and its `/ui/status` cards (refreshed while the tab is visible).
 */
import { Hono } from "hono/tiny";
import { currentStatus } from "../hermes/status/status.ts";
import { recentSessions } from "../hermes/sessions/query.ts";
import { StateDBError } from "../hermes/sessions/state_db.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import { recentSessionsTable, statusCards, statusPage } from "../views/status.ts";
import { storeErrorBanner } from "../views/sessions.ts";
import { t, type Language } from "../views/i18n.ts";
import type { Markup } from "../views/layout.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function statusPageRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function recentBlock(lang: Language): Markup {
		try {
			return recentSessionsTable(recentSessions(homePaths(app.home).stateDB, nowSeconds(app.clock)), lang);
		} catch (error) {
			if (error instanceof StateDBError) return storeErrorBanner(error.message);
			throw error;
		}
	}

	routes.get("/", async (c) => {
		const lang = languageOf(c);
		const body = statusPage(await currentStatus(app), lang, new Date(app.clock.now()), recentBlock(lang));
		return renderPage(c, app, { title: t(lang, "status.title"), path: "/", body });
	});

	routes.get("/ui/status", async (c) =>
		c.html(await statusCards(await currentStatus(app), languageOf(c), new Date(app.clock.now()))),
	);

	return routes;
}
