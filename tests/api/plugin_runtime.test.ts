/**
 * The plugin runtime over HTTP on a copy of the fixture home: the example plugin's tab
 * lands after Sessions, fills its header and Sessions slots, and its server routes
 * answer under /api/plugins/<name>/ (token required); disabling it through the agent
 * plugin API removes its tab, slots and routes, and enabling brings them back.
 */
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, attrs, parseHTML } from "../helpers/dom.ts";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { homeWithPlugins, writePlugin } from "./plugin_runtime_fixture.ts";

const context = makeContext({ home: homeWithPlugins() });
const request = testClient(context);

/** The fixture's `plugins.enabled` list ends config.yaml: these items extend it. */
function enableMore(names: string[]): void {
	appendFileSync(join(context.home, "config.yaml"), names.map((name) => `  - ${name}\n`).join(""));
}

/** A page of the app, parsed. */
async function pageAt(path: string): Promise<Document> {
	return parseHTML(await (await request(path)).text());
}

/** The sidebar's links, in order. */
async function navPaths(path = "/"): Promise<string[]> {
	return attrs($(await pageAt(path), "nav.sidebar"), "a[href]", "href");
}

/** Whether the plugin's header badge is on the page. */
async function hasBadge(path: string): Promise<boolean> {
	return $$(await pageAt(path), '[data-testid="hello-badge"]').length > 0;
}

/** The sidebar link marked as the current page. */
function activeLink(page: Document): Element {
	return $(page, "nav.sidebar a.active");
}

describe("example plugin", () => {
	it("is listed by the manifest API without our extension key", async () => {
		const list = (await (await request("/api/dashboard/plugins")).json()) as Record<string, unknown>[];
		const hello = list.find((plugin) => plugin.name === "hello-dashboard");
		expect(hello).toMatchObject({
			label: "Hello",
			tab: { path: "/hello", position: "after:sessions" },
			has_api: false,
		});
		expect(hello).not.toHaveProperty("server");
	});

	it("adds its tab right after Sessions, and positions before:/unknown tabs", async () => {
		const paths = await navPaths();
		expect(paths.indexOf("/hello")).toBe(paths.indexOf("/sessions") + 1);
		expect(paths.indexOf("/py")).toBe(paths.indexOf("/logs") - 1);
		expect(paths.filter((path) => path === "/cron")).toHaveLength(1);
		expect(paths).not.toContain("/cron-plus");
		expect(paths).toContain("/broken");
	});

	it("fills the header slot on every page and sessions:top only on Sessions", async () => {
		const home = await pageAt("/");
		$(home, '[data-plugin-slot="header-right"] [data-testid="hello-badge"]');
		expect($$(home, '[data-testid="hello-sessions-top"]')).toHaveLength(0);
		const sessions = await pageAt("/sessions");
		const top = $(sessions, '[data-testid="hello-sessions-top"]');
		// The slot sits above the session list, in document order.
		const order = $$(sessions, "*");
		expect(order.indexOf(top)).toBeLessThan(order.indexOf($(sessions, "#session-list")));
	});

	it("serves its tab page at its path and at /plugins/<name>/, marked active", async () => {
		for (const path of ["/hello", "/plugins/hello-dashboard/", "/plugins/hello-dashboard"]) {
			const response = await request(path);
			expect(response.status, path).toBe(200);
			const page = parseHTML(await response.text());
			$(page, '[data-testid="hello-page"]');
			const active = activeLink(page);
			expect([active.getAttribute("href"), active.getAttribute("aria-current")]).toEqual(["/hello", "page"]);
		}
		// Its own stylesheet is linked, and served from its dashboard/ folder.
		expect(attrs(await pageAt("/hello"), 'link[rel="stylesheet"]', "href")).toContain(
			"/dashboard-plugins/hello-dashboard/hello.css",
		);
		expect((await request("/dashboard-plugins/hello-dashboard/hello.css")).headers.get("content-type")).toContain(
			"text/css",
		);
		// A plugin page that runs no browser script loads neither React nor the host.
		expect(await (await request("/hello")).text()).not.toContain("/plugin-host/react.js");
	});

	it("answers its server routes under /api/plugins/<name>/ with the token only", async () => {
		const status = await request("/api/plugins/hello-dashboard/status?x=1");
		expect(status.status).toBe(200);
		expect(await status.json()).toMatchObject({ plugin: "hello-dashboard" });
		expect((await request("/api/plugins/hello-dashboard/status", { token: false })).status).toBe(401);

		const greet = await request("/api/plugins/hello-dashboard/greet", {
			method: "POST",
			body: new URLSearchParams({ name: "<b>Ada</b>" }),
		});
		expect(greet.status).toBe(200);
		expect(await greet.text()).toContain("Hello, &lt;b&gt;Ada&lt;/b&gt;!");
		expect(await (await request("/api/plugins/hello-dashboard/status")).json()).toEqual({
			plugin: "hello-dashboard",
			greetings: 1,
		});
		const empty = await request("/api/plugins/hello-dashboard/greet", {
			method: "POST",
			body: new URLSearchParams(),
		});
		expect(empty.status).toBe(400);
		expect((await request("/api/plugins/hello-dashboard/nope")).status).toBe(404);
	});

	it("an unknown plugin's routes and page are 404", async () => {
		const api = await request("/api/plugins/no-such/x");
		expect(api.status).toBe(404);
		expect(await api.json()).toEqual({ detail: "Plugin not found" });
		expect((await request("/plugins/no-such/")).status).toBe(404);
		expect((await request("/no-such-tab")).status).toBe(404);
	});

	it("a tab path that collides with a built-in page or sign-in does not replace it", async () => {
		writePlugin(context.home, "squatter", { name: "squatter", tab: { path: "/sessions" } }, {});
		writePlugin(context.home, "login-squatter", { name: "login-squatter", tab: { path: "/login" } }, {});
		enableMore(["squatter", "login-squatter"]);
		await request("/api/dashboard/plugins/rescan");
		$(await pageAt("/sessions"), "#session-list");
		expect((await request("/login")).status).not.toBe(200);
	});

	it("overrides a built-in page without adding a tab", async () => {
		const cron = await pageAt("/cron");
		$(cron, '[data-testid="cron-override"]');
		expect(activeLink(cron).getAttribute("href")).toBe("/cron");
	});

	it("disabling removes its tab, slots and routes; enabling restores them", async () => {
		const disable = await request("/api/dashboard/agent-plugins/hello-dashboard/disable", { method: "POST" });
		expect(await disable.json()).toEqual({ ok: true, name: "hello-dashboard", unchanged: false });
		expect(await navPaths()).not.toContain("/hello");
		expect(await hasBadge("/")).toBe(false);
		expect((await request("/hello")).status).toBe(404);
		expect((await request("/plugins/hello-dashboard/")).status).toBe(404);
		const api = await request("/api/plugins/hello-dashboard/status");
		expect(api.status).toBe(404);
		expect(await api.json()).toEqual({ detail: "Plugin not found" });

		await request("/api/dashboard/agent-plugins/hello-dashboard/enable", { method: "POST" });
		expect(await navPaths()).toContain("/hello");
		expect((await request("/api/plugins/hello-dashboard/status")).status).toBe(200);
	});

	it("hiding from the sidebar drops the tab and slots but keeps its routes", async () => {
		await request("/api/dashboard/plugins/hello-dashboard/visibility", {
			method: "POST",
			body: JSON.stringify({ hidden: true }),
			headers: { "Content-Type": "application/json" },
		});
		expect(await navPaths()).not.toContain("/hello");
		expect(await hasBadge("/")).toBe(false);
		expect((await request("/api/plugins/hello-dashboard/status")).status).toBe(200);
		await request("/api/dashboard/plugins/hello-dashboard/visibility", {
			method: "POST",
			body: JSON.stringify({ hidden: false }),
			headers: { "Content-Type": "application/json" },
		});
		expect(await navPaths()).toContain("/hello");
	});

	it("serves React's UMD builds for browser bundles, nothing else", async () => {
		for (const file of ["react.js", "react-dom.js"]) {
			const response = await request(`/plugin-host/${file}`);
			expect(response.status).toBe(200);
			expect(response.headers.get("content-type")).toContain("javascript");
			expect(await response.text()).toContain("18.3.1");
		}
		expect((await request("/plugin-host/..%2Fpackage.json")).status).toBe(404);
		expect((await request("/plugin-host/react-dom-server.js")).status).toBe(404);
	});
});
