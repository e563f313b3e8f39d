/**
 * The plugin runtime under Deno: the example plugin's TypeScript server module is
 * imported by Deno's own loader, its tab and slot render, its route answers with the
 * token, and a plugin that throws on import stays a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENO_COMMAND, startServer, type RunningServer } from "../helpers/server.ts";
import { $, parseHTML, textOf, sessionTokenOf } from "../helpers/dom.ts";
import { homeWithPlugins } from "./plugin_runtime_fixture.ts";

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ command: DENO_COMMAND, args: ["--home", homeWithPlugins()], timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
	await server?.stop();
});

describe("plugin runtime under Deno", () => {
	it("renders the example's tab and slot, answers its route, and isolates a broken plugin", async () => {
		const markup = await (await fetch(`${server.baseURL}/hello`)).text();
		const page = parseHTML(markup);
		$(page, '[data-testid="hello-page"]');
		$(page, '[data-testid="hello-badge"]');
		expect(textOf($(page, '[data-plugin="broken"] [data-testid="plugin-warning"]'))).toMatch(
			/^Plugin “broken” failed to load: boom while importing/,
		);
		const token = sessionTokenOf(markup);
		const status = await fetch(`${server.baseURL}/api/plugins/hello-dashboard/status`, {
			headers: { "X-Hermes-Session-Token": token },
		});
		expect(status.status).toBe(200);
		expect(await status.json()).toMatchObject({ plugin: "hello-dashboard" });
		expect((await fetch(`${server.baseURL}/plugin-host/react.js`)).status).toBe(200);
	});
});
