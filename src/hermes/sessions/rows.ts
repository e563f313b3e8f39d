/**
 * @module
 * Shared pieces of the session queries (hermes-home §4.2–4.5): which rows are visible,
 * what a compression edge is, id-prefix resolution, and decoding stored message values.
 */
import type { DatabaseSync, StatementSync, SQLInputValue } from "node:sqlite";
import type { Row } from "./state_db.ts";
import type { SessionMessage } from "./types.ts";

/** `json_extract` fails on malformed JSON: guard every read of `model_config`. */
export function configMarker(alias: string, key: "_delegate_from" | "_branched_from"): string {
	return `(CASE WHEN json_valid(${alias}.model_config) THEN json_extract(${alias}.model_config, '$.${key}') END)`;
}

/**
 * Marker tests with a cheap substring pre-check, so the JSON is parsed only for the
 * rare rows that mention the key (a list request touches every row for its total).
 */
export function hasMarker(alias: string, key: "_delegate_from" | "_branched_from"): string {
	return `(instr(${alias}.model_config, '"${key}"') > 0 AND ${configMarker(alias, key)} IS NOT NULL)`;
}

export function lacksMarker(alias: string, key: "_delegate_from" | "_branched_from"): string {
	return `(COALESCE(instr(${alias}.model_config, '"${key}"'), 0) = 0 OR ${configMarker(alias, key)} IS NULL)`;
}

/**
 * Rows the session list shows: top-level sessions and branch children, never delegate
 * (subagent) runs or compression continuations.
 */
export function visibleSQL(alias: string): string {
	return `((${alias}.parent_session_id IS NULL
		OR ${hasMarker(alias, "_branched_from")}
		OR EXISTS (SELECT 1 FROM sessions bp WHERE bp.id = ${alias}.parent_session_id
			AND bp.end_reason = 'branched' AND ${alias}.started_at >= bp.ended_at))
		AND ${lacksMarker(alias, "_delegate_from")})`;
}

/** A child that continues its compression-ended parent (not a branch, delegate or tool run). */
export function continuationSQL(child: string): string {
	return `(${lacksMarker(child, "_branched_from")} AND ${lacksMarker(child, "_delegate_from")}
		AND ${child}.source != 'tool')`;
}

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** Prepared statements are cached per connection: parsing SQL costs more than running it. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
	let cache = statements.get(db);
	if (cache === undefined) {
		cache = new Map();
		statements.set(db, cache);
	}
	let prepared = cache.get(sql);
	if (prepared === undefined) {
		prepared = db.prepare(sql);
		cache.set(sql, prepared);
	}
	return prepared;
}

export function rows(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): Row[] {
	return statement(db, sql).all(...params) as unknown as Row[];
}

export function row(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): Row | undefined {
	return statement(db, sql).get(...params) as unknown as Row | undefined;
}

const memos = new WeakMap<DatabaseSync, { version: number; values: Map<string, unknown> }>();

/**
 * Memoises an aggregate on a read-only connection until any other connection commits
 * (`PRAGMA data_version` changes): counts over the whole table are then free while
 * nothing writes, and exact the moment something does.
 */
export function memoized<T>(db: DatabaseSync, key: string, compute: () => T): T {
	const version = Number(row(db, "PRAGMA data_version")?.data_version ?? -1);
	let memo = memos.get(db);
	if (memo === undefined || memo.version !== version) {
		memo = { version, values: new Map() };
		memos.set(db, memo);
	}
	if (memo.values.has(key)) {
		return memo.values.get(key) as T;
	}
	const value = compute();
	if (memo.values.size >= 500) {
		memo.values.clear();
	}
	memo.values.set(key, value);
	return value;
}

/** Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'`. */
export function likeEscape(text: string): string {
	return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Exact id, else an unambiguous prefix (newest first, limit 2); null when not found. */
export function resolveSessionId(db: DatabaseSync, id: string): string | null {
	if (id === "") {
		return null;
	}
	if (row(db, "SELECT 1 FROM sessions WHERE id = ?", id) !== undefined) {
		return id;
	}
	const matches = rows(
		db,
		"SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT 2",
		`${likeEscape(id)}%`,
	);
	return matches.length === 1 ? String(matches[0]!.id) : null;
}

/** The live continuation of a session: follows compression edges forward. */
export function compressionTip(db: DatabaseSync, id: string): Row | undefined {
	let current = row(db, "SELECT * FROM sessions WHERE id = ?", id);
	const seen = new Set<string>();
	while (current !== undefined && current.end_reason === "compression" && !seen.has(String(current.id))) {
		seen.add(String(current.id));
		const next = row(
			db,
			`SELECT c.* FROM sessions c WHERE c.parent_session_id = ? AND ${continuationSQL("c")}
			ORDER BY c.started_at DESC, c.id DESC LIMIT 1`,
			String(current.id),
		);
		if (next === undefined) {
			break;
		}
		current = next;
	}
	return current;
}

/**
 * The root of a session's compression lineage: walks `parent_session_id` back while
 * the parent ended by compression before the child started (a branch edge stops it).
 */
export function lineageRoot(db: DatabaseSync, id: string): string {
	let current = id;
	const seen = new Set<string>([id]);
	for (;;) {
		const parent = row(
			db,
			`SELECT p.id FROM sessions c JOIN sessions p ON p.id = c.parent_session_id
			WHERE c.id = ? AND p.end_reason = 'compression' AND p.ended_at IS NOT NULL
			AND c.started_at >= p.ended_at AND ${continuationSQL("c")}`,
			current,
		);
		if (parent === undefined || seen.has(String(parent.id))) {
			return current;
		}
		current = String(parent.id);
		seen.add(current);
	}
}

const JSON_PREFIX = "\u0000json:";

/** Message content: multimodal parts are stored as `"\0json:" + JSON`. */
export function decodeContent(value: unknown): unknown {
	if (typeof value === "string" && value.startsWith(JSON_PREFIX)) {
		try {
			return JSON.parse(value.slice(JSON_PREFIX.length));
		} catch {
			return value.slice(JSON_PREFIX.length);
		}
	}
	return value;
}

/** Plain text of a (possibly multimodal) content value, for previews and snippets. */
export function contentText(value: unknown): string {
	const decoded = decodeContent(value);
	if (typeof decoded === "string") {
		return decoded;
	}
	if (Array.isArray(decoded)) {
		return decoded
			.map((part) => (typeof part === "string" ? part : typeof part?.text === "string" ? part.text : ""))
			.filter(Boolean)
			.join(" ");
	}
	if (decoded !== null && typeof decoded === "object" && typeof (decoded as { text?: unknown }).text === "string") {
		return (decoded as { text: string }).text;
	}
	return decoded === null || decoded === undefined ? "" : JSON.stringify(decoded);
}

function parseJSONText(value: unknown): unknown {
	if (typeof value !== "string") {
		return value;
	}
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

/** A stored message as the API returns it: content and JSON columns decoded. */
export function decodeMessage(message: Row): SessionMessage {
	let toolCalls: unknown = message.tool_calls;
	if (typeof toolCalls === "string") {
		try {
			const parsed = JSON.parse(toolCalls);
			toolCalls = Array.isArray(parsed) ? parsed : [];
		} catch {
			toolCalls = [];
		}
	}
	return {
		...(message as SessionMessage),
		content: decodeContent(message.content),
		tool_calls: toolCalls as unknown[] | null,
		reasoning_details: parseJSONText(message.reasoning_details),
		codex_reasoning_items: parseJSONText(message.codex_reasoning_items),
		codex_message_items: parseJSONText(message.codex_message_items),
	};
}

/**
 * SQL for the raw preview of session `<alias>.id` (hermes-home §4.3), exactly as Hermes
 * selects it: the first user message with content, each LF and CR replaced by one space,
 * its first 63 characters (SQLite counts code points). Multimodal content is not decoded.
 */
export function previewRawSQL(alias: string): string {
	return `(SELECT SUBSTR(REPLACE(REPLACE(m.content, X'0A', ' '), X'0D', ' '), 1, 63) FROM messages m
	WHERE m.session_id = ${alias}.id AND m.role = 'user' AND m.content IS NOT NULL ORDER BY m.timestamp, m.id LIMIT 1)`;
}

/** What Python's `str.strip()` removes: every character for which `str.isspace()` holds. */
const PYTHON_SPACE = "\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
const PYTHON_STRIP = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, "g");

/** Python's `str.strip()` (JS `trim()` differs: it keeps U+001C–U+001F and U+0085, drops U+FEFF). */
export function pythonStrip(text: string): string {
	return text.replace(PYTHON_STRIP, "");
}

/**
 * Hermes's preview from the raw SQL value: stripped, then its first 60 code points plus
 * "..." when more remain. Inner whitespace runs stay as they are.
 */
export function previewOf(raw: unknown): string {
	const text = pythonStrip(typeof raw === "string" ? raw : "");
	const chars = Array.from(text);
	return chars.length > 60 ? `${chars.slice(0, 60).join("")}...` : text;
}
