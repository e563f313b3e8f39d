/**
 * The Status page in real Chromium: served by the real CLI on a copy of the fixture
 * home, with the token read from the page and used like the page's own scripts do.
 */
import { describe, expect, it } from "vitest";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { fakeRunningGateway } from "../helpers/gateway.ts";

const dash = useDashboardInBrowser();

describe("Status page in Chromium", () => {
	it("shows the home's version and gateway facts", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/`);
		await expect
			.poll(() => page.locator("[data-testid=config-version]").textContent(), { timeout: 15_000 })
			.toBe("33");
		expect(await page.locator("[data-testid=gateway-state]").textContent()).toContain("Stopped");
		expect(await page.locator("[data-testid=hermes-home]").textContent()).toBe(dash.home);
		expect(await page.locator("[data-testid=hermes-version]").textContent()).toContain("not installed");
		expect(await page.title()).toBe("Status · Hermes Dashboard");
		expect(await page.locator("nav a[aria-current=page]").textContent()).toContain("Status");
	});

	it("reads the token from the page and calls a protected API with it", async () => {
		const { page } = dash.browser;
		const result = await page.evaluate(async () => {
			const token = (window as unknown as { __HERMES_SESSION_TOKEN__: string }).__HERMES_SESSION_TOKEN__;
			const without = await fetch("/ui/status");
			const withToken = await fetch("/ui/status", { headers: { "X-Hermes-Session-Token": token } });
			return { token, without: without.status, with: withToken.status, html: await withToken.text() };
		});
		expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(result.without).toBe(401);
		expect(result.with).toBe(200);
		expect(result.html).toContain("status-cards");
		// The deliberate 401 above logs a console error; forget it, keep watching for others.
		dash.browser.errors.length = 0;
	});

	it("refreshes the cards through htmx with the token header, showing a gateway that came up", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/`);
		await page.waitForFunction(() => "htmx" in window);
		fakeRunningGateway(dash.home, { platforms: { telegram: { state: "connected" } } }, dash.server.child.pid);
		await page.evaluate(() => document.body.dispatchEvent(new CustomEvent("hermes:tick")));
		await expect
			.poll(() => page.locator("[data-testid=gateway-state]").textContent(), { timeout: 15_000 })
			.toContain("Running");
		expect(await page.locator("[data-testid=gateway-pid]").textContent()).toBe(String(dash.server.child.pid));
		expect(await page.locator(".platforms").textContent()).toContain("telegram");
	});

	it("ran without console errors or CSP violations", () => {
		expect(dash.browser.errors).toEqual([]);
	});
});

describe("language switch in Chromium", () => {
	it("switches the page to Chinese and back, staying on the page", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/`);
		await page.click("a[lang=zh]");
		await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 15_000 }).toBe("状态");
		expect(new URL(page.url()).pathname).toBe("/");
		await page.click("a[lang=en]");
		await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 15_000 }).toBe("Status");
	});
});
