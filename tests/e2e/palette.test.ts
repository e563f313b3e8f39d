/**
 * Keyboard only, in real Chromium: Ctrl-K opens the command palette, typing searches,
 * the arrows and Enter jump to an API key's row, the row's form is filled and saved
 * from the keyboard, "/" focuses the page's search, "?" opens the shortcut list whose
 * focus stays inside until Escape gives it back. No mouse event is sent.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { useDashboardInBrowser } from "../helpers/browser.ts";

const dash = useDashboardInBrowser();

function focused(page: Page): Promise<{ id: string; name: string | null; inDialog: string | null; tag: string }> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		return {
			id: el?.id ?? "",
			name: el?.getAttribute("name") ?? null,
			inDialog: el?.closest("dialog")?.id ?? null,
			tag: el?.tagName.toLowerCase() ?? "",
		};
	});
}

describe("keyboard only", () => {
	it("walks the palette to an API key, saves it from its form, and uses / and ?", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/env`);
		await page.waitForLoadState("networkidle");
		const palette = page.getByTestId("palette");

		// The palette: open, search, move, jump.
		await page.keyboard.press("Control+k");
		expect(await palette.isVisible()).toBe(true);
		expect((await focused(page)).id).toBe("palette-input");
		await page.keyboard.type("api_key");
		const anthropic = page.locator("#palette-results [role=option]", { hasText: "ANTHROPIC_API_KEY" });
		await anthropic.waitFor();
		const options = page.locator("#palette-results [role=option]");
		const labels = await options.locator(".palette-label").allTextContents();
		const steps = labels.indexOf("ANTHROPIC_API_KEY");
		expect(steps).toBeGreaterThanOrEqual(0);
		for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowDown");
		expect(await anthropic.getAttribute("aria-selected")).toBe("true");
		expect(await page.locator("#palette-input").getAttribute("aria-activedescendant")).toBe(
			await anthropic.getAttribute("id"),
		);
		await page.keyboard.press("Enter");
		await page.waitForURL(/\/env#ANTHROPIC_API_KEY$/);
		expect(await palette.isVisible()).toBe(false);
		await expect.poll(() => focused(page)).toMatchObject({ name: "value", tag: "input" });
		expect(await page.evaluate(() => document.activeElement?.closest("[data-key]")?.getAttribute("data-key"))).toBe(
			"ANTHROPIC_API_KEY",
		);

		// The row's form, from the keyboard.
		await page.keyboard.type("sk-ant-typed-from-the-keyboard-0001");
		await page.keyboard.press("Enter");
		await expect
			.poll(() => readFileSync(join(dash.home, ".env"), "utf8"))
			.toContain("ANTHROPIC_API_KEY=sk-ant-typed-from-the-keyboard-0001");

		// "/" focuses the page's search (not while typing in a field).
		await page.locator("#main").focus();
		await page.keyboard.press("/");
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("search");

		// "?" opens the shortcut list; Tab cannot leave it; Escape closes it and gives focus back.
		await page.keyboard.press("Escape");
		await page.locator("#main").focus();
		await page.keyboard.press("Shift+Slash");
		const shortcuts = page.getByTestId("shortcuts");
		expect(await shortcuts.isVisible()).toBe(true);
		expect(await shortcuts.getByText("F6").count()).toBe(1);
		for (let i = 0; i < 4; i++) {
			await page.keyboard.press("Tab");
			expect((await focused(page)).inDialog).toBe("shortcuts");
		}
		await page.keyboard.press("Shift+Tab");
		expect((await focused(page)).inDialog).toBe("shortcuts");
		await page.keyboard.press("Escape");
		expect(await shortcuts.isVisible()).toBe(false);
		expect((await focused(page)).id).toBe("main");

		// Escape closes the palette too, and focus returns where it was.
		await page.keyboard.press("Control+k");
		expect(await palette.isVisible()).toBe(true);
		await page.keyboard.press("Escape");
		expect(await palette.isVisible()).toBe(false);
		expect((await focused(page)).id).toBe("main");
	});

	it("jumps to a session by its title", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/`);
		await page.keyboard.press("Control+k");
		await page.keyboard.type("vector databases");
		await page
			.locator("#palette-results [role=option][aria-selected=true]", { hasText: "Compare vector" })
			.waitFor();
		await page.keyboard.press("Enter");
		await page.waitForURL(/\/sessions\?q=\d{8}_\d{6}_[0-9a-f]+$/);
		await page.locator(".session-row", { hasText: "Compare vector databases for RAG prototype" }).first().waitFor();
	});

	it("opens a row's more menu and its delete dialog, and backs out with Escape", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/sessions`);
		const row = page.locator(".session-row").first();
		const id = await row.getAttribute("data-id");
		const more = row.locator("[data-testid=more-actions]");
		await more.locator("summary").focus();
		await page.keyboard.press("Enter");
		expect(await more.getAttribute("open")).toBe("");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => document.activeElement?.getAttribute("data-action"))).toBe("archive");
		await page.keyboard.press("Tab");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => document.activeElement?.getAttribute("data-action"))).toBe("delete");
		await page.keyboard.press("Enter");
		const dialog = page.getByTestId("delete-dialog");
		await dialog.waitFor();
		expect((await focused(page)).inDialog).toBe("delete-dialog");
		await page.keyboard.press("Tab");
		await page.keyboard.press("Tab");
		expect((await focused(page)).inDialog).toBe("delete-dialog");
		await page.keyboard.press("Escape");
		await dialog.waitFor({ state: "hidden" });
		expect(await page.locator(`.session-row[data-id='${id}']`).count()).toBe(1);
		// Focus is back on the row's "more" button, and its menu is closed.
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
		expect(await more.getAttribute("open")).toBeNull();
	});

	it("moves focus out of the chat terminal with F6", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/chat`);
		await page.locator("#terminal textarea").waitFor({ state: "attached" });
		await page.locator("#terminal textarea").focus();
		await page.keyboard.press("Tab"); // the terminal keeps Tab for the shell
		expect(await page.evaluate(() => document.activeElement?.closest("#terminal") !== null)).toBe(true);
		await page.keyboard.press("F6");
		expect(await page.evaluate(() => document.activeElement?.closest("#terminal") === null)).toBe(true);
	});
});
