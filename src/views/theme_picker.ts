/**
 * @module
 * The header's palette button: a `<details>` menu of every theme (opens without
 * JavaScript; static/js/themes.js switches live and saves), plus the warnings a broken
 * or unavailable theme leaves.
 */
import { html, raw } from "hono/html";
import type { ActiveTheme, ThemeEntry } from "../hermes/themes/themes.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

const PALETTE_ICON =
	"M12 3a9 9 0 1 0 0 18c1.1 0 1.7-.9 1.7-1.8 0-.5-.2-.9-.5-1.2-.3-.3-.5-.7-.5-1.2 0-1 .8-1.8 1.8-1.8H16a5 5 0 0 0 5-5c0-4-4-7-9-7zM7.5 12a1.5 1.5 0 1 1 0-.01M10 7.5a1.5 1.5 0 1 1 0-.01M15 7.5a1.5 1.5 0 1 1 0-.01";

function fill(text: string, values: Record<string, string>): string {
	return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** What is wrong with the active theme or the theme folder, in words; empty when nothing is. */
export function themeWarnings(lang: Language, active: ActiveTheme, removed: readonly string[]): string[] {
	const warnings: string[] = [];
	if (!active.found) {
		warnings.push(fill(t(lang, "themes.missing"), { name: active.wanted, fallback: active.entry.label }));
	}
	if (active.catalogue.broken.length > 0) {
		warnings.push(fill(t(lang, "themes.broken"), { files: active.catalogue.broken.join(", ") }));
	}
	if (removed.length > 0) {
		warnings.push(fill(t(lang, "themes.removed"), { parts: removed.join(", ") }));
	}
	return warnings;
}

function choice(theme: ThemeEntry, active: ThemeEntry): Markup {
	const kind = theme.definition === undefined ? "builtin" : "user";
	const pressed = theme.name === active.name ? "true" : "false";
	return html`<li><button type="button" data-theme-choice="${theme.name}" data-theme-kind="${kind}" aria-pressed="${pressed}" title="${theme.description}">${theme.label}</button></li>`;
}

export function themePicker(lang: Language, active: ActiveTheme, warnings: readonly string[]): Markup {
	const builtins = active.catalogue.themes.filter((theme) => theme.definition === undefined);
	const users = active.catalogue.themes.filter((theme) => theme.definition !== undefined);
	const label = t(lang, "themes.button");
	return html`<details class="theme-picker" id="theme-picker" data-save-failed="${t(lang, "themes.save_failed")}">
<summary aria-label="${label}" title="${label}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${PALETTE_ICON}"/></svg>${
		warnings.length > 0 ? raw('<span class="theme-warning-dot" aria-hidden="true"></span>') : ""
	}</summary>
<div class="theme-menu" role="group" aria-label="${t(lang, "themes.menu")}">
<p class="theme-menu-heading">${t(lang, "themes.builtin")}</p>
<ul>${builtins.map((theme) => choice(theme, active.entry))}</ul>
${users.length > 0 ? html`<p class="theme-menu-heading">${t(lang, "themes.yours")}</p><ul>${users.map((theme) => choice(theme, active.entry))}</ul>` : ""}
${warnings.map((warning) => html`<p class="theme-warning" role="status">${warning}</p>`)}
<p class="theme-error" role="alert" hidden></p>
</div>
</details>`;
}
