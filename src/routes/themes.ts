/**
 * @module
 * `GET /api/dashboard/themes` (public): built-in and user themes, and the active one.
 * `PUT /api/dashboard/theme`: stores the choice verbatim in the own config.yaml
 * (`dashboard.theme`, no `?profile`, api-contract-clients §5.6) and in a cookie.
 */
import { Hono } from "hono/tiny";
import { setCookie } from "hono/cookie";
import * as v from "valibot";
import { ApiError, jsonBody } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";
import { configuredThemeName, listThemes, THEME_COOKIE } from "../hermes/themes/themes.ts";
import { saveThemeChoice } from "../hermes/themes/save.ts";
import { ConfigParseError, ConfigReadError } from "../hermes/config/yaml.ts";
import type { AppContext, AppEnv } from "../context.ts";

const ThemeBody = v.object({ name: v.string() });

describeRoute({ method: "GET", path: "/api/dashboard/themes", summary: "Built-in and user themes", public: true });
describeRoute({ method: "PUT", path: "/api/dashboard/theme", summary: "Choose the dashboard theme", body: ThemeBody });

/** Cookie values are a restricted character set; other names are remembered only in config.yaml. */
const COOKIE_SAFE = /^[\w.-]{1,128}$/;

export function themeRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/dashboard/themes", (c) => {
		return c.json({ themes: listThemes(app.home), active: configuredThemeName(app.home) });
	});

	routes.put("/api/dashboard/theme", async (c) => {
		const { name } = await jsonBody(c, ThemeBody);
		try {
			await saveThemeChoice(app.home, name, app.env);
		} catch (error) {
			const { ConfigConflictError, ConfigManagedError } = await import("../hermes/config/store.ts");
			if (error instanceof ConfigManagedError) {
				throw new ApiError(403, error.message);
			}
			if (error instanceof ConfigConflictError || error instanceof ConfigReadError) {
				throw new ApiError(409, error.message);
			}
			if (error instanceof ConfigParseError) {
				throw new ApiError(400, error.message);
			}
			throw error;
		}
		if (COOKIE_SAFE.test(name)) {
			// Lets the next page render in this theme even where config.yaml names none (see resolveActiveTheme).
			setCookie(c, THEME_COOKIE, name, { path: "/", sameSite: "Lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
		}
		return c.json({ ok: true, theme: name });
	});

	return routes;
}
