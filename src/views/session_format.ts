/**
 * @module
 * Small formatting helpers shared by the Sessions, Analytics and Status views.
 */
import { html } from "hono/html";
import type { Markup } from "./layout.ts";
import { platformIcon } from "./icons.ts";

/** Source platform icon (Lucide, src/views/icons.ts) with its name for screen readers and hover. */
export function sourceIcon(source: unknown): Markup {
	const name = typeof source === "string" && source !== "" ? source : "cli";
	return html`<span class="source-icon" role="img" title="${name}" aria-label="${name}" data-source="${name}">${platformIcon(name)}</span>`;
}

/** "3m ago", "2h ago", "5d ago" from epoch seconds. */
export function ago(epochSeconds: number, nowSeconds: number): string {
	const seconds = Math.max(0, nowSeconds - epochSeconds);
	if (seconds < 60) return `${Math.floor(seconds)}s ago`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
	if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
	return `${Math.floor(seconds / 86400)}d ago`;
}

/** 1234567 → "1.23M", 12345 → "12.3K". */
export function compactNumber(value: number): string {
	if (value >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
	if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
	if (value >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
	return String(Math.round(value));
}

export function usd(value: number): string {
	return value >= 1 || value === 0 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}

export function isoDate(epochSeconds: number): string {
	return new Date(epochSeconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
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
