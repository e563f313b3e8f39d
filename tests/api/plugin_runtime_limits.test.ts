/**
 * The runtime's limits: a plugin whose markup never comes is cut off (the page renders
 * with a warning in its slot), a server that answers something other than a Response is
 * that plugin's 502, and behind sign-in a plugin's tab and routes are gated like any page
 * and API route.
 */
import { describe, expect, it } from "vitest";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { EXAMPLE_PLUGIN, enablePlugins, homeWithPlugins, writePlugin } from "./plugin_runtime_fixture.ts";
import { pluginShell } from "../../src/hermes/plugins/runtime_shell.ts";
import { activePlugin, loadServer } from "../../src/hermes/plugins/runtime.ts";
import { ProviderRegistry } from "../../src/auth/registry.ts";

describe("a plugin that never answers", () => {
	const home = copyFixtureHome();
	cpSync(EXAMPLE_PLUGIN, join(home, "plugins", "hello-dashboard"), { recursive: true });
	writePlugin(
		home,
		"hung",
		{ name: "hung", tab: { path: "/hung" }, slots: ["header-right"], server: "server.js" },
		{
			"server.js":
				"export default (host) => { const app = new host.Hono(); app.get('/slots/header-right', () => new Promise(() => {})); app.get('/', () => new Promise(() => {})); app.get('/odd', () => ({})); return app; };\n",
		},
	);
	enablePlugins(home, ["hello-dashboard", "hung"]);

	it("gets a warning in its slot and tab after the timeout; the others still render", async () => {
		// The example's module is imported first, so its answer is not what the wait is spent on.
		const hello = activePlugin(home, {}, "hello-dashboard");
		expect(hello && (await loadServer(hello, home)).ok).toBe(true);
		const shell = await pluginShell(home, {}, new Request("http://127.0.0.1/hung"), "/hung", "hung", 300);
		const header = shell?.slots["header-right"] ?? [];
		expect(header.find((fill) => fill.plugin === "hung")?.warning).toEqual({ key: "timed_out", detail: "300" });
		expect(header.find((fill) => fill.plugin === "hello-dashboard")?.html).toContain("hello-badge");
		expect(shell?.tab?.warning).toEqual({ key: "timed_out", detail: "300" });
	});

	it("answering a non-Response is its own 502", async () => {
		const request = testClient(makeContext({ home }));
		const response = await request("/api/plugins/hung/odd");
		expect(response.status).toBe(502);
		expect(await response.json()).toEqual({
			detail: "Plugin 'hung' failed: The plugin did not answer with a Response.",
		});
	});
});

describe("behind sign-in", () => {
	const context = makeContext({
		home: homeWithPlugins(),
		host: "fly-app.fly.dev",
		providers: new ProviderRegistry(),
	});
	const request = testClient(context);
	const send = (path: string) =>
		request(path, { token: false, peer: "203.0.113.9", headers: { host: "fly-app.fly.dev" } });

	it("a plugin's tab redirects to sign-in and its routes answer 401", async () => {
		for (const path of ["/hello", "/plugins/hello-dashboard/", "/cron"]) {
			const page = await send(path);
			expect(page.status, path).toBe(302);
			expect(page.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
		}
		expect((await send("/api/plugins/hello-dashboard/status")).status).toBe(401);
	});
});
