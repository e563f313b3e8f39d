/**
 * Lazily loaded page areas: each area's declared paths must cover every route its
 * module registers (a route outside them would be unreachable), and the app answers
 * through them on first use.
 */
import { describe, expect, it } from "vitest";
import { Hono } from "hono/tiny";
import { createApp, LAZY_AREAS } from "../../src/app.ts";
import { makeContext, testClient, TEST_TOKEN } from "../helpers/app.ts";

const context = makeContext();

/** A concrete path for a route pattern: parameters and wildcards filled in. */
function concretePath(pattern: string): string {
	return pattern.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "x").replace(/\*$/, "x");
}

describe("lazy areas", () => {
	it.each(LAZY_AREAS.map((area) => [area.paths.join(" "), area] as const))(
		"%s: every route is reachable",
		async (_name, area) => {
			const routes = (await area.load())(context).routes.filter((route) => route.method !== "ALL");
			expect(routes.length).toBeGreaterThan(0);
			const declared = new Hono();
			for (const path of area.paths) {
				declared.all(path, (c) => c.text("area"));
			}
			for (const route of routes) {
				const response = await declared.request(concretePath(route.path), { method: route.method });
				expect(await response.text(), `${route.method} ${route.path}`).toBe("area");
			}
		},
	);

	it("no two areas claim the same path", () => {
		const paths = LAZY_AREAS.flatMap((area) => area.paths);
		expect(new Set(paths).size).toBe(paths.length);
	});

	it("a path served by an area answers through the app on first use", async () => {
		const request = testClient(makeContext());
		const headers = { "X-Hermes-Session-Token": TEST_TOKEN };
		expect((await request("/api/sessions?limit=1", { headers })).status).toBe(200);
		expect((await request("/api/dashboard/themes", { headers })).status).toBe(200);
		const page = await request("/");
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("data-testid");
		expect((await request("/favicon.ico")).headers.get("content-type")).toContain("svg");
	});

	it("tells the adapter once per area when its code has loaded (Node then writes its compile cache)", async () => {
		const context = makeContext();
		let loads = 0;
		const app = createApp(context, { codeLoaded: () => loads++ });
		const get = (path: string) =>
			app.request(
				`http://127.0.0.1:${context.port}${path}`,
				{
					headers: { host: `127.0.0.1:${context.port}`, "x-hermes-session-token": context.sessionToken },
				},
				{ incoming: { socket: { remoteAddress: "127.0.0.1" } } },
			);
		expect((await get("/api/status")).status).toBe(200);
		expect(loads).toBe(0);
		expect(
			(await Promise.all([get("/api/sessions?limit=1"), get("/api/sessions?limit=2")])).map((r) => r.status),
		).toEqual([200, 200]);
		expect(loads).toBe(1);
		expect((await get("/api/logs?file=agent&lines=5")).status).toBe(200);
		expect((await get("/api/sessions?limit=3")).status).toBe(200);
		expect(loads).toBe(2);
	});
});
