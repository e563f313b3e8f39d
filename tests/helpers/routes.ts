/**
 * Every route the app registers, lazy areas included (their modules are loaded here so
 * their real routes are enumerated), as method + pattern pairs.
 */
import { createApp, LAZY_AREAS } from "../../src/app.ts";
import type { AppContext } from "../../src/context.ts";

export interface RouteEntry {
	method: string;
	pattern: string;
}

/** A concrete path for a route pattern: parameters and wildcards replaced by `fill`. */
export function concretePath(pattern: string, fill = "x"): string {
	return pattern.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, fill).replace(/\*$/, fill);
}

/**
 * Every registered (method, pattern), the app's own and every lazy area's. `ALL` entries
 * (area mounts, middleware) are kept: their filled-in paths probe unknown subpaths.
 */
export async function allRoutes(context: AppContext): Promise<RouteEntry[]> {
	const areaRoutes = (await Promise.all(LAZY_AREAS.map(async (area) => (await area.load())(context).routes))).flat();
	const seen = new Map<string, RouteEntry>();
	for (const route of [...createApp(context).routes, ...areaRoutes]) {
		seen.set(`${route.method} ${route.path}`, { method: route.method, pattern: route.path });
	}
	return [...seen.values()].sort((a, b) => `${a.pattern} ${a.method}`.localeCompare(`${b.pattern} ${b.method}`));
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);
