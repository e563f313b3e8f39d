/**
 * @module
 * A user theme from `dashboard-themes/*.yaml`, rendered as one `<style>` (`data-theme="user"`)
 * in the page head, so the first paint is already in the theme. Every value from the file
 * goes through the CSS sanitiser first: a theme is user-editable text put inside the page.
 */
import { html, raw } from "hono/html";
import type { ThemeDefinition } from "../hermes/themes/themes.ts";
import { sanitiseCSSValue, sanitiseCustomCSS } from "../hermes/themes/custom_css.ts";
import { allowedFontURL } from "../hermes/themes/font_origins.ts";
import type { Markup } from "./layout.ts";

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** "#abc" / "#aabbcc" (alpha digits dropped) → rgba() with the layer's alpha; null when not a hex colour. */
export function layerColor(hex: string, alpha: number): string | null {
	const value = hex.trim();
	if (!HEX.test(value)) {
		return null;
	}
	const digits = value.slice(1);
	const full = digits.length <= 4 ? [...digits.slice(0, 3)].map((d) => d + d).join("") : digits.slice(0, 6);
	const n = Number.parseInt(full, 16);
	return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const DENSITY_SCALE = { compact: "0.75", comfortable: "1", spacious: "1.3" } as const;

/** Override key → the dashboard variable it sets. */
const OVERRIDE_VARIABLES: Readonly<Record<string, string>> = {
	card: "--bg-raised",
	cardForeground: "--fg",
	popover: "--bg-popover",
	popoverForeground: "--fg-popover",
	primary: "--accent",
	primaryForeground: "--accent-fg",
	secondary: "--bg-secondary",
	secondaryForeground: "--fg-secondary",
	muted: "--bg-sunken",
	mutedForeground: "--fg-muted",
	accent: "--accent-soft",
	accentForeground: "--accent-soft-fg",
	destructive: "--danger",
	destructiveForeground: "--danger-fg",
	success: "--ok",
	warning: "--warn",
	border: "--border",
	input: "--input",
	ring: "--ring",
};

/** Component bucket → the elements it styles. */
const COMPONENT_SELECTORS: Readonly<Record<string, string>> = {
	card: ".card",
	header: ".topbar",
	footer: "footer",
	sidebar: ".sidebar",
	tab: '[role="tab"]',
	progress: "progress, .progress",
	badge: ".badge",
	backdrop: "body::before",
	page: "main",
};

/** A faint SVG noise tile (data: is allowed by the CSP's img-src). */
const NOISE =
	"url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='160' height='160'%3E%3Cfilter id='n'%3E%3CfeTurbulence type='fractalNoise' baseFrequency='.9' numOctaves='2' stitchTiles='stitch'/%3E%3C/filter%3E%3Crect width='100%25' height='100%25' filter='url(%23n)' opacity='.5'/%3E%3C/svg%3E\")";

/** camelCase or kebab-case property name → kebab-case; null unless it is a plain property name. */
function cssProperty(name: string): string | null {
	const kebab = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).replace(/_/g, "-");
	return /^-?[a-z][a-z0-9-]*$/.test(kebab) ? kebab : null;
}

/** An asset is a URL ("/x.png", a data: image) or a CSS image expression ("url(…)", a gradient). */
function assetValue(value: string): string | null {
	const trimmed = value.trim();
	const expression = /^[a-z-]+\(/i.test(trimmed) ? trimmed : `url(${JSON.stringify(trimmed)})`;
	return sanitiseCSSValue(expression);
}

class Declarations {
	readonly lines: string[] = [];
	readonly removed: string[];

	constructor(removed: string[]) {
		this.removed = removed;
	}

	/** Adds `name: value` when the value is safe; notes what was dropped otherwise. */
	add(name: string, value: string | null | undefined, what: string): void {
		if (value === undefined || value === null) {
			if (value === null) this.removed.push(what);
			return;
		}
		const safe = sanitiseCSSValue(value);
		if (safe === null) {
			this.removed.push(what);
			return;
		}
		this.lines.push(`${name}: ${safe};`);
	}

	/** An already-sanitised value. */
	addSafe(name: string, value: string): void {
		this.lines.push(`${name}: ${value};`);
	}

	block(selector: string): string {
		return this.lines.length === 0 ? "" : `${selector} { ${this.lines.join(" ")} }\n`;
	}
}

function variables(theme: ThemeDefinition, removed: string[]): string {
	const p = theme.palette;
	const vars = new Declarations(removed);
	const background = layerColor(p.background.hex, p.background.alpha);
	const midground = layerColor(p.midground.hex, 1);
	const bgHex = background === null ? "#041c1c" : p.background.hex.trim().slice(0, 7);
	const midHex = midground === null ? "#ffe6cb" : p.midground.hex.trim().slice(0, 7);
	if (background === null) removed.push("palette.background");
	if (midground === null) removed.push("palette.midground");
	vars.add("--bg", background ?? "#041c1c", "palette.background");
	vars.addSafe("--bg-raised", `color-mix(in srgb, ${bgHex} 88%, ${midHex})`);
	vars.addSafe("--bg-sunken", `color-mix(in srgb, ${bgHex} 85%, black)`);
	vars.addSafe("--fg", midground ?? midHex);
	vars.addSafe("--fg-muted", `color-mix(in srgb, ${midHex} 68%, ${bgHex})`);
	vars.addSafe("--accent", midHex);
	vars.addSafe("--accent-fg", bgHex);
	vars.addSafe("--border", `color-mix(in srgb, ${midHex} 22%, ${bgHex})`);
	vars.add("--theme-glow", p.warmGlow, "palette.warmGlow");
	vars.addSafe("--theme-noise", String(Math.max(0, Math.min(1, Number(p.noiseOpacity) || 0))));
	const foreground = layerColor(p.foreground.hex, p.foreground.alpha);
	vars.add("--theme-overlay", foreground, "palette.foreground");
	for (const [key, value] of Object.entries(theme.colorOverrides ?? {})) {
		const variable = OVERRIDE_VARIABLES[key];
		if (variable !== undefined) vars.add(variable, value, `colorOverrides.${key}`);
	}
	const t = theme.typography;
	vars.add("--font-sans", t.fontSans, "typography.fontSans");
	vars.add("--font-mono", t.fontMono, "typography.fontMono");
	vars.add("--font-display", t.fontDisplay, "typography.fontDisplay");
	vars.add("--base-size", t.baseSize, "typography.baseSize");
	vars.add("--line-height", t.lineHeight, "typography.lineHeight");
	vars.add("--letter-spacing", t.letterSpacing, "typography.letterSpacing");
	vars.add("--radius", theme.layout.radius, "layout.radius");
	vars.addSafe("--density", DENSITY_SCALE[theme.layout.density]);
	const assets = theme.assets ?? {};
	for (const key of ["bg", "hero", "logo", "crest", "sidebar", "header"] as const) {
		if (assets[key] !== undefined) vars.add(`--theme-asset-${key}`, assetValue(assets[key]), `assets.${key}`);
	}
	for (const [key, value] of Object.entries(assets.custom ?? {})) {
		const name = cssProperty(key);
		if (name !== null) vars.add(`--theme-asset-custom-${name}`, assetValue(value), `assets.custom.${key}`);
	}
	return vars.block('[data-theme="user"]');
}

/** Glow, noise, overlay, background asset, density: the theme's chrome, drawn from its variables. */
const CHROME = `[data-theme="user"] body { background-image: radial-gradient(ellipse at 50% -10%, var(--theme-glow), transparent 60%), var(--theme-asset-bg, none); background-attachment: fixed; background-size: cover; }
[data-theme="user"] body::before { content: ""; position: fixed; inset: 0; pointer-events: none; z-index: 0; opacity: calc(var(--theme-noise) * 0.08); background-image: ${NOISE}; }
[data-theme="user"] body::after { content: ""; position: fixed; inset: 0; pointer-events: none; z-index: 100; background: var(--theme-overlay, transparent); }
[data-theme="user"] .shell { position: relative; z-index: 1; }
[data-theme="user"] main { padding: calc(1.5rem * var(--density)); }
[data-theme="user"] .cards { gap: calc(1rem * var(--density)); }
[data-theme="user"] .card { padding: calc(1rem * var(--density)) calc(1.2rem * var(--density)); }
[data-theme="user"] .topbar { background-image: var(--theme-asset-header, none); background-size: cover; }
[data-theme="user"] .sidebar { background-image: var(--theme-asset-sidebar, none); background-size: cover; }
`;

/** The three layouts: standard (the shell as is), cockpit (icon rail, dense panels), tiled (cards as a mosaic). */
const LAYOUT_VARIANTS: Readonly<Record<string, string>> = {
	standard: "",
	cockpit: `[data-theme="user"] .shell { grid-template-columns: 3.5rem 1fr; }
[data-theme="user"] .sidebar span { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
[data-theme="user"] .sidebar a { justify-content: center; padding: 0.6rem 0; }
[data-theme="user"] main { padding: calc(1rem * var(--density)); }
`,
	tiled: `[data-theme="user"] .cards { grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); grid-auto-flow: dense; }
[data-theme="user"] .card.wide { grid-column: span 2; }
`,
};

function componentStyles(theme: ThemeDefinition, removed: string[]): string {
	let css = "";
	for (const [bucket, props] of Object.entries(theme.componentStyles ?? {})) {
		const selector = COMPONENT_SELECTORS[bucket];
		if (selector === undefined) continue;
		const block = new Declarations(removed);
		for (const [prop, value] of Object.entries(props)) {
			const name = cssProperty(prop);
			if (name === null) {
				removed.push(`componentStyles.${bucket}.${prop}`);
				continue;
			}
			// Both forms: the property on the element, and Hermes's --component-* variable for plugin CSS.
			block.add(name, value, `componentStyles.${bucket}.${prop}`);
			block.add(`--component-${bucket}-${name}`, value, `componentStyles.${bucket}.${prop}`);
		}
		css += block.block(`[data-theme="user"] ${selector}`);
	}
	return css;
}

/** The user theme's style sheet text (sanitised) and what had to be dropped from it. */
export function userThemeCSS(theme: ThemeDefinition): { css: string; removed: string[] } {
	const removed: string[] = [];
	let css = variables(theme, removed) + CHROME + (LAYOUT_VARIANTS[theme.layoutVariant] ?? "");
	css += componentStyles(theme, removed);
	if (theme.customCSS !== undefined) {
		const custom = sanitiseCustomCSS(theme.customCSS);
		removed.push(...custom.removed.map((what) => `customCSS ${what}`));
		css += custom.css;
	}
	return { css, removed: [...new Set(removed)] };
}

export function userThemeStyle(theme: ThemeDefinition): { style: Markup; removed: string[] } {
	const { css, removed } = userThemeCSS(theme);
	const fontURL = allowedFontURL(theme.typography.fontUrl);
	if (theme.typography.fontUrl !== undefined && fontURL === null) {
		removed.push("typography.fontUrl (origin not allowed)");
	}
	// The sanitiser leaves no "<" in css, so it cannot end this element.
	const style = html`${fontURL === null ? "" : html`<link rel="stylesheet" href="${fontURL}" crossorigin="anonymous">`}<style id="theme-user-style">${raw(css)}</style>`;
	return { style, removed };
}
