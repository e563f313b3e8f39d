/**
 * @module
 * `GET /api/status` (public): the one answer every client polls, so it stays in the
 * eagerly loaded app. The landing page lives in `status_page.ts`, loaded on first use.
 */
import { Hono } from "hono/tiny";
import { currentStatus } from "../hermes/status/status.ts";
import { profileFor } from "../http/profile.ts";
import type { AppContext, AppEnv } from "../context.ts";

export function statusRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	routes.get("/api/status", async (c) =>
		c.json(await currentStatus(app, profileFor(app, c.req.query("profile")).home)),
	);
	return routes;
}
