/**
 * @module
 * The Analytics page: period selector, summary cards, a server-rendered SVG chart of
 * daily input/output tokens (stacked; `static/js/analytics.js` shows the hover
 * tooltip from each bar's data attributes), the daily table and the per-model table.
 */
import { html } from "hono/html";
import { cacheHitPercent, filledDays, type UsageReport } from "../hermes/sessions/analytics.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { formatCompact, formatCost, formatDay, formatDecimal, formatInteger, formatPercent } from "./format.ts";

export const PERIODS = [7, 30, 90] as const;

function percent(value: number | null, lang: Language): string {
	return value === null ? "—" : formatPercent(lang, value);
}

function chart(report: UsageReport, nowSeconds: number, lang: Language): Markup {
	// Every day of the period, so quiet days show as gaps rather than vanishing.
	const days = filledDays(report.daily, report.period_days, nowSeconds);
	const width = 900;
	const height = 220;
	const pad = 28;
	const max = Math.max(1, ...days.map((day) => day.input_tokens + day.output_tokens));
	const slot = (width - pad) / days.length;
	const barWidth = Math.max(2, slot * 0.7);
	const scale = (value: number): number => (value / max) * (height - pad);
	return html`<figure class="card chart-card">
<figcaption><h2>${t(lang, "analytics.daily_tokens")}</h2>
<span class="legend"><span class="swatch input"></span>${t(lang, "analytics.input")} <span class="swatch output"></span>${t(lang, "analytics.output")}</span></figcaption>
<div class="chart-wrap">
<svg id="usage-chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${t(lang, "analytics.daily_tokens")}" data-testid="usage-chart">
<text x="0" y="12" class="axis">${formatCompact(lang, max)}</text>
<line x1="${pad}" x2="${width}" y1="${height - pad}" y2="${height - pad}" class="axis-line"></line>
${days.map((day, index) => {
	const x = pad + index * slot + (slot - barWidth) / 2;
	const inputHeight = scale(day.input_tokens);
	const outputHeight = scale(day.output_tokens);
	const base = height - pad;
	const cost = day.actual_cost > 0 ? day.actual_cost : day.estimated_cost;
	return html`<g class="bar" tabindex="0" data-testid="bar" data-day="${day.day}" data-day-label="${formatDay(lang, day.day)}" data-input="${day.input_tokens}" data-output="${day.output_tokens}" data-cache-read="${day.cache_read_tokens}" data-cache-write="${day.cache_write_tokens}" data-sessions="${day.sessions}" data-cost="${formatCost(lang, cost)}" data-cost-kind="${day.actual_cost > 0 ? "actual" : "estimated"}" data-hit="${percent(cacheHitPercent(day.input_tokens, day.cache_read_tokens), lang)}">
<title>${formatDay(lang, day.day)}: ${formatInteger(lang, day.input_tokens)} ${t(lang, "analytics.in")} / ${formatInteger(lang, day.output_tokens)} ${t(lang, "analytics.out")}</title>
<rect class="hover-zone" x="${pad + index * slot}" y="0" width="${slot}" height="${base}"></rect>
<rect class="seg input" x="${x}" y="${base - inputHeight}" width="${barWidth}" height="${inputHeight}"></rect>
<rect class="seg output" x="${x}" y="${base - inputHeight - outputHeight}" width="${barWidth}" height="${outputHeight}"></rect>
${index % Math.ceil(days.length / 10) === 0 ? html`<text x="${x}" y="${height - 8}" class="axis">${day.day.slice(5)}</text>` : ""}
</g>`;
})}
</svg>
<div id="chart-tooltip" class="chart-tooltip" role="tooltip" hidden data-testid="chart-tooltip" data-label-input="${t(lang, "analytics.input")}" data-label-output="${t(lang, "analytics.output")}" data-label-cache-read="${t(lang, "analytics.cache_read")}" data-label-cache-write="${t(lang, "analytics.cache_write")}" data-label-hit="${t(lang, "analytics.cache_hit")}" data-label-sessions="${t(lang, "analytics.sessions")}" data-label-actual="${t(lang, "analytics.cost_actual")}" data-label-estimated="${t(lang, "analytics.cost_estimated")}"></div>
</div>
</figure>`;
}

function cards(report: UsageReport, lang: Language): Markup {
	const totals = report.totals;
	const input = totals.total_input ?? 0;
	const output = totals.total_output ?? 0;
	const cacheRead = totals.total_cache_read ?? 0;
	const actual = totals.total_actual_cost > 0;
	return html`<div class="cards analytics-cards">
<section class="card"><h2>${t(lang, "analytics.tokens")}</h2><p class="big" data-testid="total-tokens">${formatCompact(lang, input + output)}</p>
<p class="muted">${formatCompact(lang, input)} ${t(lang, "analytics.in")} · ${formatCompact(lang, output)} ${t(lang, "analytics.out")}</p></section>
<section class="card"><h2>${t(lang, "analytics.cache_hit")}</h2><p class="big" data-testid="cache-hit">${percent(cacheHitPercent(input, cacheRead), lang)}</p>
<p class="muted">${formatCompact(lang, cacheRead)} ${t(lang, "analytics.cache_reads")}</p></section>
<section class="card"><h2>${actual ? t(lang, "analytics.cost_actual") : t(lang, "analytics.cost_estimated")}</h2>
<p class="big" data-testid="total-cost">${formatCost(lang, actual ? totals.total_actual_cost : totals.total_estimated_cost)}</p>
<p class="muted">${t(lang, "analytics.estimated")}: ${formatCost(lang, totals.total_estimated_cost)}</p></section>
<section class="card"><h2>${t(lang, "analytics.sessions")}</h2><p class="big" data-testid="total-sessions">${formatInteger(lang, totals.total_sessions)}</p>
<p class="muted">${formatDecimal(lang, totals.total_sessions / report.period_days, 1)} ${t(lang, "analytics.per_day")}</p></section>
</div>`;
}

function dailyTable(report: UsageReport, lang: Language): Markup {
	return html`<section class="card wide"><h2>${t(lang, "analytics.daily")}</h2>
<table data-testid="daily-table"><thead><tr><th>${t(lang, "analytics.day")}</th><th>${t(lang, "analytics.sessions")}</th><th>${t(lang, "analytics.input")}</th><th>${t(lang, "analytics.output")}</th><th>${t(lang, "analytics.cache_read")}</th><th>${t(lang, "analytics.cache_write")}</th><th>${t(lang, "analytics.cache_hit")}</th><th>${t(lang, "analytics.cost_estimated")}</th><th>${t(lang, "analytics.cost_actual")}</th></tr></thead>
<tbody>${[...report.daily].reverse().map((day) => html`<tr data-testid="daily-row"><td><time datetime="${day.day}" data-testid="daily-day">${formatDay(lang, day.day)}</time></td><td>${formatInteger(lang, day.sessions)}</td><td>${formatInteger(lang, day.input_tokens)}</td><td>${formatInteger(lang, day.output_tokens)}</td><td>${formatInteger(lang, day.cache_read_tokens)}</td><td>${formatInteger(lang, day.cache_write_tokens)}</td><td>${percent(cacheHitPercent(day.input_tokens, day.cache_read_tokens), lang)}</td><td>${formatCost(lang, day.estimated_cost)}</td><td>${formatCost(lang, day.actual_cost)}</td></tr>`)}</tbody></table>
${report.daily.length === 0 ? html`<p class="muted">${t(lang, "analytics.empty")}</p>` : ""}
</section>`;
}

function modelTable(report: UsageReport, lang: Language): Markup {
	return html`<section class="card wide"><h2>${t(lang, "analytics.by_model")}</h2>
<table data-testid="model-table"><thead><tr><th>${t(lang, "analytics.model")}</th><th>${t(lang, "analytics.sessions")}</th><th>${t(lang, "analytics.input")}</th><th>${t(lang, "analytics.output")}</th><th>${t(lang, "analytics.cost_estimated")}</th></tr></thead>
<tbody>${report.by_model.map((model) => html`<tr><td class="mono">${model.model}</td><td>${formatInteger(lang, model.sessions)}</td><td>${formatInteger(lang, model.input_tokens)}</td><td>${formatInteger(lang, model.output_tokens)}</td><td>${formatCost(lang, model.estimated_cost)}</td></tr>`)}</tbody></table>
</section>`;
}

export function analyticsPage(
	report: UsageReport | null,
	error: string | null,
	days: number,
	nowSeconds: number,
	lang: Language,
): Markup {
	return html`<h1>${t(lang, "analytics.title")}</h1>
<nav class="period-selector" aria-label="${t(lang, "analytics.period")}">
${PERIODS.map((period) => html`<a class="button${period === days ? " primary" : ""}" href="/analytics?days=${period}" ${period === days ? html`aria-current="page"` : ""} data-testid="period-${period}">${period} ${t(lang, "analytics.days")}</a>`)}
</nav>
${error !== null ? html`<p class="error-banner" role="alert">${error}</p>` : ""}
${report !== null ? html`${cards(report, lang)}${chart(report, nowSeconds, lang)}${dailyTable(report, lang)}${modelTable(report, lang)}` : ""}`;
}
