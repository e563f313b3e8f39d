/**
 * @module
 * Unmatched paths: JSON for `/api/*` (clients treat HTML as "endpoint missing"), a
 * small HTML page elsewhere. The page's views load on the first HTML 404.
 */
import type { Context } from "hono";
import type { AppContext, AppEnv } from "../context.ts";

export function notFound(app: AppContext): (c: Context<AppEnv>) => Response | Promise<Response> {
	return function notFound(c) {
		const path = c.req.path;
		if (path === "/api" || path.startsWith("/api/")) {
			if (c.req.method !== "GET" && c.req.method !== "HEAD") {
				return c.json({ detail: "Method Not Allowed" }, 405);
			}
			return c.json({ detail: `No such API endpoint: ${path}` }, 404);
		}
		if (path.startsWith("/ui/") || c.req.method !== "GET") {
			return c.json({ detail: "Not Found" }, 404);
		}
		return import("./not_found_page.ts").then(({ notFoundPage }) => notFoundPage(c, app));
	};
}
