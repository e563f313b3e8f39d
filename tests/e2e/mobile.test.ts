/**
 * Every page at a phone's width (375 px) in real Chromium: nothing scrolls sideways,
 * the navigation opens from the menu button and closes with Escape, tables become
 * cards, and the chat terminal has its on-screen keys. Screenshots go to the OS temp
 * directory (their folder is printed) for a person to look at.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { settled } from "../helpers/axe.ts";
import { NAV_ITEMS } from "../../src/views/nav.ts";

const WIDTH = 375;
const dash = useDashboardInBrowser();
const SHOTS = join(tmpdir(), `hermes-mobile-${process.pid}`);

describe(`every page at ${WIDTH} px`, () => {
	it("opens the navigation from the menu button and closes it with Escape", async () => {
		const { page } = dash.browser;
		await page.setViewportSize({ width: WIDTH, height: 780 });
		await page.goto(`${dash.server.baseURL}/`);
		const toggle = page.getByTestId("menu-toggle");
		const sessionsLink = page.locator("#sidebar a[href='/sessions']");
		expect(await sessionsLink.isVisible()).toBe(false);
		await toggle.click();
		expect(await toggle.getAttribute("aria-expanded")).toBe("true");
		expect(await sessionsLink.isVisible()).toBe(true);
		// Focus moved into the menu, so a keyboard user lands on the first page link.
		expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("/");
		await page.keyboard.press("Escape");
		expect(await toggle.getAttribute("aria-expanded")).toBe("false");
		expect(await sessionsLink.isVisible()).toBe(false);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe("menu-toggle");
		await toggle.click();
		await sessionsLink.click();
		await page.waitForURL(/\/sessions$/);
	});

	// API docs is linked from the Files page rather than the navigation.
	for (const item of [...NAV_ITEMS, { path: "/api-docs" }]) {
		it(`${item.path} does not scroll sideways`, async () => {
			const { page } = dash.browser;
			await page.setViewportSize({ width: WIDTH, height: 780 });
			await page.goto(`${dash.server.baseURL}${item.path}`);
			await settled(page, item.path);
			mkdirSync(SHOTS, { recursive: true });
			const name = item.path === "/" ? "status" : item.path.slice(1);
			await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
			const overflow = await page.evaluate((width) => {
				const wide = [...document.querySelectorAll("body *")]
					.filter((el) => el.getBoundingClientRect().right > width + 0.5)
					.filter((el) => !el.closest("dialog:not([open]), [hidden]"))
					.slice(0, 5)
					.map(
						(el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")}`,
					);
				return { scrollWidth: document.documentElement.scrollWidth, wide };
			}, WIDTH);
			expect(overflow.scrollWidth, `wider than the phone: ${overflow.wide.join(", ")}`).toBeLessThanOrEqual(
				WIDTH,
			);
		});
	}

	it("shows tables as cards: one bordered block per row, no table layout", async () => {
		const { page } = dash.browser;
		await page.setViewportSize({ width: WIDTH, height: 780 });
		await page.goto(`${dash.server.baseURL}/analytics`);
		await settled(page, "/analytics");
		const rows = page.locator("main table tbody tr");
		expect(await rows.count()).toBeGreaterThan(0);
		expect(await rows.first().evaluate((row) => getComputedStyle(row).display)).toBe("block");
		await page.setViewportSize({ width: 1280, height: 800 });
		expect(await rows.first().evaluate((row) => getComputedStyle(row).display)).toBe("table-row");
	});

	it("gives the chat terminal on-screen Esc, Tab, Ctrl and arrow keys that type into it", async () => {
		const { page } = dash.browser;
		await page.setViewportSize({ width: WIDTH, height: 780 });
		await page.goto(`${dash.server.baseURL}/chat`);
		const bar = page.getByTestId("term-keys");
		expect(await bar.isVisible()).toBe(true);
		expect(await bar.locator("button").allTextContents()).toEqual(["Esc", "Tab", "Ctrl", "←", "↑", "↓", "→"]);
		// What the terminal hands to its socket: the same path as a real key press.
		await page.evaluate(() => {
			const typed: string[] = [];
			(window as unknown as { typed: string[] }).typed = typed;
			(window as unknown as { term: { onData: (f: (d: string) => void) => void } }).term.onData((data) =>
				typed.push(data),
			);
		});
		await bar.getByRole("button", { name: "Esc" }).click();
		await bar.getByRole("button", { name: "Up arrow" }).click();
		const ctrl = bar.getByRole("button", { name: "Ctrl" });
		await ctrl.click();
		expect(await ctrl.getAttribute("aria-pressed")).toBe("true");
		await page.keyboard.press("c");
		expect(await ctrl.getAttribute("aria-pressed")).toBe("false");
		expect(await page.evaluate(() => (window as unknown as { typed: string[] }).typed)).toEqual([
			"\x1b",
			"\x1b[A",
			"\x03",
		]);
	});
});
