/**
 * @module
 * Skill and tool use for the usage report: per-session counts read from the messages'
 * tool calls and results (cached per session version), and the summary Hermes shows
 * (its ranking of top skills, tools by calls).
 */
import type { DatabaseSync } from "node:sqlite";
import type { Row } from "./state_db.ts";
import { rows } from "./rows.ts";

export const numberOr0 = (value: unknown): number => (typeof value === "number" ? value : Number(value ?? 0) || 0);

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

/** The report's skill and tool parts (GET /api/analytics/usage `skills`, `tools`). */
export interface ToolUseSummary {
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

export function toolAndSkillUse(db: DatabaseSync, path: string, window: Row[]): ToolUseSummary {
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
): ToolUseSummary {
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
