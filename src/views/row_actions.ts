/**
 * @module
 * A row's secondary actions behind one "more" button: a native `<details>` disclosure
 * (keyboard and screen readers get it for free; static/js/palette.js closes it on
 * Escape, on a click outside and once an item is chosen). Rows show at most three
 * actions in sight.
 */
import { html } from "hono/html";
import { t, type Language } from "./i18n.ts";
import { icon } from "./icons.ts";
import type { Markup } from "./layout.ts";

export function moreMenu(lang: Language, items: Markup): Markup {
	return html`<details class="more-menu" data-testid="more-actions"><summary class="button" aria-label="${t(lang, "a11y.more")}" title="${t(lang, "a11y.more")}">${icon("ellipsis", { size: 14 })}</summary><div class="more-items">
${items}
</div></details>`;
}
