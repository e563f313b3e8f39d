/**
 * @module
 * `GET /api/analytics/models` (api-contract-clients §3.6): per-model usage over the
 * sessions started in the window, grouped by (model, billing provider). A model with
 * exactly one provider-attributed group absorbs its provider-less groups that carry no
 * usage at all (sessions recorded before the provider was known).
 */
import { withReader } from "./state_db.ts";
import { row, rows } from "./rows.ts";

export interface ModelUsageRow {
	model: string;
	provider: string;
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	reasoning_tokens: number;
	estimated_cost: number;
	actual_cost: number;
	sessions: number;
	api_calls: number;
	tool_calls: number;
	last_used_at: number;
	avg_tokens_per_session: number;
	capabilities: Record<string, unknown>;
}

export interface ModelUsageTotals {
	distinct_models: number;
	total_input: number | null;
	total_output: number | null;
	total_cache_read: number | null;
	total_reasoning: number | null;
	total_estimated_cost: number;
	total_actual_cost: number;
	total_sessions: number;
	total_api_calls: number;
}

export interface ModelUsageReport {
	models: ModelUsageRow[];
	totals: ModelUsageTotals;
	period_days: number;
}

const num = (value: unknown): number => (typeof value === "number" ? value : Number(value ?? 0) || 0);
const nullableNum = (value: unknown): number | null => (value === null || value === undefined ? null : num(value));

function hasUsage(entry: ModelUsageRow): boolean {
	return (
		entry.input_tokens + entry.output_tokens + entry.cache_read_tokens + entry.reasoning_tokens + entry.api_calls >
			0 ||
		entry.estimated_cost > 0 ||
		entry.actual_cost > 0
	);
}

function average(entry: ModelUsageRow): number {
	return entry.sessions > 0 ? (entry.input_tokens + entry.output_tokens) / entry.sessions : 0;
}

function mergeUnattributed(groups: ModelUsageRow[]): ModelUsageRow[] {
	const byModel = new Map<string, ModelUsageRow[]>();
	for (const group of groups) {
		byModel.set(group.model, [...(byModel.get(group.model) ?? []), group]);
	}
	const out: ModelUsageRow[] = [];
	for (const list of byModel.values()) {
		const attributed = list.filter((group) => group.provider !== "");
		if (attributed.length !== 1) {
			out.push(...list);
			continue;
		}
		const target = attributed[0]!;
		for (const group of list) {
			if (group === target) continue;
			if (group.provider === "" && !hasUsage(group)) {
				target.sessions += group.sessions;
				target.last_used_at = Math.max(target.last_used_at, group.last_used_at);
			} else {
				out.push(group);
			}
		}
		target.avg_tokens_per_session = average(target);
		out.push(target);
	}
	return out.sort((a, b) => b.input_tokens + b.output_tokens - (a.input_tokens + a.output_tokens));
}

export function modelUsageReport(path: string, days: number, nowSeconds: number): ModelUsageReport {
	const since = nowSeconds - days * 86400;
	const empty: ModelUsageReport = {
		models: [],
		totals: {
			distinct_models: 0,
			total_input: null,
			total_output: null,
			total_cache_read: null,
			total_reasoning: null,
			total_estimated_cost: 0,
			total_actual_cost: 0,
			total_sessions: 0,
			total_api_calls: 0,
		},
		period_days: days,
	};
	return withReader(path, empty, (db) => {
		const groups = rows(
			db,
			`SELECT model, COALESCE(billing_provider, '') AS provider,
				SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
				SUM(cache_read_tokens) AS cache_read_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
				SUM(estimated_cost_usd) AS estimated_cost, SUM(actual_cost_usd) AS actual_cost,
				COUNT(*) AS sessions, SUM(api_call_count) AS api_calls, SUM(tool_call_count) AS tool_calls,
				MAX(started_at) AS last_used_at
			FROM sessions WHERE started_at > ? AND model IS NOT NULL AND model != ''
			GROUP BY model, COALESCE(billing_provider, '')`,
			since,
		).map((group) => {
			const entry: ModelUsageRow = {
				model: String(group.model),
				provider: String(group.provider),
				input_tokens: num(group.input_tokens),
				output_tokens: num(group.output_tokens),
				cache_read_tokens: num(group.cache_read_tokens),
				reasoning_tokens: num(group.reasoning_tokens),
				estimated_cost: num(group.estimated_cost),
				actual_cost: num(group.actual_cost),
				sessions: num(group.sessions),
				api_calls: num(group.api_calls),
				tool_calls: num(group.tool_calls),
				last_used_at: num(group.last_used_at),
				avg_tokens_per_session: 0,
				capabilities: {},
			};
			entry.avg_tokens_per_session = average(entry);
			return entry;
		});
		const totals = row(
			db,
			`SELECT COUNT(DISTINCT model) AS distinct_models, SUM(input_tokens) AS total_input,
				SUM(output_tokens) AS total_output, SUM(cache_read_tokens) AS total_cache_read,
				SUM(reasoning_tokens) AS total_reasoning, SUM(estimated_cost_usd) AS total_estimated_cost,
				SUM(actual_cost_usd) AS total_actual_cost, COUNT(*) AS total_sessions,
				SUM(api_call_count) AS total_api_calls
			FROM sessions WHERE started_at > ? AND model IS NOT NULL AND model != ''`,
			since,
		);
		return {
			models: mergeUnattributed(groups),
			totals: {
				distinct_models: num(totals?.distinct_models),
				total_input: nullableNum(totals?.total_input),
				total_output: nullableNum(totals?.total_output),
				total_cache_read: nullableNum(totals?.total_cache_read),
				total_reasoning: nullableNum(totals?.total_reasoning),
				total_estimated_cost: num(totals?.total_estimated_cost),
				total_actual_cost: num(totals?.total_actual_cost),
				total_sessions: num(totals?.total_sessions),
				total_api_calls: num(totals?.total_api_calls),
			},
			period_days: days,
		};
	});
}
