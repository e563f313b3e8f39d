/**
 * @module
 * `/healthz` (the process answers) and `/readyz` (it can serve: the home is usable and
 * every registered subsystem check passes).
 */
import { Hono } from "hono/tiny";
import { accessSync, constants } from "node:fs";
import type { AppContext, AppEnv } from "../context.ts";

export function healthRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/healthz", (c) => c.json({ status: "ok" }));

	routes.get("/readyz", async (c) => {
		const checks: Record<string, { ok: boolean; detail?: string }> = {};
		try {
			accessSync(app.home, constants.R_OK | constants.W_OK | constants.X_OK);
			checks.home = { ok: true };
		} catch (error) {
			checks.home = {
				ok: false,
				detail: `Hermes home is not accessible: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
			};
		}
		for (const readiness of app.readinessChecks) {
			try {
				checks[readiness.name] = await readiness.check();
			} catch (error) {
				checks[readiness.name] = { ok: false, detail: (error as Error).message };
			}
		}
		const ready = Object.values(checks).every((check) => check.ok);
		return c.json({ status: ready ? "ready" : "not_ready", checks }, ready ? 200 : 503);
	});

	return routes;
}
