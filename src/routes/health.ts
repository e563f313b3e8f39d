/**
 * @module
 * `/healthz` (the process answers) and `/readyz` (it can serve: the home is usable,
 * state.db opens and reads, and every registered subsystem check passes).
 */
import { Hono } from "hono/tiny";
import { accessSync, constants } from "node:fs";
import { homePaths } from "../hermes/home/paths.ts";
import type { AppContext, AppEnv } from "../context.ts";

/** How long a state.db probe result is reused: probes may come every second from several platforms. */
export const STATE_DB_PROBE_TTL_MS = 5000;

interface Check {
	ok: boolean;
	detail?: string;
}

/** The state.db readiness check, its result cached for STATE_DB_PROBE_TTL_MS of `app.clock`. */
function stateDBCheck(app: AppContext): () => Promise<Check> {
	let cached: { at: number; result: Check } | undefined;
	return async () => {
		const now = app.clock.now();
		if (cached !== undefined && now - cached.at < STATE_DB_PROBE_TTL_MS) {
			return cached.result;
		}
		// Loaded on the first probe: node:sqlite stays out of the cold start.
		const { probeStateDB } = await import("../hermes/sessions/state_db.ts");
		const failure = probeStateDB(homePaths(app.home).stateDB);
		const result: Check = failure === null ? { ok: true } : { ok: false, detail: failure.message };
		cached = { at: now, result };
		return result;
	};
}

export function healthRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const stateDB = stateDBCheck(app);

	routes.get("/healthz", (c) => c.json({ status: "ok" }));

	routes.get("/readyz", async (c) => {
		const checks: Record<string, Check> = {};
		try {
			accessSync(app.home, constants.R_OK | constants.W_OK | constants.X_OK);
			checks.home = { ok: true };
		} catch (error) {
			checks.home = {
				ok: false,
				detail: `Hermes home is not accessible: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
			};
		}
		for (const readiness of [{ name: "state_db", check: stateDB }, ...app.readinessChecks]) {
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
