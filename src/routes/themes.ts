/**
 * @module
 * `GET /api/dashboard/themes` (public): built-in and user themes, and the active one.
 */
import { Hono } from "hono/tiny";
import { configuredThemeName, listThemes } from "../hermes/themes/themes.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function themeRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/dashboard/themes", (c) => {
		return c.json({ themes: listThemes(app.home), active: configuredThemeName(app.home) });
	});

	return routes;
}
