/**
 * Plugin failures stay with the plugin: a server module that throws on import, a server
 * path that leaves `dashboard/`, a Python-only backend and a plugin that is not enabled
 * each answer for themselves while the shell and the other plugins keep working; and
 * tab placement rules on their own.
 */
import { describe, expect, it } from "vitest";
import { appendFileSync, existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, attrs, parseHTML, textOf } from "../helpers/dom.ts";
import { homeWithPlugins, writePlugin } from "./plugin_runtime_fixture.ts";
import { placeTabs, type RuntimePlugin } from "../../src/hermes/plugins/runtime.ts";
import { normaliseManifest } from "../../src/hermes/plugins/manifests.ts";

const home = homeWithPlugins();
const marker = join(home, "..", "imported.txt");
const markingModule = `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "imported");\nexport default { fetch: () => new Response("reached") };\n`;
writeFileSync(join(home, "..", "outside.js"), markingModule);
writePlugin(home, "escape", { tab: { path: "/escape" }, server: "../../outside.js" });
writePlugin(home, "linked", { tab: { path: "/linked" }, server: "server.js" });
symlinkSync(join(home, "..", "outside.js"), join(home, "plugins", "linked", "dashboard", "server.js"));
// Installed but not in plugins.enabled: its module must never be imported.
writePlugin(home, "dormant", { tab: { path: "/dormant" }, server: "server.js" }, { "server.js": markingModule });
// Wrong types everywhere: discovery keeps it, the runtime must not trip over it.
writePlugin(home, "odd-manifest", {
	label: { not: "a string" },
	tab: { path: 42, position: ["end"] },
	slots: "header-left",
	entry: 7,
	server: false,
});
writePlugin(home, "relative-tab", { label: "Relative", tab: { path: "relative" } }, { "dist/index.js": "" });
// homeWithPlugins' `plugins.enabled` list ends the file: these items extend it.
appendFileSync(join(home, "config.yaml"), "  - escape\n  - linked\n  - odd-manifest\n  - relative-tab\n");

const request = testClient(makeContext({ home }));

describe("plugin isolation", () => {
	it("a server module that throws on import: a warning in its tab and slot, the rest intact", async () => {
		const tab = await request("/broken");
		expect(tab.status).toBe(200);
		const markup = await tab.text();
		expect(markup).not.toContain("sk-abcdefghijklmnopqrstuvwxyz123456");
		const page = parseHTML(markup);
		// The tab's warning and the header slot's: the badge of the healthy plugin stays.
		const warnings = $$(page, '[data-testid="plugin-warning"]').map(textOf);
		expect(warnings.some((text) => text.startsWith("Plugin “broken” failed to load: boom while importing"))).toBe(
			true,
		);
		const header = $(page, '[data-plugin-slot="header-right"]');
		$(header, '[data-testid="hello-badge"]');
		expect(textOf($(header, '[data-plugin="broken"]'))).toContain("failed to load");

		const api = await request("/api/plugins/broken/anything");
		expect(api.status).toBe(502);
		expect((await api.json()).detail).toMatch(/^Plugin 'broken' failed to load: boom while importing/);
		expect((await request("/api/plugins/hello-dashboard/status")).status).toBe(200);
		expect((await request("/sessions")).status).toBe(200);
	});

	it("says the warning and the notice in the page's language", async () => {
		const headers = { Cookie: "hermes_lang=zh" };
		expect(await (await request("/broken", { headers })).text()).toContain(
			"插件“broken”加载失败：boom while importing",
		);
		expect(await (await request("/py", { headers })).text()).toContain("需要 Python 版仪表盘");
	});

	it("a Python backend gets a notice, and its API calls a clear answer", async () => {
		const page = parseHTML(await (await request("/py")).text());
		$(page, '[data-testid="plugin-python-notice"]');
		$(page, '[data-plugin-root="py-backend"]');
		// Its browser bundle runs here, so this page (and only such pages) loads React and the host.
		const scripts = attrs(page, "script[src]", "src").map((src) => src.split("?")[0]);
		expect(scripts).toEqual(expect.arrayContaining(["/plugin-host/react.js", "/static/js/plugin_host.js"]));
		const bundles = JSON.parse($(page, 'meta[name="hermes-plugins"]').getAttribute("content")!) as {
			scripts: { src: string }[];
		};
		expect(bundles.scripts.map((script) => script.src)).toContain("/dashboard-plugins/py-backend/dist/index.js");
		const api = await request("/api/plugins/py-backend/stats");
		expect(api.status).toBe(501);
		expect(await api.json()).toEqual({
			detail: "Plugin 'py-backend' has a Python backend: it needs the Python dashboard (hermes dashboard).",
		});
	});

	it("a server path outside dashboard/ is refused and never imported", async () => {
		expect(await (await request("/escape")).text()).toContain("Invalid server module path: ../../outside.js");
		expect(await (await request("/linked")).text()).toContain("Server module outside the plugin folder: server.js");
		expect((await request("/api/plugins/linked/x")).status).toBe(502);
		expect(existsSync(marker)).toBe(false);
	});

	it("a plugin that is not enabled has no tab, no page, no routes, and is never imported", async () => {
		expect((await request("/dormant")).status).toBe(404);
		expect((await request("/plugins/dormant/")).status).toBe(404);
		expect((await request("/api/plugins/dormant/x")).status).toBe(404);
		expect(attrs(parseHTML(await (await request("/")).text()), "a[href]", "href")).not.toContain("/dormant");
		expect(existsSync(marker)).toBe(false);
	});
});

describe("odd manifests", () => {
	it("a manifest with wrong types adds no tab and breaks no page; its page says it has none", async () => {
		const home = await request("/");
		expect(home.status).toBe(200);
		expect($$(parseHTML(await home.text()), '[data-plugin-tab="odd-manifest"]')).toHaveLength(0);
		const page = await request("/plugins/odd-manifest/");
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("Plugin “odd-manifest” has no page: its entry file is missing.");
	});

	it("a tab path without its leading slash gets one", async () => {
		const tab = $(parseHTML(await (await request("/")).text()), 'a[data-plugin-tab="relative-tab"]');
		expect(tab.getAttribute("href")).toBe("/relative");
		expect(tab.classList.contains("active")).toBe(false);
		$(parseHTML(await (await request("/relative")).text()), '[data-plugin-root="relative-tab"]');
	});
});

describe("tab placement", () => {
	const builtins = ["/", "/sessions", "/logs"].map((path) => ({ path }));
	function plugin(name: string, tab: Record<string, unknown>): RuntimePlugin {
		const manifest = normaliseManifest({ name, tab }, name, "user");
		return {
			name,
			manifest,
			dashboardDir: "",
			userHidden: false,
			server: null,
			script: null,
			css: null,
			pythonBackend: false,
		};
	}
	const paths = (plugins: RuntimePlugin[]) => placeTabs(builtins, plugins).map((entry) => entry.path);

	it("places end, after:, before:, status as '/', and unknown segments at the end", () => {
		expect(paths([plugin("a", { position: "after:status" })])).toEqual(["/", "/a", "/sessions", "/logs"]);
		expect(paths([plugin("b", { position: "before:/sessions" })])).toEqual(["/", "/b", "/sessions", "/logs"]);
		expect(paths([plugin("c", { position: "after:nowhere" }), plugin("d", {})])).toEqual([
			"/",
			"/sessions",
			"/logs",
			"/c",
			"/d",
		]);
		// Earlier plugin tabs are places too.
		expect(paths([plugin("e", { position: "after:logs" }), plugin("f", { position: "before:e" })])).toEqual([
			"/",
			"/sessions",
			"/logs",
			"/f",
			"/e",
		]);
	});

	it("adds no entry for hidden or overriding tabs", () => {
		expect(paths([plugin("g", { hidden: true }), plugin("h", { override: "/logs" })])).toEqual([
			"/",
			"/sessions",
			"/logs",
		]);
	});
});
