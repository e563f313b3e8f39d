/**
 * @module
 * The texts a page's script writes itself, in the page's language: one hidden element
 * holding them as JSON, read by `hermesText(key, {n})` in app.js. Keeps every visible
 * string in the string tables (no inline script: the CSP forbids it).
 */
import { html } from "hono/html";
import { t, type Language, type MessageKey } from "./i18n.ts";
import type { Markup } from "./layout.ts";

export function pageTexts(lang: Language, keys: readonly MessageKey[]): Markup {
	const texts = Object.fromEntries(keys.map((key) => [key, t(lang, key)]));
	return html`<div id="page-texts" hidden data-texts="${JSON.stringify(texts)}"></div>`;
}
