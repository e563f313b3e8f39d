/**
 * @module
 * The Logs page: file switcher, level / component / line-count / search filters, the
 * live-follow toggle, and the lines coloured by severity. The filters are a plain GET
 * form (works without scripts); `static/js/logs.js` makes them live and tails the file.
 */
import { html } from "hono/html";
import { LineClassifier, LOG_COMPONENTS, LOG_FILES } from "../hermes/logs/files.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

export interface LogsQuery {
	file: string;
	lines: number;
	level: string;
	component: string;
	search: string;
}

function options(values: readonly string[], selected: string, labels: Record<string, string> = {}): Markup {
	return html`${values.map((value) => html`<option value="${value}"${value === selected ? html` selected` : ""}>${labels[value] ?? value}</option>`)}`;
}

/** The lines, each a row classed by its record's severity. */
export function logLines(lines: readonly string[], lang: Language): Markup {
	if (lines.length === 0) {
		return html`<p class="muted log-empty" data-testid="logs-empty">${t(lang, "logs.empty")}</p>`;
	}
	const classifier = new LineClassifier();
	return html`${lines.map((line) => {
		const level = classifier.classify(line).level;
		return html`<div class="log-line lvl-${(level ?? "none").toLowerCase()}">${line.replace(/\r?\n$/, "")}</div>`;
	})}`;
}

/** `problem`: why the file could not be read (shown instead of its lines; the tail stays off). */
export function logsPage(
	query: LogsQuery,
	lines: readonly string[],
	offset: number,
	lang: Language,
	problem?: string,
): Markup {
	return html`<h1>${t(lang, "logs.title")}</h1>
<form class="logs-toolbar" id="logs-form" method="get" action="/logs">
<label>${t(lang, "logs.file")} <select name="file">${options(Object.keys(LOG_FILES), query.file)}</select></label>
<label>${t(lang, "logs.level")} <select name="level">${options(["ALL", "DEBUG", "INFO", "WARNING", "ERROR"], query.level, { ALL: t(lang, "logs.all") })}</select></label>
<label>${t(lang, "logs.component")} <select name="component">${options(["all", ...Object.keys(LOG_COMPONENTS)], query.component, { all: t(lang, "logs.all") })}</select></label>
<label>${t(lang, "logs.lines")} <select name="lines">${options(["50", "100", "200", "500"], String(query.lines))}</select></label>
<label class="logs-search">${t(lang, "logs.search")} <input type="search" name="search" value="${query.search}" autocomplete="off"></label>
<label class="logs-follow"><input type="checkbox" id="logs-follow" checked> ${t(lang, "logs.follow")}</label>
<span class="badge off logs-status" id="logs-status" aria-live="polite" data-live="${t(lang, "logs.live")}" data-paused="${t(lang, "logs.paused")}" data-reconnecting="${t(lang, "logs.reconnecting")}" data-empty="${t(lang, "logs.empty")}"></span>
<noscript><button type="submit">${t(lang, "logs.search")}</button></noscript>
</form>
<div class="log-view" id="log-view" data-offset="${offset}" data-testid="log-view" tabindex="0" role="log" aria-live="off">${problem === undefined ? logLines(lines, lang) : html`<p class="log-empty log-problem" role="alert" data-testid="logs-problem">${problem}</p>`}</div>`;
}
