/**
 * @module
 * The Models page: the main model card with a provider/model picker, the auxiliary task
 * slots, the default Mixture-of-Agents preset, and per-model usage. `static/js/models.js`
 * saves through the JSON API (scoped by the page's `?profile=`) and reloads.
 */
import { html, raw } from "hono/html";
import type { ModelInfo, AuxSlot } from "../hermes/models/model_config.ts";
import type { ModelOptions } from "../hermes/models/options.ts";
import type { MoaConfig, MoaPreset } from "../hermes/models/moa.ts";
import type { ModelUsageReport } from "../hermes/sessions/model_analytics.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { formatCost, formatInteger } from "./format.ts";

export interface ModelsView {
	profile: string | null;
	info: ModelInfo;
	auxiliary: { tasks: AuxSlot[]; main: { provider: string; model: string } };
	moa: MoaConfig & MoaPreset;
	usage: ModelUsageReport;
	options: ModelOptions;
	days: number;
}

/** The picker's data: provider slugs with their models, for the script (JSON in a data attribute). */
function pickerData(options: ModelOptions): string {
	return JSON.stringify(
		options.providers
			.filter((row) => row.slug !== "moa")
			.map((row) => ({ slug: row.slug, name: row.name, models: row.models, warning: row.warning ?? "" })),
	);
}

function mainCard(view: ModelsView, lang: Language): Markup {
	const info = view.info;
	return html`<section class="card models-main" data-testid="models-main">
<h2>${t(lang, "models.main")}</h2>
<dl class="models-facts">
<dt>${t(lang, "models.model")}</dt><dd data-testid="models-current-model">${info.model || t(lang, "models.not_set")}</dd>
<dt>${t(lang, "models.provider")}</dt><dd data-testid="models-current-provider">${info.provider || t(lang, "models.not_set")}</dd>
<dt>${t(lang, "models.context")}</dt><dd>${info.effective_context_length > 0 ? formatInteger(lang, info.effective_context_length) : "auto"}</dd>
</dl>
<form id="models-main-form" class="models-picker" data-options="${pickerData(view.options)}">
<label>${t(lang, "models.provider")} <select name="provider" data-testid="models-provider">${view.options.providers
		.filter((row) => row.slug !== "moa")
		.map(
			(row) =>
				html`<option value="${row.slug}"${row.slug === info.provider ? raw(" selected") : ""}>${row.name}${row.authenticated ? "" : " ·"}</option>`,
		)}</select></label>
<label>${t(lang, "models.model")} <input name="model" list="models-model-list" value="${info.model}" required autocomplete="off" data-testid="models-model"></label>
<datalist id="models-model-list"></datalist>
<button type="submit" class="primary" data-testid="models-main-save">${t(lang, "models.save")}</button>
<p class="muted models-hint" data-slot="hint"></p>
</form>
</section>`;
}

function auxCard(view: ModelsView, lang: Language): Markup {
	return html`<section class="card wide models-aux">
<h2>${t(lang, "models.auxiliary")}</h2>
<table class="models-table"><thead><tr><th>${t(lang, "models.task")}</th><th>${t(lang, "models.provider")}</th><th>${t(lang, "models.model")}</th><th></th></tr></thead>
<tbody>${view.auxiliary.tasks.map(
		(slot) => html`<tr data-task="${slot.task}" data-testid="models-aux-row">
<td>${slot.task}</td>
<td><input name="provider" value="${slot.provider}" aria-label="${slot.task} ${t(lang, "models.provider")}"></td>
<td><input name="model" value="${slot.model}" aria-label="${slot.task} ${t(lang, "models.model")}"></td>
<td><button type="button" data-action="aux-save">${t(lang, "models.save")}</button></td>
</tr>`,
	)}</tbody></table>
<button type="button" data-action="aux-reset">${t(lang, "models.reset_aux")}</button>
</section>`;
}

function slotText(slot: { provider: string; model: string }): string {
	return `${slot.provider}:${slot.model}`;
}

function moaCard(view: ModelsView, lang: Language): Markup {
	const moa = view.moa;
	return html`<section class="card models-moa">
<h2>${t(lang, "models.moa")} · ${moa.default_preset}</h2>
<form id="models-moa-form">
<label>${t(lang, "models.moa_references")}<textarea name="references" rows="3" spellcheck="false" data-testid="models-moa-references">${moa.reference_models.map(slotText).join("\n")}</textarea></label>
<label>${t(lang, "models.moa_aggregator")} <input name="aggregator" value="${slotText(moa.aggregator)}" autocomplete="off"></label>
<label>${t(lang, "models.moa_max_tokens")} <input name="max_tokens" type="number" min="1" value="${moa.max_tokens}"></label>
<label><input name="enabled" type="checkbox"${moa.enabled ? raw(" checked") : ""}> ${t(lang, "models.moa_enabled")}</label>
<button type="submit" class="primary" data-testid="models-moa-save">${t(lang, "models.save")}</button>
</form>
</section>`;
}

function usageCard(view: ModelsView, lang: Language): Markup {
	const days = [7, 30, 90];
	return html`<section class="card wide models-usage">
<h2>${t(lang, "models.usage")}</h2>
<form method="get" action="/models" class="models-days">${view.profile ? html`<input type="hidden" name="profile" value="${view.profile}">` : ""}<select name="days" id="models-days" aria-label="${t(lang, "models.usage")}">${days.map(
		(n) =>
			html`<option value="${n}"${n === view.days ? raw(" selected") : ""}>${t(lang, "models.days").replace("{n}", String(n))}</option>`,
	)}</select><noscript><button type="submit">OK</button></noscript></form>
${
	view.usage.models.length === 0
		? html`<p class="muted">${t(lang, "models.no_usage")}</p>`
		: html`<table class="models-table"><thead><tr><th>${t(lang, "models.model")}</th><th>${t(lang, "models.provider")}</th><th>${t(lang, "models.sessions")}</th><th>${t(lang, "models.tokens_in")}</th><th>${t(lang, "models.tokens_out")}</th><th>${t(lang, "models.cost")}</th></tr></thead>
<tbody>${view.usage.models.map(
				(row) =>
					html`<tr data-testid="models-usage-row"><td>${row.model}</td><td>${row.provider}</td><td>${formatInteger(lang, row.sessions)}</td><td>${formatInteger(lang, row.input_tokens)}</td><td>${formatInteger(lang, row.output_tokens)}</td><td>${formatCost(lang, row.estimated_cost)}</td></tr>`,
			)}</tbody></table>`
}
</section>`;
}

export function modelsPage(view: ModelsView, lang: Language): Markup {
	return html`<h1>${t(lang, "models.title")}${view.profile ? html` <span class="badge off">${view.profile}</span>` : ""}</h1>
<p class="models-message" id="models-message" role="status" aria-live="polite" data-saved="${t(lang, "models.saved")}" data-stale="${t(lang, "models.stale_aux")}"></p>
<div class="models-grid">
${mainCard(view, lang)}
${moaCard(view, lang)}
${auxCard(view, lang)}
${usageCard(view, lang)}
</div>`;
}
