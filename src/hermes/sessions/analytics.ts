/**
 * @module
 * `GET /api/analytics/usage` (hermes-home §4.8): token and cost sums from the
 * `sessions` table by UTC day and by model, plus skill and tool use read from the
 * messages of sessions in the window (cached per session: finished sessions never change).
 */
import { withReader, type Row } from "./state_db.ts";
import { row, rows } from "./rows.ts";
import { currentLedger } from "./ledger.ts";
import { ledgerSkillLastUse, ledgerToolUse, ledgerUsageGroups } from "./ledger_queries.ts";
import {
	addSkillCount,
	numberOr0,
	type SkillCount,
	summarizeToolUse,
	toolAndSkillUse,
	type ToolUseSummary,
} from "./tool_use.ts";

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

export interface UsageReport extends ToolUseSummary {
	daily: DailyUsage[];
	by_model: ModelUsage[];
	totals: UsageTotals;
	period_days: number;
}

function emptyReport(days: number): UsageReport {
	return {
		daily: [],
		by_model: [],
		totals: {
			total_input: null,
			total_output: null,
			total_cache_read: null,
			total_cache_write: null,
			total_reasoning: null,
			total_estimated_cost: 0,
			total_actual_cost: 0,
			total_sessions: 0,
			total_api_calls: 0,
		},
		period_days: days,
		skills: {
			summary: { total_skill_loads: 0, total_skill_edits: 0, total_skill_actions: 0, distinct_skills_used: 0 },
			top_skills: [],
		},
		tools: [],
	};
}

function emptyDay(day: string): DailyUsage {
	return {
		day,
		input_tokens: 0,
		output_tokens: 0,
		cache_read_tokens: 0,
		cache_write_tokens: 0,
		reasoning_tokens: 0,
		estimated_cost: 0,
		actual_cost: 0,
		sessions: 0,
		api_calls: 0,
	};
}

/** Every UTC day of the period, oldest first: days without sessions as zero rows. */
export function filledDays(daily: DailyUsage[], days: number, nowSeconds: number): DailyUsage[] {
	const byDay = new Map(daily.map((entry) => [entry.day, entry]));
	const out: DailyUsage[] = [];
	for (let i = days - 1; i >= 0; i--) {
		const day = new Date((nowSeconds - i * 86400) * 1000).toISOString().slice(0, 10);
		out.push(byDay.get(day) ?? emptyDay(day));
	}
	return out;
}

/** Whole-window results by (path, days), valid while the window's fingerprint holds. */
const windowCache = new Map<string, { fingerprint: string; value: ToolUseSummary }>();

/** Adds one (day, model) sum group to a running sum. */
function addGroup(sum: DailyUsage, group: Row): void {
	sum.input_tokens += numberOr0(group.input);
	sum.output_tokens += numberOr0(group.output);
	sum.cache_read_tokens += numberOr0(group.cache_read);
	sum.cache_write_tokens += numberOr0(group.cache_write);
	sum.reasoning_tokens += numberOr0(group.reasoning);
	sum.estimated_cost += numberOr0(group.estimated);
	sum.actual_cost += numberOr0(group.actual);
	sum.sessions += numberOr0(group.sessions);
	sum.api_calls += numberOr0(group.api_calls);
}

/** Folds (day, model) sum groups into the daily, per-model and total views. */
export function reportFromGroups(groups: Row[], days: number): UsageReport {
	const daily = new Map<string, DailyUsage>();
	// Per model, summed in the same shape (its `day` holds the model name).
	const models = new Map<string, DailyUsage>();
	const report = emptyReport(days);
	const totals = emptyDay("");
	for (const group of groups) {
		const day = daily.get(String(group.day)) ?? emptyDay(String(group.day));
		addGroup(day, group);
		daily.set(day.day, day);
		if (typeof group.model === "string") {
			const model = models.get(group.model) ?? emptyDay(group.model);
			addGroup(model, group);
			models.set(group.model, model);
		}
		addGroup(totals, group);
	}
	const any = totals.sessions > 0;
	report.daily = [...daily.values()].sort((a, b) => a.day.localeCompare(b.day));
	report.by_model = [...models.values()]
		.map(
			(sum): ModelUsage => ({
				model: sum.day,
				input_tokens: sum.input_tokens,
				output_tokens: sum.output_tokens,
				cache_read_tokens: sum.cache_read_tokens,
				estimated_cost: sum.estimated_cost,
				actual_cost: sum.actual_cost,
				sessions: sum.sessions,
				api_calls: sum.api_calls,
			}),
		)
		.sort(
			(a, b) =>
				b.input_tokens + b.output_tokens - (a.input_tokens + a.output_tokens) || a.model.localeCompare(b.model),
		);
	report.totals = {
		total_input: any ? totals.input_tokens : null,
		total_output: any ? totals.output_tokens : null,
		total_cache_read: any ? totals.cache_read_tokens : null,
		total_cache_write: any ? totals.cache_write_tokens : null,
		total_reasoning: any ? totals.reasoning_tokens : null,
		total_estimated_cost: totals.estimated_cost,
		total_actual_cost: totals.actual_cost,
		total_sessions: totals.sessions,
		total_api_calls: totals.api_calls,
	};
	return report;
}

/**
 * The usage report over sessions started in the last `days` days, read directly from
 * state.db: sums grouped by (UTC day, model) in SQLite, folded here. The reference the
 * ledger's answer (ledgerUsageReport) must equal; the worker runs it while no ledger is built.
 */
export function usageReport(path: string, days: number, nowSeconds: number): UsageReport {
	return withReader(path, emptyReport(days), (db) => {
		const since = nowSeconds - days * 86400;
		const groups = rows(
			db,
			`SELECT date(started_at, 'unixepoch') AS day, model,
				TOTAL(input_tokens) AS input, TOTAL(output_tokens) AS output, TOTAL(cache_read_tokens) AS cache_read,
				TOTAL(cache_write_tokens) AS cache_write, TOTAL(reasoning_tokens) AS reasoning,
				TOTAL(estimated_cost_usd) AS estimated, TOTAL(actual_cost_usd) AS actual,
				COUNT(*) AS sessions, TOTAL(api_call_count) AS api_calls
			FROM sessions WHERE started_at > ? GROUP BY day, model`,
			since,
		);
		const report = reportFromGroups(groups, days);
		// Which sessions are in the window and how far each has grown: if nothing moved,
		// the tool/skill counts of the last report still hold.
		const mark =
			row(
				db,
				`SELECT COUNT(*) AS n, TOTAL(rowid) AS ids, TOTAL(message_count) AS messages,
			TOTAL(tool_call_count) AS tools, COUNT(ended_at) AS ended FROM sessions WHERE started_at > ?`,
				since,
			) ?? {};
		const fingerprint = `${mark.n}:${mark.ids}:${mark.messages}:${mark.tools}:${mark.ended}`;
		const key = `${path}\0${days}`;
		let usage = windowCache.get(key);
		if (usage === undefined || usage.fingerprint !== fingerprint) {
			const window = rows(
				db,
				"SELECT id, message_count, tool_call_count, ended_at FROM sessions WHERE started_at > ?",
				since,
			);
			usage = { fingerprint, value: toolAndSkillUse(db, path, window) };
			windowCache.set(key, usage);
		}
		return { ...report, ...usage.value };
	});
}

/**
 * The same report from the session ledger's per-day aggregates (cost follows the window's
 * days, not its sessions). Null while the ledger is being built: callers fall back to
 * `usageReport` on the worker.
 */
export function ledgerUsageReport(path: string, days: number, nowSeconds: number): UsageReport | null {
	return withReader<UsageReport | null>(path, emptyReport(days), (db) => {
		const ledger = currentLedger(path, db);
		if (ledger === null) return null;
		const since = nowSeconds - days * 86400;
		const report = reportFromGroups(ledgerUsageGroups(ledger.db, since), days);
		const calls = new Map<string, number>();
		const results = new Map<string, number>();
		const skills = new Map<string, SkillCount>();
		for (const entry of ledgerToolUse(ledger.db, since)) {
			const name = String(entry.name);
			const count = numberOr0(entry.n);
			if (entry.kind === "call") calls.set(name, (calls.get(name) ?? 0) + count);
			else if (entry.kind === "result") results.set(name, (results.get(name) ?? 0) + count);
			else {
				const view = entry.kind === "view";
				addSkillCount(skills, name, { view: view ? count : 0, manage: view ? 0 : count, last: null });
			}
		}
		for (const [name, last] of ledgerSkillLastUse(ledger.db, since, skills.keys())) {
			skills.get(name)!.last = last;
		}
		for (const map of [calls, results]) for (const [name, count] of map) if (count === 0) map.delete(name);
		return { ...report, ...summarizeToolUse(calls, results, skills) };
	});
}

/** Cache-hit share as the dashboard shows it: cache reads over all prompt tokens. */
export function cacheHitPercent(input: number, cacheRead: number): number | null {
	const total = input + cacheRead;
	return total > 0 ? (cacheRead / total) * 100 : null;
}
