/**
 * @module
 * Small helpers shared by the Sessions and Status views (dates and numbers: ./format.ts).
 */
import { html } from "hono/html";
import type { Markup } from "./layout.ts";
import { platformIcon } from "./icons.ts";

/** Source platform icon (Lucide, src/views/icons.ts) with its name for screen readers and hover. */
export function sourceIcon(source: unknown): Markup {
	const name = typeof source === "string" && source !== "" ? source : "cli";
	return html`<span class="source-icon" role="img" title="${name}" aria-label="${name}" data-source="${name}">${platformIcon(name)}</span>`;
}

/** Snippet with Hermes's `>>>`/`<<<` markers → escaped text with `<mark>` highlights. */
export function highlightedSnippet(snippet: string): Markup {
	const parts = snippet.split(/(>>>|<<<)/);
	let inside = false;
	const out: Markup[] = [];
	for (const part of parts) {
		if (part === ">>>") {
			inside = true;
		} else if (part === "<<<") {
			inside = false;
		} else if (part !== "") {
			out.push(inside ? html`<mark>${part}</mark>` : html`${part}`);
		}
	}
	return html`${out}`;
}
