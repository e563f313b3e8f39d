/**
 * @module
 * CSS variables for a user theme from `dashboard-themes/*.yaml`. Built-in themes live in
 * static/css/app.css; a user theme is rendered as one `<style>` block.
 */
import { html, raw } from "hono/html";
import type { ThemeDefinition, ThemeEntry } from "../hermes/themes/themes.ts";
import type { Markup } from "./layout.ts";

/** Keeps theme text from closing the style element or smuggling markup. */
function cssSafe(value: string): string {
	return value.replace(/<\/?style/gi, "").replace(/[<>]/g, "");
}

function rgba(hex: string, alpha: number): string {
	const full = hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex.slice(0, 7);
	const n = Number.parseInt(full.slice(1), 16);
	return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** How a page shows a theme: `data-theme` ("user" for a user theme) and its `<style>`, if any. */
export function themePresentation(theme: ThemeEntry): { name: string; style?: Markup } {
	return theme.definition === undefined
		? { name: theme.name }
		: { name: "user", style: userThemeStyle(theme.definition) };
}

export function userThemeStyle(theme: ThemeDefinition): Markup {
	const p = theme.palette;
	const o = theme.colorOverrides ?? {};
	const vars: Record<string, string> = {
		"--bg": rgba(p.background.hex, p.background.alpha),
		"--bg-raised": o.card ?? `color-mix(in srgb, ${p.background.hex} 88%, ${p.midground.hex})`,
		"--bg-sunken": `color-mix(in srgb, ${p.background.hex} 85%, black)`,
		"--fg": o.cardForeground ?? p.midground.hex,
		"--fg-muted": o.mutedForeground ?? `color-mix(in srgb, ${p.midground.hex} 65%, ${p.background.hex})`,
		"--accent": o.primary ?? p.midground.hex,
		"--accent-fg": o.primaryForeground ?? p.background.hex,
		"--border": o.border ?? `color-mix(in srgb, ${p.midground.hex} 22%, ${p.background.hex})`,
		"--radius": theme.layout.radius,
		"--base-size": theme.typography.baseSize ?? "15px",
	};
	if (o.success) vars["--ok"] = o.success;
	if (o.warning) vars["--warn"] = o.warning;
	if (o.destructive) vars["--danger"] = o.destructive;
	if (theme.typography.fontSans) vars["--font-sans"] = theme.typography.fontSans;
	if (theme.typography.fontMono) vars["--font-mono"] = theme.typography.fontMono;
	const body = Object.entries(vars)
		.map(([name, value]) => `${name}: ${cssSafe(value)};`)
		.join(" ");
	return html`<style>[data-theme="user"] { ${raw(body)} }${raw(theme.customCSS ? `\n${cssSafe(theme.customCSS)}` : "")}</style>`;
}
