/**
 * @module
 * `GET /api/analytics/usage` (hermes-home §4.8): token and cost sums from the
 * `sessions` table by UTC day and by model, plus skill and tool use read from the
 * messages of sessions in the window. Aggregates run in SQLite, a few queries in all.
 */
import type { DatabaseSync } from "node:sqlite";
import { withReader } from "./state_db.ts";
import { row, rows } from "./session_rows.ts";

export interface DailyUsage {
	day: string;
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	cache_write_tokens: number;
	reasoning_tokens: number;
	estimated_cost: number;
	actual_cost: number;
	sessions: number;
	api_calls: number;
}

export interface ModelUsage {
	model: string;
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	estimated_cost: number;
	actual_cost: number;
	sessions: number;
	api_calls: number;
}

export interface UsageTotals {
	total_input: number | null;
	total_output: number | null;
	total_cache_read: number | null;
	total_cache_write: number | null;
	total_reasoning: number | null;
	total_estimated_cost: number;
	total_actual_cost: number;
	total_sessions: number;
	total_api_calls: number;
}

export interface SkillUse {
	skill: string;
	view_count: number;
	manage_count: number;
	total_count: number;
}

export interface UsageReport {
	daily: DailyUsage[];
	by_model: ModelUsage[];
	totals: UsageTotals;
	period_days: number;
	skills: {
		summary: { total_skill_loads: number; total_skill_edits: number; total_skill_actions: number; distinct_skills_used: number };
		top_skills: SkillUse[];
	};
	tools: { tool_name: string; count: number }[];
}

const numberOr0 = (value: unknown): number => typeof value === "number" ? value : Number(value ?? 0) || 0;
const numberOrNull = (value: unknown): number | null => value === null || value === undefined ? null : Number(value);

function toolAndSkillUse(db: DatabaseSync, since: number): Pick<UsageReport, "skills" | "tools"> {
	// One pass over the window's assistant tool calls (function name, and the skill name for skill tools).
	const calls = rows(db, `SELECT json_extract(j.value, '$.function.name') AS name,
			CASE WHEN json_extract(j.value, '$.function.name') IN ('skill_view', 'skill_manage')
				AND json_valid(json_extract(j.value, '$.function.arguments'))
				THEN json_extract(json_extract(j.value, '$.function.arguments'), '$.name') END AS skill,
			COUNT(*) AS n
		FROM sessions s JOIN messages m ON m.session_id = s.id, json_each(m.tool_calls) j
		WHERE s.started_at > ? AND m.role = 'assistant' AND m.tool_calls IS NOT NULL
			AND m.tool_calls != '' AND json_valid(m.tool_calls) AND json_type(m.tool_calls) = 'array'
		GROUP BY 1, 2`, since);
	const results = rows(db, `SELECT m.tool_name AS name, COUNT(*) AS n FROM sessions s JOIN messages m ON m.session_id = s.id
		WHERE s.started_at > ? AND m.role = 'tool' AND m.tool_name IS NOT NULL AND m.tool_name != '' GROUP BY 1`, since);
	const fromCalls = new Map<string, number>();
	const skills = new Map<string, SkillUse>();
	for (const call of calls) {
		if (typeof call.name !== "string") continue;
		const count = numberOr0(call.n);
		fromCalls.set(call.name, (fromCalls.get(call.name) ?? 0) + count);
		if (typeof call.skill === "string" && call.skill !== "") {
			const entry = skills.get(call.skill) ?? { skill: call.skill, view_count: 0, manage_count: 0, total_count: 0 };
			if (call.name === "skill_view") entry.view_count += count;
			else entry.manage_count += count;
			entry.total_count += count;
			skills.set(call.skill, entry);
		}
	}
	const tools = new Map(fromCalls);
	for (const result of results) {
		const name = String(result.name);
		tools.set(name, Math.max(tools.get(name) ?? 0, numberOr0(result.n)));
	}
	const top = [...skills.values()].sort((a, b) => b.total_count - a.total_count || a.skill.localeCompare(b.skill));
	const loads = top.reduce((sum, entry) => sum + entry.view_count, 0);
	const edits = top.reduce((sum, entry) => sum + entry.manage_count, 0);
	return {
		skills: {
			summary: { total_skill_loads: loads, total_skill_edits: edits, total_skill_actions: loads + edits, distinct_skills_used: top.length },
			top_skills: top.slice(0, 20),
		},
		tools: [...tools.entries()].map(([tool_name, count]) => ({ tool_name, count })).sort((a, b) => b.count - a.count || a.tool_name.localeCompare(b.tool_name)),
	};
}

function emptyReport(days: number): UsageReport {
	return {
		daily: [],
		by_model: [],
		totals: {
			total_input: null, total_output: null, total_cache_read: null, total_cache_write: null, total_reasoning: null,
			total_estimated_cost: 0, total_actual_cost: 0, total_sessions: 0, total_api_calls: 0,
		},
		period_days: days,
		skills: { summary: { total_skill_loads: 0, total_skill_edits: 0, total_skill_actions: 0, distinct_skills_used: 0 }, top_skills: [] },
		tools: [],
	};
}

/** The usage report over sessions started in the last `days` days. */
export function usageReport(path: string, days: number, nowSeconds: number = Date.now() / 1000): UsageReport {
	return withReader(path, emptyReport(days), (db) => {
		const since = nowSeconds - days * 86400;
		const daily = rows(db, `SELECT date(started_at, 'unixepoch') AS day,
				SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
				SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
				SUM(reasoning_tokens) AS reasoning_tokens,
				COALESCE(SUM(estimated_cost_usd), 0) AS estimated_cost, COALESCE(SUM(actual_cost_usd), 0) AS actual_cost,
				COUNT(*) AS sessions, SUM(api_call_count) AS api_calls
			FROM sessions WHERE started_at > ? GROUP BY day ORDER BY day`, since).map((entry) => ({
			day: String(entry.day),
			input_tokens: numberOr0(entry.input_tokens),
			output_tokens: numberOr0(entry.output_tokens),
			cache_read_tokens: numberOr0(entry.cache_read_tokens),
			cache_write_tokens: numberOr0(entry.cache_write_tokens),
			reasoning_tokens: numberOr0(entry.reasoning_tokens),
			estimated_cost: numberOr0(entry.estimated_cost),
			actual_cost: numberOr0(entry.actual_cost),
			sessions: numberOr0(entry.sessions),
			api_calls: numberOr0(entry.api_calls),
		}));
		const byModel = rows(db, `SELECT model, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
				SUM(cache_read_tokens) AS cache_read_tokens,
				COALESCE(SUM(estimated_cost_usd), 0) AS estimated_cost, COALESCE(SUM(actual_cost_usd), 0) AS actual_cost,
				COUNT(*) AS sessions, SUM(api_call_count) AS api_calls
			FROM sessions WHERE started_at > ? AND model IS NOT NULL
			GROUP BY model ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC, model`, since).map((entry) => ({
			model: String(entry.model),
			input_tokens: numberOr0(entry.input_tokens),
			output_tokens: numberOr0(entry.output_tokens),
			cache_read_tokens: numberOr0(entry.cache_read_tokens),
			estimated_cost: numberOr0(entry.estimated_cost),
			actual_cost: numberOr0(entry.actual_cost),
			sessions: numberOr0(entry.sessions),
			api_calls: numberOr0(entry.api_calls),
		}));
		const totals = row(db, `SELECT SUM(input_tokens) AS total_input, SUM(output_tokens) AS total_output,
				SUM(cache_read_tokens) AS total_cache_read, SUM(cache_write_tokens) AS total_cache_write,
				SUM(reasoning_tokens) AS total_reasoning,
				COALESCE(SUM(estimated_cost_usd), 0) AS total_estimated_cost, COALESCE(SUM(actual_cost_usd), 0) AS total_actual_cost,
				COUNT(*) AS total_sessions, COALESCE(SUM(api_call_count), 0) AS total_api_calls
			FROM sessions WHERE started_at > ?`, since) ?? {};
		return {
			daily,
			by_model: byModel,
			totals: {
				total_input: numberOrNull(totals.total_input),
				total_output: numberOrNull(totals.total_output),
				total_cache_read: numberOrNull(totals.total_cache_read),
				total_cache_write: numberOrNull(totals.total_cache_write),
				total_reasoning: numberOrNull(totals.total_reasoning),
				total_estimated_cost: numberOr0(totals.total_estimated_cost),
				total_actual_cost: numberOr0(totals.total_actual_cost),
				total_sessions: numberOr0(totals.total_sessions),
				total_api_calls: numberOr0(totals.total_api_calls),
			},
			period_days: days,
			...toolAndSkillUse(db, since),
		};
	});
}

/** Cache-hit share as the dashboard shows it: cache reads over all prompt tokens. */
export function cacheHitPercent(input: number, cacheRead: number): number | null {
	const total = input + cacheRead;
	return total > 0 ? (cacheRead / total) * 100 : null;
}
