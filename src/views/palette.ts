/**
 * @module
 * The shell's two keyboard dialogs, rendered once per page: the command palette
 * (Ctrl/⌘-K, a combobox over `GET /api/palette`) and the shortcut list (`?`).
 * static/js/palette.js drives them; native `<dialog>` gives the focus trap and Escape.
 */
import { html } from "hono/html";
import { t, type Language } from "./i18n.ts";
import { icon } from "./icons.ts";
import type { Markup } from "./layout.ts";

/** The kinds' labels, read by palette.js to caption each result. */
function kindLabels(lang: Language): string {
	return JSON.stringify({
		page: t(lang, "a11y.kind.page"),
		session: t(lang, "a11y.kind.session"),
		config: t(lang, "a11y.kind.config"),
		env: t(lang, "a11y.kind.env"),
		cron: t(lang, "a11y.kind.cron"),
		skill: t(lang, "a11y.kind.skill"),
	});
}

function shortcut(keys: string[], label: string): Markup {
	return html`<div><dt>${keys.map((key, i) => html`${i > 0 ? " / " : ""}<kbd>${key}</kbd>`)}</dt><dd>${label}</dd></div>`;
}

export function shellDialogs(lang: Language): Markup {
	return html`<dialog id="palette" class="palette" aria-labelledby="palette-title" data-kinds="${kindLabels(lang)}" data-testid="palette">
<h2 id="palette-title" class="visually-hidden">${t(lang, "a11y.palette")}</h2>
<div class="palette-field">${icon("search")}<input id="palette-input" type="text" role="combobox" aria-expanded="false" aria-controls="palette-results" aria-autocomplete="list" autocomplete="off" spellcheck="false" aria-label="${t(lang, "a11y.palette_input")}" placeholder="${t(lang, "a11y.palette_input")}"></div>
<ul id="palette-results" role="listbox" aria-label="${t(lang, "a11y.palette")}"></ul>
<p id="palette-empty" class="muted" hidden>${t(lang, "a11y.palette_empty")}</p>
<p class="palette-hint muted small">${t(lang, "a11y.palette_hint")}</p>
</dialog>
<dialog id="shortcuts" class="shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcuts">
<h2 id="shortcuts-title">${t(lang, "a11y.shortcuts")}</h2>
<dl>
${shortcut(["Ctrl K", "⌘ K"], t(lang, "a11y.shortcut_palette"))}
${shortcut(["/"], t(lang, "a11y.shortcut_search"))}
${shortcut(["?"], t(lang, "a11y.shortcut_help"))}
${shortcut(["Esc"], t(lang, "a11y.shortcut_close"))}
${shortcut(["F6"], t(lang, "a11y.shortcut_terminal"))}
</dl>
<form method="dialog"><button type="submit" class="primary">${t(lang, "a11y.close")}</button></form>
</dialog>`;
}
