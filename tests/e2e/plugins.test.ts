/**
 * Dashboard plugins in real Chromium, on a copy of the fixture home with the example
 * plugin and plugins written here: a React bundle using the register API renders its tab
 * and a footer slot (typing re-renders it, its fetch carries the token), the example's
 * server-rendered form posts to its route, scripts that throw or components that fail
 * leave the shell and the other plugins working, and disabling removes the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { homeWithPlugins, writePlugin } from "../api/plugin_runtime_fixture.ts";

/** A bundle as Hermes's plugins are built: an IIFE that takes React from the SDK global. */
const REACT_BUNDLE = `(function () {
	var SDK = window.__HERMES_PLUGIN_SDK__;
	var h = SDK.React.createElement;
	function Page() {
		var text = SDK.hooks.useState("");
		var owner = SDK.hooks.useState("");
		SDK.hooks.useEffect(function () {
			SDK.fetchJSON("/api/plugins/hello-dashboard/status").then(function (data) { owner[1](data.plugin); });
		}, []);
		return h(SDK.components.Card, null,
			h(SDK.components.Input, { "data-testid": "react-input", value: text[0], onChange: function (e) { text[1](e.target.value); } }),
			h("p", { "data-testid": "react-echo" }, "Echo: " + text[0]),
			h("p", { "data-testid": "react-fetch" }, owner[0]),
			h(SDK.components.NoSuchWidget, { "data-testid": "react-unknown" }, "fallback"));
	}
	window.__HERMES_PLUGINS__.register("react-demo", Page);
	window.__HERMES_PLUGINS__.registerSlot("react-demo", "footer-right", function () {
		return h("span", { "data-testid": "react-footer" }, "footer from React");
	});
})();
`;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	const home = homeWithPlugins();
	writePlugin(
		home,
		"react-demo",
		{
			name: "react-demo",
			label: "React demo",
			tab: { path: "/react-demo", position: "after:hello" },
			slots: ["footer-right"],
		},
		{ "dist/index.js": REACT_BUNDLE },
	);
	writePlugin(
		home,
		"script-error",
		{ name: "script-error", tab: { path: "/script-error" }, slots: ["header-left"] },
		{ "dist/index.js": 'throw new Error("bundle exploded");\n' },
	);
	writePlugin(
		home,
		"render-error",
		{ name: "render-error", tab: { path: "/render-error", hidden: true } },
		{
			"dist/index.js":
				'window.__HERMES_PLUGINS__.register("render-error", function () { throw new Error("render exploded"); });\n',
		},
	);
	appendFileSync(join(home, "config.yaml"), "  - react-demo\n  - script-error\n  - render-error\n");
	server = await startServer({ args: ["--home", home] });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe("plugins in Chromium", () => {
	it("renders a React bundle's tab and slot through the register API", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/react-demo`);
		await page.getByTestId("react-echo").waitFor();
		await page.getByTestId("react-input").fill("hi there");
		await expect.poll(() => page.getByTestId("react-echo").textContent()).toBe("Echo: hi there");
		await expect.poll(() => page.getByTestId("react-fetch").textContent()).toBe("hello-dashboard");
		expect(await page.getByTestId("react-unknown").textContent()).toBe("fallback");
		expect(await page.locator('[data-plugin-slot="footer-right"] [data-testid=react-footer]').textContent()).toBe(
			"footer from React",
		);
		expect(await page.locator('a[aria-current="page"]').getAttribute("href")).toBe("/react-demo");
		// The tab sits where its manifest asked: right after the example plugin's tab.
		const links = await page
			.locator(".sidebar a")
			.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
		expect(links.indexOf("/react-demo")).toBe(links.indexOf("/hello") + 1);
		// The strict CSP held: no inline script or eval was needed.
		expect(browser.errors.filter((error) => /Content Security Policy|unsafe-eval/.test(error))).toEqual([]);
	});

	it("a throwing script warns in its own slot; the shell and the other plugins keep working", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		const slot = page.locator(
			'[data-plugin-slot="header-left"] [data-plugin="script-error"] [data-testid=plugin-warning]',
		);
		await slot.waitFor();
		expect(await slot.textContent()).toContain("bundle exploded");
		expect(await page.getByTestId("hello-sessions-top").count()).toBe(1);
		await page.getByTestId("react-footer").waitFor();
		await page.locator(".sidebar a[href='/hello']").click();
		await page.getByTestId("hello-page").waitFor();
	});

	it("a component that throws while rendering shows a warning in its tab", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/render-error`);
		const warning = page.locator("[data-plugin-root=render-error] [data-testid=plugin-warning]");
		await warning.waitFor();
		expect(await warning.textContent()).toBe("Plugin “render-error” failed: render exploded");
		expect(await page.locator(".sidebar a[href='/render-error']").count()).toBe(0);
		await page.getByTestId("react-footer").waitFor();
	});

	it("the example's server-rendered form posts to its route", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/hello`);
		await page.getByTestId("hello-name").fill("Ada <b>");
		await page.getByTestId("hello-submit").click();
		await expect.poll(() => page.locator("#hello-greeting").textContent()).toBe("Hello, Ada <b>!");
		expect(await page.locator("#hello-greeting b").count()).toBe(0);
	});

	it("disabling a plugin removes its tab, slot and page", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/`);
		const status = await page.evaluate(async () => {
			// app.js's fetch wrapper: it adds the page's session token.
			const hermesFetch = (window as unknown as { hermesFetch: typeof fetch }).hermesFetch;
			const response = await hermesFetch("/api/dashboard/agent-plugins/react-demo/disable", { method: "POST" });
			return response.status;
		});
		expect(status).toBe(200);
		await page.reload();
		await page.locator(".sidebar a[href='/hello']").waitFor();
		expect(await page.locator(".sidebar a[href='/react-demo']").count()).toBe(0);
		expect(await page.getByTestId("react-footer").count()).toBe(0);
		const response = await page.goto(`${server.baseURL}/react-demo`);
		expect(response?.status()).toBe(404);
	});
});
