/**
 * @module
 * The API Keys page: `.env` variables grouped by category, each with its state, masked
 * preview, description, key link, set/update input, delete and reveal buttons. Values
 * are never rendered: only the masked preview. Behaviour lives in `static/js/env.js`.
 */
import { html } from "hono/html";
import type { EnvRow } from "../hermes/env/vars.ts";
import { t, type Language, type MessageKey } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { formatInteger } from "./format.ts";

interface Group {
	id: string;
	label: MessageKey;
	categories: readonly string[];
}

const GROUPS: readonly Group[] = [
	{ id: "provider", label: "env.group.provider", categories: ["provider"] },
	{ id: "tool", label: "env.group.tool", categories: ["tool", "skill"] },
	{ id: "messaging", label: "env.group.messaging", categories: ["messaging"] },
	{ id: "setting", label: "env.group.setting", categories: ["setting"] },
	{ id: "custom", label: "env.group.custom", categories: ["custom"] },
];

function row(name: string, entry: EnvRow, lang: Language): Markup {
	// Advanced keys hide behind the toggle unless they already have a value.
	const hidden = entry.advanced && !entry.is_set;
	return html`<li class="env-row${hidden ? " advanced" : ""}${entry.is_set ? " is-set" : ""}" data-key="${name}" data-testid="env-row-${name}">
<div class="env-head">
<code class="env-name">${name}</code>
${
	entry.is_set
		? html`<span class="badge ok" data-testid="env-state">${t(lang, "env.set")}</span>`
		: html`<span class="badge off" data-testid="env-state">${t(lang, "env.unset")}</span>`
}
${entry.provider_label !== "" ? html`<span class="muted small">${entry.provider_label}</span>` : ""}
${entry.url !== null ? html`<a class="small" href="${entry.url}" target="_blank" rel="noopener noreferrer">${t(lang, "env.get_key")}</a>` : ""}
</div>
${entry.description !== "" ? html`<p class="muted small env-desc">${entry.description}</p>` : ""}
${
	entry.is_set
		? html`<div class="env-value"><code class="env-preview" data-testid="env-preview">${entry.redacted_value}</code>
<button type="button" class="small" data-action="reveal">${t(lang, "env.reveal")}</button></div>`
		: ""
}
<form class="env-set" data-action="set">
<input name="value" type="${entry.is_password ? "password" : "text"}" autocomplete="off" spellcheck="false" aria-label="${t(lang, "env.value")} ${name}" placeholder="${entry.is_set ? t(lang, "env.update_placeholder") : t(lang, "env.set_placeholder")}">
<button type="submit" class="primary">${t(lang, "env.save")}</button>
${entry.is_set || entry.custom ? html`<button type="button" class="danger" data-action="delete">${t(lang, "env.delete")}</button>` : ""}
</form>
<p class="env-error" role="alert" hidden></p>
</li>`;
}

/** The grouped list; swapped whole after every change. */
export function envList(rows: Record<string, EnvRow>, lang: Language): Markup {
	const entries = Object.entries(rows).filter(([, entry]) => !entry.channel_managed);
	return html`<div id="env-list">${GROUPS.map((group) => {
		// Keys that are set come first; otherwise catalogue order (stable sort).
		const members = entries
			.filter(([, entry]) => group.categories.includes(entry.category))
			.sort(([, a], [, b]) => Number(b.is_set) - Number(a.is_set));
		if (members.length === 0) {
			return "";
		}
		const setCount = members.filter(([, entry]) => entry.is_set).length;
		return html`<section class="card wide env-group" data-group="${group.id}">
<h2>${t(lang, group.label)} <span class="muted small">${formatInteger(lang, setCount)} / ${formatInteger(lang, members.length)}</span></h2>
<ul class="env-rows">${members.map(([name, entry]) => row(name, entry, lang))}</ul>
</section>`;
	})}</div>`;
}

export function envPage(rows: Record<string, EnvRow>, lang: Language): Markup {
	return html`<h1>${t(lang, "env.title")}</h1>
<div class="env-page" id="env-page" data-hide-label="${t(lang, "env.hide")}" data-confirm="${t(lang, "env.confirm_delete")}" data-empty-value="${t(lang, "env.empty_value")}">
<div class="env-toolbar">
<input type="search" id="env-filter" placeholder="${t(lang, "env.filter")}" aria-label="${t(lang, "env.filter")}">
<label class="env-toggle"><input type="checkbox" id="env-show-advanced"> ${t(lang, "env.show_advanced")}</label>
</div>
<form class="card wide env-add" id="env-add">
<h2>${t(lang, "env.add_custom")}</h2>
<input name="key" placeholder="MY_VARIABLE" aria-label="${t(lang, "env.name")}" autocomplete="off" spellcheck="false" pattern="[A-Za-z_][A-Za-z0-9_]*" required>
<input name="value" type="password" placeholder="${t(lang, "env.value")}" aria-label="${t(lang, "env.value")}" autocomplete="off">
<button type="submit" class="primary">${t(lang, "env.save")}</button>
<p class="env-error" role="alert" hidden></p>
</form>
${envList(rows, lang)}
</div>`;
}
