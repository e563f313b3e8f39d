/**
 * @module
 * What the session ledger reads from state.db: one session's summary row, and per-session
 * message counts and tool use of the messages matching a condition (the same tool/skill
 * rules as the direct usage report in analytics.ts).
 */
import { continuationSQL, visibleSQL } from "./rows.ts";
import { USAGE_COLUMNS } from "./ledger_schema.ts";

/** One session's summary, read from state.db (`s` = sessions). */
export const SUMMARY = `s.rowid AS srowid, s.id, s.source, COALESCE(NULLIF(s.source, ''), 'cli') AS source_key,
	CASE WHEN s.archived != 0 THEN 1 ELSE 0 END AS archived, CASE WHEN ${visibleSQL("s")} THEN 1 ELSE 0 END AS visible,
	s.started_at, date(s.started_at, 'unixepoch') AS day, s.ended_at, s.end_reason, s.model, s.cwd, s.message_count,
	CASE WHEN s.parent_session_id IS NOT NULL AND ${continuationSQL("s")} AND EXISTS (SELECT 1 FROM sessions p
		WHERE p.id = s.parent_session_id AND p.end_reason = 'compression') THEN s.parent_session_id END AS chain_parent,
	TOTAL(s.input_tokens) AS input, TOTAL(s.output_tokens) AS output, TOTAL(s.cache_read_tokens) AS cache_read,
	TOTAL(s.cache_write_tokens) AS cache_write, TOTAL(s.reasoning_tokens) AS reasoning,
	TOTAL(s.estimated_cost_usd) AS estimated, TOTAL(s.actual_cost_usd) AS actual, TOTAL(s.api_call_count) AS api_calls`;
/** TOTAL() makes these one-row aggregates; GROUP BY keeps one row per session. */
export const SUMMARY_COLUMNS = [
	"srowid",
	"id",
	"source",
	"source_key",
	"archived",
	"visible",
	"started_at",
	"day",
	"ended_at",
	"end_reason",
	"model",
	"cwd",
	"message_count",
	"chain_parent",
	...USAGE_COLUMNS,
];

/** Per-session tool calls (and skill names) and tool results of messages `m` matching `where`. */
export const TOOL_CALLS = (
	where: string,
): string => `SELECT m.session_id AS id, json_extract(j.value, '$.function.name') AS name,
	CASE WHEN json_extract(j.value, '$.function.name') IN ('skill_view', 'skill_manage')
		AND json_valid(json_extract(j.value, '$.function.arguments'))
		THEN json_extract(json_extract(j.value, '$.function.arguments'), '$.name') END AS skill, COUNT(*) AS n,
	MAX(m.timestamp) AS last
	FROM messages m, json_each(m.tool_calls) j
	WHERE ${where} AND m.role = 'assistant' AND m.tool_calls IS NOT NULL AND m.tool_calls != ''
		AND json_valid(m.tool_calls) AND json_type(m.tool_calls) = 'array'
	GROUP BY 1, 2, 3`;
export const TOOL_RESULTS = (where: string): string => `SELECT m.session_id AS id, m.tool_name AS name, COUNT(*) AS n
	FROM messages m WHERE ${where} AND m.role = 'tool' AND m.tool_name IS NOT NULL AND m.tool_name != '' GROUP BY 1, 2`;
export const MESSAGE_COUNTS = (where: string): string =>
	`SELECT m.session_id AS id, COUNT(*) AS n, MAX(m.timestamp) AS ts FROM messages m WHERE ${where} GROUP BY 1`;
