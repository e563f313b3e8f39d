/**
 * @module
 * The Sessions page: stats bar, filter/search form, the session list (or search hits)
 * with pagination, and the dialogs (delete confirmation, prune). Row actions are wired
 * by `static/js/sessions.js`; the list, stats and pager are htmx fragments.
 */
import { html } from "hono/html";
import type { SessionListRow } from "../hermes/sessions/types.ts";
import type { SessionStats } from "../hermes/sessions/query.ts";
import type { SearchResult } from "../hermes/sessions/search.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { highlightedSnippet, sourceIcon } from "./session_format.ts";
import { formatInteger, relativeElement } from "./format.ts";
import { icon } from "./icons.ts";
import { moreMenu } from "./row_actions.ts";
import { pageTexts } from "./page_texts.ts";

export interface ListState {
	q: string;
	source: string;
	archived: "exclude" | "only" | "include";
	offset: number;
	limit: number;
}

export function listURL(state: ListState, offset: number = state.offset): string {
	const params = new URLSearchParams();
	if (state.q) params.set("q", state.q);
	if (state.source) params.set("source", state.source);
	if (state.archived !== "exclude") params.set("archived", state.archived);
	if (offset > 0) params.set("offset", String(offset));
	const query = params.toString();
	return `/ui/sessions/list${query ? `?${query}` : ""}`;
}

export function statsBar(stats: SessionStats, lang: Language): Markup {
	return html`<div id="session-stats" class="stats-bar" hx-get="/ui/sessions/stats" hx-trigger="hermes:tick from:body, sessions:changed from:body" hx-swap="outerHTML" data-testid="session-stats">
<span><strong data-testid="stat-total">${formatInteger(lang, stats.total)}</strong> ${t(lang, "sessions.total")}</span>
<span><strong data-testid="stat-active">${formatInteger(lang, stats.active_store)}</strong> ${t(lang, "sessions.active_store")}</span>
<span><strong data-testid="stat-archived">${formatInteger(lang, stats.archived)}</strong> ${t(lang, "sessions.archived")}</span>
<span><strong data-testid="stat-messages">${formatInteger(lang, stats.messages)}</strong> ${t(lang, "sessions.messages")}</span>
<span class="by-source">${Object.entries(stats.by_source).map(([source, count]) => html`<span class="source-count">${sourceIcon(source)} ${source} <strong>${formatInteger(lang, count)}</strong></span>`)}</span>
</div>`;
}

function sessionTitle(row: SessionListRow, lang: Language): Markup {
	return row.title
		? html`<span class="session-title" data-testid="session-title">${row.title}</span>`
		: html`<span class="session-title untitled" data-testid="session-title">${row.preview || t(lang, "sessions.untitled")}</span>`;
}

/** Three actions stay in sight; the rest sit behind "more" (a native disclosure). */
function actions(id: string, archived: boolean, lang: Language): Markup {
	return html`<div class="session-actions">
<button type="button" data-action="expand" aria-expanded="false" aria-controls="detail-${id}">${t(lang, "sessions.expand")}</button>
<a class="button resume" href="/chat?resume=${encodeURIComponent(id)}" title="${t(lang, "sessions.resume")}" data-testid="resume">${icon("play", { size: 14 })}<span class="visually-hidden">${t(lang, "sessions.resume")}</span></a>
<button type="button" data-action="rename">${t(lang, "sessions.rename")}</button>
${moreMenu(
	lang,
	html`<button type="button" data-action="archive" data-archived="${archived ? "1" : "0"}">${archived ? t(lang, "sessions.unarchive") : t(lang, "sessions.archive")}</button>
<button type="button" data-action="export">${t(lang, "sessions.export")}</button>
<button type="button" class="danger" data-action="delete">${t(lang, "sessions.delete")}</button>`,
)}
</div>`;
}

export function sessionRow(
	row: SessionListRow,
	lang: Language,
	nowSeconds: number,
	hit?: { snippet: string; q: string },
): Markup {
	const id = row.id;
	const lastActive = row.last_active;
	return html`<article class="session-row${row.archived ? " is-archived" : ""}" data-id="${id}" data-title="${row.title ?? ""}"${hit ? html` data-hit="${hit.q}"` : ""} data-testid="session-row">
<header>
${sourceIcon(row.source)}
<div class="session-main">
${sessionTitle(row, lang)}
${row.is_active ? html`<span class="badge ok live" data-testid="live"><span class="dot pulse"></span>${t(lang, "sessions.live")}</span>` : ""}
${row.archived ? html`<span class="badge off">${t(lang, "sessions.archived_badge")}</span>` : ""}
<div class="session-meta muted small">
<span class="mono">${row.model ?? "—"}</span>
<span data-testid="session-msgs">${formatInteger(lang, row.message_count)} ${t(lang, "sessions.msgs")}</span>
<span>${formatInteger(lang, row.tool_call_count)} ${t(lang, "sessions.tools")}</span>
<span>${t(lang, "sessions.active")} ${relativeElement(lang, lastActive * 1000, nowSeconds * 1000, "session-active")}</span>
<span class="mono id">${id}</span>
</div>
${hit ? html`<p class="snippet" data-testid="snippet">${highlightedSnippet(hit.snippet)}</p>` : ""}
</div>
${actions(id, row.archived, lang)}
</header>
<div class="session-detail" id="detail-${id}" hidden></div>
</article>`;
}

function pager(state: ListState, total: number, lang: Language): Markup {
	const last = Math.min(state.offset + state.limit, total);
	const prev = Math.max(0, state.offset - state.limit);
	return html`<nav class="pager" aria-label="${t(lang, "sessions.pages")}">
<button type="button" hx-get="${listURL(state, prev)}" hx-target="#session-list" ${state.offset === 0 ? "disabled" : ""} data-testid="prev">← ${t(lang, "sessions.prev")}</button>
<span class="muted" data-testid="range">${formatInteger(lang, total === 0 ? 0 : state.offset + 1)}–${formatInteger(lang, last)} / ${formatInteger(lang, total)}</span>
<button type="button" hx-get="${listURL(state, state.offset + state.limit)}" hx-target="#session-list" ${last >= total ? "disabled" : ""} data-testid="next">${t(lang, "sessions.next")} →</button>
</nav>`;
}

export function sessionList(
	rows: SessionListRow[],
	total: number,
	state: ListState,
	lang: Language,
	nowSeconds: number,
): Markup {
	return html`<div class="session-list" data-list-url="${listURL(state)}">
${rows.length === 0 ? html`<p class="muted empty" data-testid="no-sessions">${t(lang, "sessions.empty")}</p>` : rows.map((row) => sessionRow(row, lang, nowSeconds))}
${pager(state, total, lang)}
</div>`;
}

export function searchList(
	results: SearchResult[],
	sessions: Map<string, SessionListRow>,
	state: ListState,
	lang: Language,
	nowSeconds: number,
): Markup {
	// A hit whose session was deleted since the search ran has nothing to show.
	const shown = results.flatMap((result) => {
		const row = sessions.get(result.session_id);
		return row === undefined ? [] : [{ row, snippet: result.snippet }];
	});
	return html`<div class="session-list search" data-list-url="${listURL(state)}">
<p class="muted small" data-testid="search-count">${formatInteger(lang, shown.length)} ${t(lang, "sessions.search_hits")} “${state.q}”</p>
${shown.length === 0 ? html`<p class="muted empty" data-testid="no-results">${t(lang, "sessions.no_results")}</p>` : ""}
${shown.map(({ row, snippet }) => sessionRow(row, lang, nowSeconds, { snippet, q: state.q }))}
</div>`;
}

function dialogs(lang: Language): Markup {
	return html`<dialog id="delete-dialog" data-testid="delete-dialog">
<form method="dialog">
<h2>${t(lang, "sessions.delete_title")}</h2>
<p>${t(lang, "sessions.delete_confirm")} <strong class="mono" data-role="target"></strong></p>
<menu><button value="cancel">${t(lang, "sessions.cancel")}</button> <button value="confirm" class="danger" data-testid="confirm-delete">${t(lang, "sessions.delete")}</button></menu>
</form>
</dialog>
<dialog id="prune-dialog" data-testid="prune-dialog">
<form method="dialog" id="prune-form">
<h2>${t(lang, "sessions.prune_title")}</h2>
<label>${t(lang, "sessions.prune_days")} <input type="number" name="older_than_days" min="1" value="90" required data-testid="prune-days"></label>
<label><input type="checkbox" name="include_archived"> ${t(lang, "sessions.prune_archived")}</label>
<p class="muted small">${t(lang, "sessions.prune_note")}</p>
<div id="prune-preview" aria-live="polite" data-testid="prune-preview"></div>
<menu><button value="cancel">${t(lang, "sessions.cancel")}</button> <button type="button" data-action="prune-preview" data-testid="prune-dry-run">${t(lang, "sessions.prune_preview")}</button> <button type="button" class="danger" data-action="prune-run" data-testid="prune-run" disabled>${t(lang, "sessions.prune_run")}</button></menu>
</form>
</dialog>`;
}

export function sessionsPage(stats: Markup, list: Markup, state: ListState, sources: string[], lang: Language): Markup {
	return html`<h1>${t(lang, "sessions.title")}</h1>
${stats}
<form id="session-filters" class="session-toolbar" hx-get="/ui/sessions/list" hx-target="#session-list" hx-trigger="input delay:300ms, submit" role="search">
<input type="search" name="q" value="${state.q}" placeholder="${t(lang, "sessions.search_placeholder")}" aria-label="${t(lang, "sessions.search")}" data-testid="session-search">
<select name="source" aria-label="${t(lang, "sessions.source")}">
<option value="">${t(lang, "sessions.all_sources")}</option>
${sources.map((source) => html`<option value="${source}" ${source === state.source ? "selected" : ""}>${source}</option>`)}
</select>
<select name="archived" aria-label="${t(lang, "sessions.archived")}">
<option value="exclude" ${state.archived === "exclude" ? "selected" : ""}>${t(lang, "sessions.hide_archived")}</option>
<option value="include" ${state.archived === "include" ? "selected" : ""}>${t(lang, "sessions.with_archived")}</option>
<option value="only" ${state.archived === "only" ? "selected" : ""}>${t(lang, "sessions.only_archived")}</option>
</select>
<button type="button" data-action="prune-open" data-testid="prune-open">${t(lang, "sessions.prune_open")}</button>
</form>
<p id="session-error" class="error-banner" role="alert" hidden></p>
<div id="session-list" aria-live="polite">${list}</div>
${dialogs(lang)}
${pageTexts(lang, ["script.prune_matched", "script.prune_removed", "script.prune_messages"])}`;
}

/** A locked or damaged state.db, said plainly where the list or stats would be. */
export function storeErrorBanner(message: string): Markup {
	return html`<p class="error-banner" role="alert" data-testid="store-error">${message}</p>`;
}
