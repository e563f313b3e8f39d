/**
 * @module
 * The Config page: one tab per schema category (in the schema's order), one row per
 * field with a control chosen by type, plus the raw YAML and history tabs and the diff
 * dialog. Values are rendered without `${VAR}` expansion, and secret-looking fields are
 * never rendered (only whether they are set); `static/js/config.js` does the editing.
 */
import { html } from "hono/html";
import type { ConfigSchema, SchemaField } from "../hermes/config/schema.ts";
import { describePath, fieldNote } from "../hermes/config/schema.ts";
import { getPath, type ConfigMapping } from "../hermes/config/yaml.ts";
import { DEFAULT_CONFIG } from "../hermes/config/defaults.ts";
import { isSecretConfigKey } from "../hermes/config/secrets.ts";
import type { HistoryEntry } from "../hermes/config/history.ts";
import { redactValue } from "../security/redact.ts";
import { t, type Language, type MessageKey } from "./i18n.ts";
import { EN as CATEGORY_NAMES } from "./strings/config_categories.ts";
import { formatBytes, formatInteger, timeElement } from "./format.ts";
import type { Markup } from "./layout.ts";
import { pageTexts } from "./page_texts.ts";
import { EN as SCRIPT_TEXTS } from "./strings/page_scripts.ts";

/** What static/js/config.js writes itself. */
const CONFIG_SCRIPT_TEXTS = (Object.keys(SCRIPT_TEXTS) as MessageKey[]).filter((key) =>
	key.startsWith("script.config_"),
);

export interface ConfigPageData {
	lang: Language;
	schema: ConfigSchema;
	/** `/api/config` shape, without env expansion. */
	values: ConfigMapping;
	version: string;
	path: string;
	parseError?: string;
	/**
	 * Render only the first category's fields; the others are empty sections the page fills
	 * from `/ui/config/panels` when a tab, the search or an export needs them (572 fields are
	 * most of the page's weight).
	 */
	lazyPanels?: boolean;
}

function defaultOf(key: string): unknown {
	if (key === "model_context_length") {
		return 0;
	}
	return getPath(DEFAULT_CONFIG as ConfigMapping, key);
}

function fieldValue(values: ConfigMapping, key: string): unknown {
	return key in values ? values[key] : getPath(values, key);
}

/** Lists of plain strings are edited one per line; anything else as JSON. */
function listFormat(value: unknown, fallback: unknown): "lines" | "json" {
	const items = [...(Array.isArray(value) ? value : []), ...(Array.isArray(fallback) ? fallback : [])];
	return items.every((item) => typeof item === "string" && !item.includes("\n")) ? "lines" : "json";
}

function control(
	id: string,
	_key: string,
	field: SchemaField,
	value: unknown,
	fallback: unknown,
	secret: boolean,
	lang: Language,
): Markup {
	if (secret) {
		const set = typeof value === "string" && value !== "";
		return html`<input type="password" id="${id}" autocomplete="off" placeholder="${set ? t(lang, "config.field_secret_set").replace("{value}", redactValue(value)) : t(lang, "config.field_secret_unset")}">`;
	}
	if (field.type === "boolean" || field.type === "bool") {
		return html`<label class="toggle"><input type="checkbox" id="${id}" role="switch" ${value === true ? "checked" : ""}><span></span></label>`;
	}
	if (field.type === "select") {
		const options = [...(field.options ?? [])];
		for (const extra of [value, fallback]) {
			if (typeof extra === "string" && !options.includes(extra)) {
				options.push(extra);
			}
		}
		return html`<select id="${id}">${options.map((option) => html`<option value="${option}" ${option === value ? "selected" : ""}>${option === "" ? t(lang, "config.field_none") : option}</option>`)}</select>`;
	}
	if (field.type === "number") {
		return html`<input type="number" step="any" id="${id}" value="${typeof value === "number" ? String(value) : ""}">`;
	}
	if (field.type === "list") {
		const format = listFormat(value, fallback);
		const list = Array.isArray(value) ? value : [];
		const text = format === "lines" ? list.join("\n") : JSON.stringify(list, null, 2);
		return html`<textarea id="${id}" rows="${Math.min(8, Math.max(2, list.length + 1))}" data-format="${format}" spellcheck="false">${text}</textarea>`;
	}
	if (field.type === "object") {
		return html`<textarea id="${id}" rows="3" data-format="json" spellcheck="false">${JSON.stringify(value ?? {}, null, 2)}</textarea>`;
	}
	return html`<input type="text" id="${id}" value="${value === null || value === undefined ? "" : String(value)}" spellcheck="false">`;
}

function fieldRow(key: string, field: SchemaField, values: ConfigMapping, lang: Language): Markup {
	const id = `cfg-${key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
	const secret = isSecretConfigKey(key);
	const value = fieldValue(values, key);
	const fallback = defaultOf(key);
	const note = fieldNote(key);
	return html`<div class="cfg-field" data-key="${key}" data-type="${field.type}" data-default="${JSON.stringify(fallback ?? null)}"${
		secret ? html` data-secret="1"` : html` data-initial="${JSON.stringify(value ?? null)}"`
	}>
<label for="${id}"><span class="cfg-label">${field.description}</span> <code class="cfg-key">${key}</code> <span class="cfg-mark" title="${t(lang, "config.field_differs")}"></span></label>
<div class="cfg-control">${control(id, key, field, value, fallback, secret, lang)}</div>
${note !== undefined ? html`<p class="cfg-note muted small">${note}</p>` : ""}
</div>`;
}

/** The category's name in the page's language; a category new to the schema falls back to Hermes's title case. */
export function categoryLabel(category: string, lang: Language): string {
	const key = `config.category.${category}`;
	return key in CATEGORY_NAMES ? t(lang, key as MessageKey) : describePath(category);
}

/** The schema's fields by category, in the schema's order (empty categories left out). */
function fieldsByCategory(schema: ConfigSchema): [string, [string, SchemaField][]][] {
	const byCategory = new Map<string, [string, SchemaField][]>();
	for (const category of schema.category_order) {
		byCategory.set(category, []);
	}
	for (const [key, field] of Object.entries(schema.fields)) {
		byCategory.get(field.category)?.push([key, field]);
	}
	return [...byCategory.entries()].filter(([, fields]) => fields.length > 0);
}

function panel(
	category: string,
	fields: [string, SchemaField][],
	values: ConfigMapping,
	hidden: boolean,
	lang: Language,
): Markup {
	return html`<section class="config-panel" role="tabpanel" data-panel="${category}" ${hidden ? "hidden" : ""}>
<h2>${categoryLabel(category, lang)}</h2>
${fields.map(([key, field]) => fieldRow(key, field, values, lang))}
</section>`;
}

/** Every category's panel but the first: what a lazily rendered page fetches on first need. */
export function configPanels(data: Pick<ConfigPageData, "schema" | "values" | "version" | "lang">): Markup {
	const [, ...rest] = fieldsByCategory(data.schema);
	return html`<div data-version="${data.version}">${rest.map(([category, fields]) => panel(category, fields, data.values, true, data.lang))}</div>`;
}

export function configPage(data: ConfigPageData): Markup {
	const { lang, schema } = data;
	const categories = fieldsByCategory(schema);
	const first = categories[0]?.[0] ?? "general";
	return html`<div class="config-page" id="config-page" data-version="${data.version}" data-broken="${data.parseError !== undefined ? "1" : ""}">
<div class="config-head">
<h1>${t(lang, "config.title")} <span class="muted small mono">${data.path}</span></h1>
<div class="config-actions">
<input type="search" id="config-search" placeholder="${t(lang, "config.search")}" aria-label="${t(lang, "config.search")}">
<button type="button" id="config-save" class="primary">${t(lang, "config.save")}</button>
<button type="button" id="config-reset">${t(lang, "config.reset")}</button>
<button type="button" id="config-export">${t(lang, "config.export")}</button>
<label class="button" for="config-import">${t(lang, "config.import")}</label>
<input type="file" id="config-import" accept="application/json,.json" class="visually-hidden">
</div>
</div>
<p id="config-status" class="config-status" role="status" aria-live="polite"></p>
${
	data.parseError !== undefined
		? html`<div class="error-banner" id="config-parse-error" data-testid="config-parse-error"><strong>${t(lang, "config.broken")}</strong> <span class="mono">${data.parseError}</span> <button type="button" data-tab-link="__raw">${t(lang, "config.open_raw")}</button></div>`
		: ""
}
<div class="config-tabs" role="tablist" aria-label="${t(lang, "config.categories")}">
${categories.map(([category, fields]) => html`<button type="button" role="tab" class="config-tab" data-tab="${category}" aria-selected="${category === first ? "true" : "false"}">${categoryLabel(category, lang)} <span class="count">${formatInteger(lang, fields.length)}</span></button>`)}
<button type="button" role="tab" class="config-tab" data-tab="__raw" aria-selected="false">${t(lang, "config.raw")}</button>
<button type="button" role="tab" class="config-tab" data-tab="__history" aria-selected="false">${t(lang, "config.history")}</button>
</div>
<form id="config-form" autocomplete="off">
${categories.map(([category, fields]) =>
	category === first || data.lazyPanels !== true
		? panel(category, fields, data.values, category !== first, lang)
		: html`<section class="config-panel" role="tabpanel" data-panel="${category}" data-lazy hidden><h2>${categoryLabel(category, lang)}</h2></section>`,
)}
<p class="muted config-empty" id="config-no-match" hidden>${t(lang, "config.no_match")}</p>
</form>
<section class="config-panel" role="tabpanel" data-panel="__raw" hidden>
<h2>${t(lang, "config.raw")}</h2>
<p class="muted small">${t(lang, "config.raw_hint")}</p>
<textarea id="config-raw" rows="28" spellcheck="false" class="mono" aria-label="config.yaml"></textarea>
<p id="config-raw-error" class="error-banner" hidden></p>
<button type="button" id="config-raw-save" class="primary">${t(lang, "config.raw_save")}</button>
</section>
<section class="config-panel" role="tabpanel" data-panel="__history" hidden>
<h2>${t(lang, "config.history")}</h2>
<div id="config-history" hx-get="/ui/config/history" hx-trigger="config:history from:body" hx-swap="innerHTML"></div>
<pre id="config-history-diff" class="config-diff"></pre>
</section>
${pageTexts(lang, CONFIG_SCRIPT_TEXTS)}
<dialog id="config-dialog" class="config-dialog">
<h2 id="config-dialog-title"></h2>
<p id="config-dialog-message"></p>
<pre id="config-diff" class="config-diff"></pre>
<div class="config-dialog-actions">
<button type="button" id="config-dialog-confirm" class="primary">${t(lang, "config.confirm_save")}</button>
<button type="button" id="config-dialog-reload" hidden>${t(lang, "config.reload")}</button>
<button type="button" id="config-dialog-cancel">${t(lang, "config.cancel")}</button>
</div>
</dialog>
</div>`;
}

export function historyList(entries: HistoryEntry[], lang: Language): Markup {
	if (entries.length === 0) {
		return html`<p class="muted">${t(lang, "config.history_empty")}</p>`;
	}
	return html`<table class="config-history"><thead><tr><th>${t(lang, "config.saved_at")}</th><th>${t(lang, "config.version")}</th><th></th></tr></thead><tbody>
${entries.map(
	(
		entry,
	) => html`<tr data-history="${entry.id}"><td>${timeElement(lang, entry.saved_at)}</td><td class="mono">${entry.version.slice(0, 10)} <span class="muted small">${formatBytes(lang, entry.size)}</span></td>
<td><button type="button" hx-get="/ui/config/history/${entry.id}" hx-target="#config-history-diff" hx-swap="innerHTML">${t(lang, "config.diff")}</button>
<button type="button" data-restore="${entry.id}">${t(lang, "config.restore")}</button></td></tr>`,
)}
</tbody></table>`;
}

/** A unified diff as lines coloured by their first character. */
export function historyDiff(diff: string, lang: Language): Markup {
	if (diff === "") {
		return html`<span class="muted">${t(lang, "config.same")}</span>`;
	}
	return html`${diff.split("\n").map((line) => html`<span class="${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : ""}">${line}</span>\n`)}`;
}
