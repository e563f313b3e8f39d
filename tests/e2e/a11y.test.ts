/**
 * Every page in the navigation, in real Chromium, checked by axe-core in two themes
 * (the default dark teal and the light Nous Blue): no serious or critical violation.
 */
import { describe, expect, it } from "vitest";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { type AxeFinding, seriousViolations, settled } from "../helpers/axe.ts";
import { NAV_ITEMS } from "../../src/views/nav.ts";

const dash = useDashboardInBrowser();
const THEMES = ["default", "nous-blue"] as const;

/** Pages reached from elsewhere than the navigation (API docs: linked from the Files page). */
const OTHER_PAGES = [{ path: "/api-docs" }];

describe("axe-core on every page", () => {
	for (const item of [...NAV_ITEMS, ...OTHER_PAGES]) {
		it(`${item.path} has no serious or critical violation in ${THEMES.join(" and ")}`, async () => {
			const { page } = dash.browser;
			await page.goto(`${dash.server.baseURL}${item.path}`);
			await settled(page, item.path);
			const found: Record<string, AxeFinding[]> = {};
			for (const theme of THEMES) {
				// Built-in themes are CSS variables under [data-theme]: switching the attribute
				// is exactly what a configured theme renders.
				await page.evaluate((name) => {
					document.documentElement.dataset.theme = name;
				}, theme);
				found[theme] = await seriousViolations(page);
			}
			expect(found).toEqual({ default: [], "nous-blue": [] });
		});
	}

	it("shows a focus ring on the control the keyboard is on", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/config`);
		await page.keyboard.press("Tab"); // the skip link
		await page.keyboard.press("Tab");
		const ring = await page.evaluate(() => {
			const style = getComputedStyle(document.activeElement as Element);
			return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
		});
		expect(ring.style).toBe("solid");
		expect(ring.width).toBeGreaterThanOrEqual(2);
	});

	it("stops animations when the system asks for reduced motion", async () => {
		const { page } = dash.browser;
		await page.emulateMedia({ reducedMotion: "reduce" });
		await page.goto(`${dash.server.baseURL}/`);
		const durations = await page.evaluate(() => {
			const probe = document.createElement("span");
			probe.className = "dot pulse";
			document.body.append(probe);
			return getComputedStyle(probe).animationDuration;
		});
		expect(Number.parseFloat(durations)).toBeLessThan(0.001);
		await page.emulateMedia({ reducedMotion: "no-preference" });
	});
});
