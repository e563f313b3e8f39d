/**
 * @module
 * `GET /api/analytics/usage` (hermes-home §4.8): token and cost sums from the
 * `sessions` table by UTC day and by model, plus skill and tool use read from the
 * messages of sessions in the window (cached per session: finished sessions never change).
 */
import type { DatabaseSync } from "node:sqlite";
import { withReader, type Row } from "./state_db.ts";
import { row, rows } from "./rows.ts";
import { currentLedger } from "./ledger.ts";
import { ledgerSkillLastUse, ledgerToolUse, ledgerUsageGroups } from "./ledger_queries.ts";

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
	/** Share of all skill views and edits in the window, 0–100. */
	percentage: number;
	/** Newest timestamp of a message that viewed or edited the skill (epoch seconds). */
	last_used_at: number | null;
}

/** Views, edits and the newest message timestamp of one skill, summed over sessions. */
export interface SkillCount {
	view: number;
	manage: number;
	last: number | null;
}

/** Adds one session's (or day's) count of a skill into `into`. */
export function addSkillCount(into: Map<string, SkillCount>, name: string, count: SkillCount): void {
	const entry = into.get(name) ?? { view: 0, manage: 0, last: null };
	entry.view += count.view;
	entry.manage += count.manage;
	if (count.last !== null && (entry.last === null || count.last > entry.last)) entry.last = count.last;
	into.set(name, entry);
}

export interface UsageReport {
	daily: DailyUsage[];
	by_model: ModelUsage[];
	totals: UsageTotals;
	period_days: number;
	skills: {
		summary: {
			total_skill_loads: number;
			total_skill_edits: number;
			total_skill_actions: number;
			distinct_skills_used: number;
		};
		top_skills: SkillUse[];
	};
	tools: { tool_name: string; count: number }[];
}

const numberOr0 = (value: unknown): number => (typeof value === "number" ? value : Number(value ?? 0) || 0);

/** Tool and skill counts of one session's messages. */
interface SessionToolUse {
	version: string;
	calls: Map<string, number>;
	results: Map<string, number>;
	skills: Map<string, SkillCount>;
}

/**
 * Per-session tool/skill counts, cached by a version key from the session row (message
 * and tool-call counters, end time): finished sessions never change, so a report only
 * reads the messages of sessions that are new or still growing, not the whole window.
 */
const toolUseCache = new Map<string, Map<string, SessionToolUse>>();

function readToolUse(db: DatabaseSync, sessionId: string, version: string): SessionToolUse {
	const use: SessionToolUse = { version, calls: new Map(), results: new Map(), skills: new Map() };
	const calls = rows(
		db,
		`SELECT json_extract(j.value, '$.function.name') AS name,
			CASE WHEN json_extract(j.value, '$.function.name') IN ('skill_view', 'skill_manage')
				AND json_valid(json_extract(j.value, '$.function.arguments'))
				THEN json_extract(json_extract(j.value, '$.function.arguments'), '$.name') END AS skill,
			COUNT(*) AS n, MAX(m.timestamp) AS last
		FROM messages m, json_each(m.tool_calls) j
		WHERE m.session_id = ? AND m.role = 'assistant' AND m.tool_calls IS NOT NULL AND m.tool_calls != ''
			AND json_valid(m.tool_calls) AND json_type(m.tool_calls) = 'array'
		GROUP BY 1, 2`,
		sessionId,
	);
	for (const call of calls) {
		if (typeof call.name !== "string") continue;
		const count = numberOr0(call.n);
		use.calls.set(call.name, (use.calls.get(call.name) ?? 0) + count);
		if (typeof call.skill === "string" && call.skill !== "") {
			const view = call.name === "skill_view";
			addSkillCount(use.skills, call.skill, {
				view: view ? count : 0,
				manage: view ? 0 : count,
				last: typeof call.last === "number" ? call.last : null,
			});
		}
	}
	for (const result of rows(
		db,
		`SELECT tool_name AS name, COUNT(*) AS n FROM messages
		WHERE session_id = ? AND role = 'tool' AND tool_name IS NOT NULL AND tool_name != '' GROUP BY 1`,
		sessionId,
	)) {
		use.results.set(String(result.name), numberOr0(result.n));
	}
	return use;
}

function toolAndSkillUse(db: DatabaseSync, path: string, window: Row[]): Pick<UsageReport, "skills" | "tools"> {
	let cache = toolUseCache.get(path);
	if (cache === undefined) {
		cache = new Map();
		toolUseCache.set(path, cache);
	}
	const fromCalls = new Map<string, number>();
	const fromResults = new Map<string, number>();
	const skills = new Map<string, SkillCount>();
	for (const session of window) {
		const id = String(session.id);
		const version = `${session.message_count}:${session.tool_call_count}:${session.ended_at}`;
		let use = cache.get(id);
		if (use === undefined || use.version !== version) {
			use = readToolUse(db, id, version);
			cache.set(id, use);
		}
		for (const [name, count] of use.calls) fromCalls.set(name, (fromCalls.get(name) ?? 0) + count);
		for (const [name, count] of use.results) fromResults.set(name, (fromResults.get(name) ?? 0) + count);
		for (const [name, count] of use.skills) addSkillCount(skills, name, count);
	}
	return summarizeToolUse(fromCalls, fromResults, skills);
}

/** The report's tools and skills from summed calls, results and skill views/edits. */
export function summarizeToolUse(
	fromCalls: Map<string, number>,
	fromResults: Map<string, number>,
	skillCounts: Map<string, SkillCount>,
): Pick<UsageReport, "skills" | "tools"> {
	const tools = new Map(fromCalls);
	for (const [name, count] of fromResults) {
		tools.set(name, Math.max(tools.get(name) ?? 0, count));
	}
	let loads = 0;
	let edits = 0;
	for (const count of skillCounts.values()) {
		loads += count.view;
		edits += count.manage;
	}
	// Hermes's ranking (agent/insights.py): most actions, then views, edits, most recent use, name — all descending.
	const top = [...skillCounts.entries()]
		.map(([skill, count]) => ({
			skill,
			view_count: count.view,
			manage_count: count.manage,
			total_count: count.view + count.manage,
			percentage: loads + edits > 0 ? ((count.view + count.manage) / (loads + edits)) * 100 : 0,
			last_used_at: count.last,
		}))
		.sort(
			(a, b) =>
				b.total_count - a.total_count ||
				b.view_count - a.view_count ||
				b.manage_count - a.manage_count ||
				(b.last_used_at ?? 0) - (a.last_used_at ?? 0) ||
				(a.skill < b.skill ? 1 : a.skill > b.skill ? -1 : 0),
		);
	return {
		skills: {
			summary: {
				total_skill_loads: loads,
				total_skill_edits: edits,
				total_skill_actions: loads + edits,
				distinct_skills_used: top.length,
			},
			top_skills: top.slice(0, 20),
		},
		tools: [...tools.entries()]
			.map(([tool_name, count]) => ({ tool_name, count }))
			.sort((a, b) => b.count - a.count || a.tool_name.localeCompare(b.tool_name)),
	};
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
const windowCache = new Map<string, { fingerprint: string; value: Pick<UsageReport, "skills" | "tools"> }>();

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
		for (const entry of ledgerSkillLastUse(ledger.db, since)) {
			const skill = skills.get(String(entry.name));
			if (skill !== undefined && typeof entry.last === "number") skill.last = entry.last;
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
