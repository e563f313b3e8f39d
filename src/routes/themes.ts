/**
 * @module
 * `GET /api/dashboard/themes` (public): built-in and user themes, and the active one.
 */
import { Hono } from "hono/tiny";
import { listThemes } from "../hermes/themes/themes.ts";
import { getString, readConfigLenient } from "../hermes/config/yaml.ts";
import { homePaths } from "../hermes/home/paths.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function themeRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/dashboard/themes", (c) => {
		const active = getString(readConfigLenient(homePaths(app.home).config), "dashboard.theme") ?? "default";
		return c.json({ themes: listThemes(app.home), active });
	});

	return routes;
}
