/**
 * Themes in real Chromium: switch from the header's palette button (live, no reload),
 * reload and find the first frame already in the theme, config.yaml updated with its
 * comments kept; a user theme and back again; fonts served by the dashboard itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let home: string;

const USER_THEME = `name: harbour
label: Harbour
palette:
  background: '#10202a'
  midground: '#e0f0f4'
colorOverrides:
  primary: '#ffb347'
layoutVariant: cockpit
customCSS: |
  h1 { text-decoration: underline; }
`;

beforeAll(async () => {
	home = copyFixtureHome();
	const config = join(home, "config.yaml");
	writeFileSync(
		config,
		readFileSync(config, "utf8").replace(
			"dashboard:\n  theme: default\n",
			"dashboard:\n  # chosen in the header\n  theme: default\n",
		),
	);
	mkdirSync(join(home, "dashboard-themes"));
	writeFileSync(join(home, "dashboard-themes", "harbour.yaml"), USER_THEME);
	server = await startServer({ args: ["--home", home] });
	browser = await openBrowser();
	// The colour of the first frame the page renders: rAF callbacks run before that frame paints.
	await browser.context.addInitScript(() => {
		requestAnimationFrame(() => {
			(window as unknown as { __firstFrame: unknown }).__firstFrame = {
				theme: document.documentElement.getAttribute("data-theme"),
				background: document.body ? getComputedStyle(document.body).backgroundColor : null,
			};
		});
	});
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function configText(): string {
	return readFileSync(join(home, "config.yaml"), "utf8");
}

async function firstFrame(): Promise<{ theme: string; background: string }> {
	const { page } = browser;
	await page.waitForFunction(() => (window as unknown as { __firstFrame?: unknown }).__firstFrame !== undefined);
	return page.evaluate(
		() => (window as unknown as { __firstFrame: { theme: string; background: string } }).__firstFrame,
	);
}

async function pick(label: string): Promise<void> {
	const { page } = browser;
	await page.locator("#theme-picker summary").click();
	await page.locator("#theme-picker button", { hasText: label }).click();
}

describe("theme picker in Chromium", () => {
	it("switches live from the header, saves to config.yaml, and the reload paints in the theme", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/`);
		expect(await firstFrame()).toEqual({ theme: "default", background: "rgb(4, 28, 28)" });

		const saved = page.waitForResponse(
			(r) => r.url().endsWith("/api/dashboard/theme") && r.request().method() === "PUT",
		);
		await pick("Midnight");
		expect(await page.getAttribute("html", "data-theme")).toBe("midnight");
		expect((await saved).status()).toBe(200);
		await expect
			.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
			.toBe("rgb(11, 16, 32)");
		expect(await page.getAttribute('[data-theme-choice="midnight"]', "aria-pressed")).toBe("true");
		expect(configText()).toContain("dashboard:\n  # chosen in the header\n  theme: midnight\n");

		// Midnight's font comes from the dashboard itself.
		const fontLoaded = await page.evaluate(async () => {
			await document.fonts.load('16px "Inter"');
			return [...document.fonts].filter(
				(face) => face.family.replace(/"/g, "") === "Inter" && face.status === "loaded",
			).length;
		});
		expect(fontLoaded).toBeGreaterThan(0);

		await page.reload();
		expect(await firstFrame()).toEqual({ theme: "midnight", background: "rgb(11, 16, 32)" });
		expect(browser.errors).toEqual([]);
	});

	it("picks a user theme (reload with its style), then goes back to a built-in", async () => {
		const { page } = browser;
		const loaded = page.waitForEvent("load");
		await pick("Harbour");
		await loaded;
		expect(await firstFrame()).toEqual({ theme: "user", background: "rgb(16, 32, 42)" });
		expect(configText()).toContain("  theme: harbour\n");
		expect(await page.evaluate(() => getComputedStyle(document.querySelector("h1")!).textDecorationLine)).toBe(
			"underline",
		);
		expect(
			await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim()),
		).toBe("#ffb347");
		// cockpit: the navigation is an icon rail.
		expect(
			await page.evaluate(() => document.querySelector(".sidebar")!.getBoundingClientRect().width),
		).toBeLessThan(70);

		const back = page.waitForEvent("load");
		await pick("Ember");
		await back;
		expect(await firstFrame()).toEqual({ theme: "ember", background: "rgb(28, 15, 10)" });
		expect(await page.locator("#theme-user-style").count()).toBe(0);
		expect(configText()).toContain("  # chosen in the header\n  theme: ember\n");
		expect(browser.errors).toEqual([]);
	});
});
