/**
 * The Logs page in real Chromium: filters re-query the API, and the live tail shows
 * a line appended by the test within a second.
 */
import { describe, expect, it } from "vitest";
import { appendFileSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useDashboardInBrowser } from "../helpers/browser.ts";

const dash = useDashboardInBrowser();

describe("Logs page in Chromium", () => {
	it("shows a line appended by the test within a second, coloured by level", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/logs`);
		await page.waitForSelector("#log-view[data-stream=live]");
		const marker = `e2e-marker-${Date.now()}`;
		const started = Date.now();
		appendFileSync(join(dash.home, "logs", "agent.log"), `2026-11-24 01:00:00,000 ERROR agent.e2e: ${marker}\n`);
		const line = page.locator(".log-line", { hasText: marker });
		await line.waitFor({ timeout: 1000 });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await line.getAttribute("class")).toContain("lvl-error");
	});

	it("switches file and level through the toolbar and keeps following", async () => {
		const { page } = dash.browser;
		await page.locator("select[name=file]").selectOption("errors");
		await page.locator("select[name=level]").selectOption("ERROR");
		await expect.poll(() => page.url()).toContain("file=errors&level=ERROR");
		await page.waitForSelector("#log-view[data-stream=live]");
		const levels = await page.locator(".log-line").evaluateAll((nodes) => nodes.map((node) => node.className));
		expect(levels.length).toBeGreaterThan(0);
		expect(levels.every((name) => /lvl-(error|critical)/.test(name))).toBe(true);
		appendFileSync(
			join(dash.home, "logs", "errors.log"),
			"2026-11-24 01:00:01,000 INFO agent.e2e: filtered-out-info\n2026-11-24 01:00:01,001 ERROR agent.e2e: kept-error\n",
		);
		await page.locator(".log-line", { hasText: "kept-error" }).waitFor({ timeout: 1000 });
		expect(await page.locator(".log-line", { hasText: "filtered-out-info" }).count()).toBe(0);
	});

	it("keeps the scroll position when the reader scrolled up", async () => {
		const { page } = dash.browser;
		await page.locator("select[name=file]").selectOption("agent");
		await page.locator("select[name=level]").selectOption("ALL");
		await page.locator("select[name=lines]").selectOption("500");
		await expect.poll(() => page.url()).toContain("file=agent&level=ALL&component=all&lines=500");
		await page.waitForSelector("#log-view[data-stream=live]");
		await page.locator("#log-view").evaluate((view) => {
			view.scrollTop = 0;
		});
		appendFileSync(
			join(dash.home, "logs", "agent.log"),
			"2026-11-24 01:00:02,000 INFO agent.e2e: while-scrolled-up\n",
		);
		await page.locator(".log-line", { hasText: "while-scrolled-up" }).waitFor({ state: "attached", timeout: 1000 });
		expect(await page.locator("#log-view").evaluate((view) => view.scrollTop)).toBe(0);
	});

	it("pauses while the tab is hidden and catches up from its offset when visible again", async () => {
		const { page } = dash.browser;
		await page.waitForSelector("#log-view[data-stream=live]");
		const isStream = (request: { url(): string }) => request.url().includes("/api/logs/stream");
		// "Paused" means the stream connection is closed and none is opened while hidden:
		// both are events the browser reports, so nothing is left to chance on a timer.
		const streamClosed = page.waitForEvent("requestfailed", isStream);
		const openedWhileHidden: string[] = [];
		const onRequest = (request: { url(): string }) => {
			if (isStream(request)) openedWhileHidden.push(request.url());
		};
		page.on("request", onRequest);
		await page.evaluate(() => {
			Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
			document.dispatchEvent(new Event("visibilitychange"));
		});
		await streamClosed;
		await page.waitForSelector("#log-view[data-stream=idle]");
		expect(await page.locator("#logs-status").textContent()).toBe("Paused");
		appendFileSync(
			join(dash.home, "logs", "agent.log"),
			"2026-11-24 01:00:03,000 INFO agent.e2e: written-while-hidden\n",
		);
		expect(await page.locator(".log-line", { hasText: "written-while-hidden" }).count()).toBe(0);
		page.off("request", onRequest);
		expect(openedWhileHidden).toEqual([]);
		await page.evaluate(() => {
			Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
			document.dispatchEvent(new Event("visibilitychange"));
		});
		await page
			.locator(".log-line", { hasText: "written-while-hidden" })
			.waitFor({ state: "attached", timeout: 2000 });
	});

	it("says why a file outside the home is refused, on the page and by the tail, instead of reconnecting", async () => {
		const { page } = dash.browser;
		const outside = join(mkdtempSync(join(tmpdir(), "outside-home-")), "shadow");
		writeFileSync(outside, "outside-secret-hash\n");
		symlinkSync(outside, join(dash.home, "logs", "desktop.log"));
		const reason = "Log file desktop resolves outside the Hermes home";
		await page.goto(`${dash.server.baseURL}/logs?file=desktop`);
		expect(await page.locator("[data-testid=logs-problem]").textContent()).toBe(reason);
		await expect.poll(() => page.locator("#logs-status").textContent()).toBe(reason);
		expect(await page.content()).not.toContain("outside-secret-hash");
		// The refused stream request is logged by Chromium as a failed resource; that one is expected.
		const expected = dash.browser.errors.filter((error) => /status of 403/.test(error));
		expect(expected.length).toBeGreaterThan(0);
		dash.browser.errors.splice(
			0,
			dash.browser.errors.length,
			...dash.browser.errors.filter((e) => !expected.includes(e)),
		);
	});

	it("ran without console errors or CSP violations", () => {
		expect(dash.browser.errors).toEqual([]);
	});
});
