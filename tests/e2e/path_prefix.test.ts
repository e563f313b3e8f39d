/**
 * Chromium behind a reverse proxy that serves the dashboard under /hermes (strips the
 * prefix, sends X-Forwarded-Prefix, forwards WebSocket upgrades): a gated server that
 * trusts proxy headers, password login, every nav page, the language switch, the chat
 * WebSocket and logout, with every request staying under /hermes/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { startPrefixProxy, type PrefixProxy } from "../helpers/prefix_proxy.ts";
import { FAKE_TUI } from "../helpers/pty_client.ts";
import { NAV_ITEMS } from "../../src/views/nav.ts";

const PREFIX = "/hermes";

describe("the dashboard behind a /hermes reverse proxy", () => {
	let server: RunningServer;
	let proxy: PrefixProxy;
	let browser: Browser;
	const requested: string[] = [];

	beforeAll(async () => {
		server = await startServer({
			args: ["--home", copyFixtureHome(), "--host", "0.0.0.0", "--trust-proxy-headers"],
			env: {
				HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH: "",
				FLY_APP_NAME: "",
				HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "admin",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "proxy-pw-1",
				HERMES_DASHBOARD_TUI_COMMAND: `${process.execPath} ${FAKE_TUI}`,
			},
		});
		proxy = await startPrefixProxy(server.port, PREFIX);
		browser = await openBrowser();
		browser.page.on("request", (request) => requested.push(request.url()));
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await proxy?.close();
		await server?.stop();
	});

	it("logs in, visits every page, switches language, chats and logs out under the prefix", async () => {
		const { page } = browser;
		const base = `${proxy.origin}${PREFIX}`;
		await page.goto(`${base}/logs`);
		await page.waitForURL(`${base}/login?next=%2Flogs`);
		const form = page.locator('form.provider-form[data-provider="basic"]');
		await form.locator('input[name="username"]').fill("admin");
		await form.locator('input[name="password"]').fill("proxy-pw-1");
		await form.locator('button[type="submit"]').click();
		await page.waitForURL(new RegExp(`^${base}/logs`));
		expect(
			await page.evaluate(() => (window as unknown as { __HERMES_BASE_PATH__: string }).__HERMES_BASE_PATH__),
		).toBe(PREFIX);

		for (const item of NAV_ITEMS) {
			const target = `${base}${item.path}`;
			await page.locator(`nav.sidebar a[href="${PREFIX}${item.path}"]`).click();
			await page.waitForURL((url) => url.href === target || url.href.startsWith(`${target}?`));
			await page.waitForLoadState("load");
			expect(await page.locator(`nav.sidebar a[aria-current="page"]`).getAttribute("href"), item.path).toBe(
				`${PREFIX}${item.path}`,
			);
			// Give the page's own htmx/fetch requests time to run (and to fail, if they would);
			// no "networkidle": the logs page keeps a stream open.
			await page.waitForTimeout(1_500);
			if (item.path === "/") {
				// The status cards refresh by htmx on the tick: that request must be prefixed too.
				const refreshed = page.waitForResponse((response) => response.url() === `${base}/ui/status`);
				await page.evaluate(() => document.body.dispatchEvent(new CustomEvent("hermes:tick")));
				expect((await refreshed).status()).toBe(200);
			}
		}
		// Scripts that build URLs themselves: the logs page rewrites its own address.
		await page.locator(`nav.sidebar a[href="${PREFIX}/logs"]`).click();
		await page.waitForURL(new RegExp(`^${base}/logs`));
		await page.locator('#logs-form select[name="level"]').selectOption("ERROR");
		await page.waitForURL(new RegExp(`^${base}/logs\\?.*level=ERROR`));

		// The language switch: our Referrer-Policy is no-referrer, so it lands on the
		// status page, which must be the prefixed one.
		await page.locator('nav.languages a[lang="zh"]').click();
		await page.waitForURL(`${base}/`);
		expect(await page.locator("html").getAttribute("lang")).toBe("zh");
		await page.locator('nav.languages a[lang="en"]').click();
		await page.waitForURL(`${base}/`);
		expect(await page.locator("html").getAttribute("lang")).toBe("en");

		// The chat WebSocket (ticket in gated mode) connects through the proxy.
		await page.locator(`nav.sidebar a[href="${PREFIX}/chat"]`).click();
		await page.waitForURL(`${base}/chat`);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
			undefined,
			{ timeout: 15_000 },
		);
		expect(proxy.upgrades.some((path) => path.startsWith(`${PREFIX}/api/pty?`))).toBe(true);
		await page.waitForFunction(
			() => {
				const term = (
					window as unknown as {
						term?: {
							buffer: {
								active: {
									length: number;
									getLine(i: number): { translateToString(trim: boolean): string } | undefined;
								};
							};
						};
					}
				).term;
				if (term === undefined) return false;
				for (let i = 0; i < term.buffer.active.length; i++) {
					if (term.buffer.active.getLine(i)?.translateToString(true).includes("FAKE_TUI ready")) return true;
				}
				return false;
			},
			undefined,
			{ timeout: 15_000 },
		);

		await page.locator(".auth-logout button").click();
		await page.waitForURL(`${base}/login`);

		expect(browser.errors).toEqual([]);
		expect(proxy.outside).toEqual([]);
		const strays = requested.filter(
			(url) =>
				!url.startsWith(`${base}/`) &&
				!url.startsWith(`ws://127.0.0.1:${new URL(proxy.origin).port}${PREFIX}/`),
		);
		expect(strays).toEqual([]);
		expect(requested.length).toBeGreaterThan(NAV_ITEMS.length * 3);
		// Assets and fragments really went through the prefix.
		expect(proxy.seen.some((path) => path.startsWith(`${PREFIX}/vendor/htmx.min.js`))).toBe(true);
		expect(proxy.seen.some((path) => path.startsWith(`${PREFIX}/ui/`))).toBe(true);
		expect(proxy.seen.some((path) => path.startsWith(`${PREFIX}/api/`))).toBe(true);
	}, 120_000);
});
