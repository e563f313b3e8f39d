/**
 * Every page of the sidebar in Chinese, in real Chromium: after `/lang/zh` the sidebar and
 * each page's headings, column heads, field labels and buttons show no English label from
 * the string tables (labels that stay the same in both languages, such as product names,
 * do not count).
 */
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { NAV_ITEMS } from "../../src/views/nav.ts";
import { CORE_EN, CORE_ZH, t } from "../../src/views/i18n.ts";
import { useDashboardInBrowser } from "../helpers/browser.ts";

const dashboard = useDashboardInBrowser();

/** Elements whose text is a single label from the table (headings, column heads, buttons…). */
const LABELLED = "h1, h2, h3, h4, legend, summary, th, dt, label, button, .button";

type Table = Readonly<Record<string, string | undefined>>;

/** Every table as written: the shell's plus each `src/views/strings/<page>.ts`. */
async function allTables(): Promise<{ EN: Table; ZH: Table }[]> {
	const dir = new URL("../../src/views/strings/", import.meta.url);
	const tables = [{ EN: CORE_EN as Table, ZH: CORE_ZH as Table }];
	for (const name of readdirSync(dir).filter((file) => file.endsWith(".ts"))) {
		tables.push((await import(new URL(name, dir).href)) as { EN: Table; ZH: Table });
	}
	return tables;
}

/**
 * Each element's text as written (textContent: CSS upper-casing does not apply), without
 * the options of a select or the value of a field inside a label.
 */
function ownTexts(elements: Element[]): string[] {
	return elements.map((element) => {
		const copy = element.cloneNode(true) as Element;
		for (const field of copy.querySelectorAll("select, textarea, input, svg")) {
			field.remove();
		}
		return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
	});
}

/**
 * English labels that must not show on a Chinese page: every label whose ZH entry is
 * missing or differs (a ZH entry equal to the English, such as a product name, is fine).
 */
function englishLabels(tables: readonly { EN: Table; ZH: Table }[], accept: (key: string) => boolean): Set<string> {
	const labels = new Set<string>();
	for (const { EN, ZH } of tables) {
		for (const [key, text] of Object.entries(EN)) {
			if (accept(key) && text !== undefined && ZH[key] !== text) {
				labels.add(text.trim());
			}
		}
	}
	return labels;
}

describe("Chinese pages in Chromium", () => {
	it("the sidebar, every page's headings and its labelled controls are in Chinese", async () => {
		const tables = await allTables();
		const navLabels = englishLabels(tables, (key) => key.startsWith("nav."));
		// Pages borrow each other's labels (Status shows the Sessions table's column heads),
		// so a page is checked against every table, not only its own.
		const labels = englishLabels(tables, () => true);
		// The root profile's name, shown as-is as a card title on Profiles: data, not a label.
		labels.delete("default");
		const { page } = dashboard.browser;
		// The switcher link sets the cookie and comes back to the page it was clicked on.
		await page.goto(`${dashboard.server.baseURL}/`);
		await page.locator('nav.languages a[lang="zh"]').click();
		await page.waitForFunction(() => document.documentElement.lang === "zh");

		const leftovers: Record<string, string[]> = {};
		for (const item of NAV_ITEMS) {
			const response = await page.goto(`${dashboard.server.baseURL}${item.path}`);
			expect(response?.status(), item.path).toBe(200);
			expect(await page.getAttribute("html", "lang"), item.path).toBe("zh");
			// The current page's own sidebar entry reads in Chinese (a positive check, so a page
			// that renders nothing cannot pass).
			expect((await page.locator('#sidebar a[aria-current="page"]').textContent())?.trim(), item.path).toBe(
				t("zh", item.label),
			);
			const sidebar = await page.locator("#sidebar a:visible").evaluateAll(ownTexts);
			expect(await page.locator("main h1:visible").count(), `${item.path} has a heading`).toBeGreaterThan(0);
			const headings = await page.locator(`main :is(${LABELLED}):visible`).evaluateAll(ownTexts);
			const english = [
				...sidebar.map((text) => text.trim()).filter((text) => navLabels.has(text)),
				...headings.map((text) => text.trim()).filter((text) => labels.has(text)),
			];
			if (english.length > 0) {
				leftovers[item.path] = [...new Set(english)];
			}
		}
		expect(leftovers).toEqual({});
		expect(dashboard.browser.errors).toEqual([]);
	}, 120_000);
});
