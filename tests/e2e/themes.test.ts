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

const FULL_THEME = `name: strike
label: Strike
palette:
  background: {hex: '#0a0f2a', alpha: 0.95}
  midground: '#f0e6d2'
  foreground: {hex: '#ffffff', alpha: 0.04}
  warmGlow: 'rgba(64, 160, 255, 0.3)'
  noiseOpacity: 0.5
typography:
  fontSans: '"Work Sans", sans-serif'
  fontMono: '"JetBrains Mono", monospace'
  fontDisplay: '"Orbitron", serif'
  fontUrl: 'https://fonts.googleapis.com/css2?family=Orbitron'
  baseSize: 16px
  lineHeight: '1.6'
  letterSpacing: 0.01em
layout: {radius: 2px, density: spacious}
layoutVariant: tiled
colorOverrides: {primary: '#3fa9ff', primaryForeground: '#001020', border: '#2a3a6a'}
assets:
  bg: /static/icon.svg
  custom: {crest: /static/icon.svg}
customCSS: |
  @import url(https://evil.example/x.css);
  .card { outline: 1px dashed var(--accent); }
  </style><script>window.__pwned = true</script>
componentStyles:
  card: {clipPath: 'polygon(0 0, 100% 0, 100% 90%, 95% 100%, 0 100%)'}
  header: {borderBottomWidth: 3px}
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
	writeFileSync(join(home, "dashboard-themes", "strike.yaml"), FULL_THEME);
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

	it("renders a theme using every schema field, its hostile CSS inert", async () => {
		const { page } = browser;
		// The allowed font origin, answered locally (the test machine is offline).
		const fontRequests: string[] = [];
		await page.route("https://fonts.googleapis.com/**", (route) => {
			fontRequests.push(route.request().url());
			return route.fulfill({ status: 200, contentType: "text/css", body: "/* fonts */" });
		});
		const loaded = page.waitForEvent("load");
		await pick("Strike");
		await loaded;
		expect(await firstFrame()).toEqual({ theme: "user", background: "rgba(10, 15, 42, 0.95)" });
		const look = await page.evaluate(() => {
			const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
			const root = getComputedStyle(document.documentElement);
			return {
				accent: root.getPropertyValue("--accent").trim(),
				density: root.getPropertyValue("--density").trim(),
				crest: root.getPropertyValue("--theme-asset-custom-crest").trim(),
				fontSize: root.fontSize,
				lineHeight: style("body").lineHeight,
				bodyFont: style("body").fontFamily,
				headingFont: style("h1").fontFamily,
				glow: style("body").backgroundImage,
				noise: getComputedStyle(document.body, "::before").backgroundImage.slice(0, 30),
				overlay: getComputedStyle(document.body, "::after").backgroundColor,
				cardClip: style(".card").clipPath,
				cardOutline: style(".card").outlineStyle,
				headerBorder: style(".topbar").borderBottomWidth,
				radius: style(".card").borderTopLeftRadius,
				pwned: (window as unknown as { __pwned?: boolean }).__pwned === true,
			};
		});
		expect(look).toEqual({
			accent: "#3fa9ff",
			density: "1.3",
			crest: "url(/static/icon.svg)",
			fontSize: "16px",
			lineHeight: "25.6px",
			bodyFont: '"Work Sans", sans-serif',
			headingFont: "Orbitron, serif",
			glow: expect.stringContaining("radial-gradient"),
			noise: 'url("data:image/svg+xml,%3Csvg',
			overlay: "rgba(255, 255, 255, 0.04)",
			cardClip: "polygon(0px 0px, 100% 0px, 100% 90%, 95% 100%, 0px 100%)",
			cardOutline: "dashed",
			headerBorder: "3px",
			radius: "2px",
			pwned: false,
		});
		expect(look.glow).toContain("/static/icon.svg");
		expect(fontRequests).toEqual(["https://fonts.googleapis.com/css2?family=Orbitron"]);
		// A warning says what was dropped; nothing was refused by the CSP or failed.
		expect(await page.locator(".theme-warning").first().textContent()).toContain("customCSS @import");
		expect(browser.errors).toEqual([]);
	});
});
