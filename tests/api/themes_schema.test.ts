/**
 * A user theme with every schema field (hermes-home §18.1): the normalised definition
 * GET /api/dashboard/themes sends, and the page rendered in it; hostile CSS neutralised;
 * a broken or unsafe theme warns and falls back without breaking the page.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";

const FULL_THEME = `name: strike
label: Strike Freedom
description: Every field
palette:
  background: {hex: '#0a0f2a', alpha: 0.95}
  midground: '#f0e6d2'
  foreground: {hex: '#ffffff', alpha: 0.04}
  warmGlow: 'rgba(64, 160, 255, 0.3)'
  noiseOpacity: 0.5
typography:
  fontSans: '"Inter", sans-serif'
  fontMono: '"JetBrains Mono", monospace'
  fontDisplay: '"Orbitron", serif'
  fontUrl: 'https://fonts.googleapis.com/css2?family=Orbitron&display=swap'
  baseSize: 16px
  lineHeight: '1.6'
  letterSpacing: 0.01em
layout:
  radius: 2px
  density: compact
layoutVariant: cockpit
colorOverrides:
  primary: '#3fa9ff'
  primaryForeground: '#001020'
  destructive: '#ff5470'
  success: '#3ddc97'
  warning: '#ffcc4d'
  border: '#2a3a6a'
  bogus: '#123456'
assets:
  bg: /static/icon.svg
  logo: 'linear-gradient(90deg, #3fa9ff, #ff5470)'
  hero: 'https://evil.example/track.png'
  custom:
    wing-left: /static/icon.svg
    'bad key!': /x.png
customCSS: |
  .card { box-shadow: 0 0 12px var(--accent); }
componentStyles:
  card:
    clipPath: 'polygon(0 0, 100% 0, 100% 90%, 95% 100%, 0 100%)'
    borderWidth: 2px
  header:
    backdropFilter: blur(6px)
  nonsense:
    color: red
`;

function homeWith(files: Record<string, string>, active: string) {
	const context = makeContext();
	mkdirSync(join(context.home, "dashboard-themes"));
	for (const [file, text] of Object.entries(files)) {
		writeFileSync(join(context.home, "dashboard-themes", file), text);
	}
	const config = join(context.home, "config.yaml");
	writeFileSync(config, readFileSync(config, "utf8").replace("  theme: default", `  theme: ${active}`));
	return context;
}

/** The CSS of the page's one `<style id="theme-user-style">` in the head. */
function userStyle(page: string): string {
	const document = parseHTML(page);
	expect($$(document, "style#theme-user-style"), "user theme style element").toHaveLength(1);
	return $(document, "head style#theme-user-style").textContent ?? "";
}

/** The theme a page shows: `data-theme` on `<html>`. */
function themeOf(page: string): string | null {
	return parseHTML(page).documentElement.getAttribute("data-theme");
}

describe("a user theme with every field", () => {
	it("is normalised as Hermes normalises it", async () => {
		const body = await (
			await testClient(homeWith({ "strike.yaml": FULL_THEME }, "strike"))("/api/dashboard/themes")
		).json();
		expect(body.active).toBe("strike");
		const strike = body.themes.find((theme: { name: string }) => theme.name === "strike");
		expect(strike).toEqual({
			name: "strike",
			label: "Strike Freedom",
			description: "Every field",
			definition: {
				name: "strike",
				label: "Strike Freedom",
				description: "Every field",
				palette: {
					background: { hex: "#0a0f2a", alpha: 0.95 },
					midground: { hex: "#f0e6d2", alpha: 1 },
					foreground: { hex: "#ffffff", alpha: 0.04 },
					warmGlow: "rgba(64, 160, 255, 0.3)",
					noiseOpacity: 0.5,
				},
				typography: {
					fontSans: '"Inter", sans-serif',
					fontMono: '"JetBrains Mono", monospace',
					fontDisplay: '"Orbitron", serif',
					fontUrl: "https://fonts.googleapis.com/css2?family=Orbitron&display=swap",
					baseSize: "16px",
					lineHeight: "1.6",
					letterSpacing: "0.01em",
				},
				layout: { radius: "2px", density: "compact" },
				layoutVariant: "cockpit",
				colorOverrides: {
					primary: "#3fa9ff",
					primaryForeground: "#001020",
					destructive: "#ff5470",
					success: "#3ddc97",
					warning: "#ffcc4d",
					border: "#2a3a6a",
				},
				assets: {
					bg: "/static/icon.svg",
					logo: "linear-gradient(90deg, #3fa9ff, #ff5470)",
					hero: "https://evil.example/track.png",
					custom: { "wing-left": "/static/icon.svg" },
				},
				customCSS: ".card { box-shadow: 0 0 12px var(--accent); }\n",
				componentStyles: {
					card: { clipPath: "polygon(0 0, 100% 0, 100% 90%, 95% 100%, 0 100%)", borderWidth: "2px" },
					header: { backdropFilter: "blur(6px)" },
				},
			},
		});
	});

	it("renders every field into the page", async () => {
		const page = await (
			await testClient(homeWith({ "strike.yaml": FULL_THEME }, "strike"))("/", { token: false })
		).text();
		expect(themeOf(page)).toBe("user");
		const css = userStyle(page);
		for (const expected of [
			"--bg: rgba(10,15,42,0.95);",
			"--fg: rgba(240, 230, 210, 1);",
			"--theme-overlay: rgba(255,255,255,0.04);",
			"--theme-glow: rgba(64,160,255,0.3);",
			"--theme-noise: 0.5;",
			"--accent: #3fa9ff;",
			"--accent-fg: #001020;",
			"--danger: #ff5470;",
			"--ok: #3ddc97;",
			"--warn: #ffcc4d;",
			"--border: #2a3a6a;",
			'--font-sans: "Inter",sans-serif;',
			'--font-display: "Orbitron",serif;',
			"--base-size: 16px;",
			"--line-height: 1.6;",
			"--letter-spacing: 0.01em;",
			"--radius: 2px;",
			"--density: 0.75;",
			"--theme-asset-bg: url(/static/icon.svg);",
			"--theme-asset-logo: linear-gradient(90deg,#3fa9ff,#ff5470);",
			"--theme-asset-custom-wing-left: url(/static/icon.svg);",
			// cockpit: the icon rail
			'[data-theme="user"] .shell { grid-template-columns: 3.5rem 1fr; }',
			// css-tree writes the shortest form: "100%0" is two tokens.
			"clip-path: polygon(0 0,100%0,100% 90%,95% 100%,0 100%);",
			"--component-card-border-width: 2px;",
			'[data-theme="user"] .topbar { backdrop-filter: blur(6px);',
			".card{box-shadow:0 0 12px var(--accent)}",
		]) {
			expect(css).toContain(expected);
		}
		// The remote hero image is not allowed by the CSP: dropped, and said so.
		expect(css).not.toContain("evil.example");
		const document = parseHTML(page);
		expect(textOf(document.body)).toContain("assets.hero");
		const font = $$(document, 'link[rel="stylesheet"]').filter(
			(link) => link.getAttribute("href") === "https://fonts.googleapis.com/css2?family=Orbitron&display=swap",
		);
		expect(font).toHaveLength(1);
		expect(font[0]!.getAttribute("crossorigin")).toBe("anonymous");
	});

	it("renders the tiled and standard variants and the other densities", async () => {
		const tiled = FULL_THEME.replace("layoutVariant: cockpit", "layoutVariant: tiled").replace(
			"compact",
			"spacious",
		);
		const css = userStyle(
			await (await testClient(homeWith({ "s.yaml": tiled }, "strike"))("/", { token: false })).text(),
		);
		expect(css).toContain("grid-auto-flow: dense;");
		expect(css).toContain("--density: 1.3;");
		expect(css).not.toContain("3.5rem 1fr");
		const standard = FULL_THEME.replace("layoutVariant: cockpit", "layoutVariant: sideways");
		const plain = userStyle(
			await (await testClient(homeWith({ "s.yaml": standard }, "strike"))("/", { token: false })).text(),
		);
		expect(plain).not.toContain("3.5rem 1fr");
		expect(plain).not.toContain("grid-auto-flow");
	});
});

describe("hostile and broken themes", () => {
	const HOSTILE = `name: evil
palette:
  background: '#000000; } body { display: none'
  warmGlow: 'url(javascript:alert(1))'
typography:
  fontUrl: 'https://evil.example/font.css'
  fontSans: 'x; } </style><script>alert(2)</script>'
customCSS: |
  @import url(https://evil.example/steal.css);
  body { color: red; width: expression(alert(3)); }
  .a { background: url("javascript:alert(4)"); }
  .b { background: url(//evil.example/x.png); }
  .c { content: "</style><script>alert(5)</script>"; }
  </style><script>alert(6)</script><style>
componentStyles:
  card:
    background: 'url(https://evil.example/pixel.png)'
    'color;}body{x': red
`;

	it("neutralises every trick and still renders the page", async () => {
		const response = await testClient(homeWith({ "evil.yaml": HOSTILE }, "evil"))("/", { token: false });
		expect(response.status).toBe(200);
		const page = await response.text();
		const css = userStyle(page);
		for (const banned of [
			"@import",
			"expression(",
			"javascript:",
			"evil.example",
			"<script",
			"</style",
			"display: none",
		]) {
			expect(css.toLowerCase(), banned).not.toContain(banned);
		}
		expect(page).not.toContain("<script>alert");
		expect(page).not.toContain("https://evil.example/font.css");
		const document = parseHTML(page);
		expect($$(document, "script").filter((script) => script.textContent?.includes("alert"))).toHaveLength(0);
		expect(css).toContain("body{color:red}");
		// A string's "<" is kept as the CSS escape, so the text survives but cannot end the element.
		expect(css).toContain('content:"\\3c /style>\\3c script>alert(5)\\3c /script>"');
		expect(textOf(document.body)).toContain("Parts of this theme were ignored");
		expect(textOf(document.body)).toContain("typography.fontUrl (origin not allowed)");
	});

	it("the page's CSP allows exactly the listed font origins", async () => {
		const response = await testClient(makeContext())("/", { token: false });
		const csp = response.headers.get("content-security-policy") ?? "";
		expect(csp).toMatch(/style-src 'self' 'unsafe-inline' https:\/\/fonts\.googleapis\.com/);
		expect(csp).toMatch(/font-src 'self' data: https:\/\/fonts\.gstatic\.com/);
		expect(csp).not.toContain("evil.example");
	});

	it("a broken theme file shows a warning; the active broken theme falls back to the default", async () => {
		const context = homeWith({ "broken.yaml": "name: [unclosed\n", "noname.yaml": "label: x\n" }, "broken");
		const request = testClient(context);
		const response = await request("/config", { token: false });
		expect(response.status).toBe(200);
		const page = parseHTML(await response.text());
		expect(page.documentElement.getAttribute("data-theme")).toBe("default");
		expect(textOf(page.body)).toContain("Theme files that could not be read: broken.yaml, noname.yaml.");
		expect(textOf(page.body)).toContain("Theme “broken” is not available");
		const body = await (await request("/api/dashboard/themes")).json();
		expect(body.themes).toHaveLength(8);
		expect(body.active).toBe("broken");
	});

	it("clips customCSS at 32 KiB", async () => {
		const long = `name: long\ncustomCSS: '${".x{color:red}".repeat(3000)}'\n`;
		const body = await (await testClient(homeWith({ "long.yaml": long }, "long"))("/api/dashboard/themes")).json();
		const theme = body.themes.find((entry: { name: string }) => entry.name === "long");
		expect(theme.definition.customCSS).toHaveLength(32 * 1024);
	});
});
