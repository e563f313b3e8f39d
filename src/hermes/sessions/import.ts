/**
 * @module
 * `POST /api/sessions/import` (api-contract-clients §6.2): sessions as `GET
 * /api/sessions/{id}/export` returns them. Everything is checked first (errors collected,
 * nothing written on any error); then one `BEGIN IMMEDIATE` transaction inserts the new
 * sessions and their messages (Hermes's triggers keep both FTS indexes in step), skips
 * existing ids, and re-attaches parents only where the parent exists and no cycle forms.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { withWriter } from "./state_db.ts";
import { row, rows } from "./rows.ts";

export const IMPORT_LIMITS = {
	sessions: 500,
	messagesPerSession: 10_000,
	messagesTotal: 50_000,
	sessionBytes: 5 * 1024 * 1024,
	totalBytes: 25 * 1024 * 1024,
} as const;

const SESSION_TEXT = [
	"source",
	"user_id",
	"model",
	"system_prompt",
	"end_reason",
	"cwd",
	"git_branch",
	"git_repo_root",
	"billing_provider",
	"billing_base_url",
	"billing_mode",
	"cost_status",
	"cost_source",
	"pricing_version",
	"title",
];
const MESSAGE_TEXT = [
	"tool_call_id",
	"tool_name",
	"effect_disposition",
	"finish_reason",
	"reasoning",
	"reasoning_content",
	"platform_message_id",
	"message_id",
];
/** Session columns carried over (live-routing state — keys, chat ids, handoff, rewind — is not). */
const SESSION_COLUMNS = [
	...SESSION_TEXT,
	"display_name",
	"model_config",
	"started_at",
	"ended_at",
	"input_tokens",
	"output_tokens",
	"cache_read_tokens",
	"cache_write_tokens",
	"reasoning_tokens",
	"estimated_cost_usd",
	"actual_cost_usd",
	"api_call_count",
	"archived",
];
const MESSAGE_COLUMNS = [
	...MESSAGE_TEXT.filter((name) => name !== "message_id"),
	"role",
	"content",
	"tool_calls",
	"timestamp",
	"token_count",
	"reasoning_details",
	"codex_reasoning_items",
	"codex_message_items",
];

export interface ImportError {
	index: number;
	session_id?: string;
	error: string;
}

export interface ImportResult {
	ok: boolean;
	imported: number;
	skipped: number;
	detached: number;
	imported_ids?: string[];
	skipped_ids?: string[];
	errors: ImportError[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkModelConfig(value: unknown): string | null {
	if (value === null || value === undefined || isObject(value)) return null;
	if (typeof value !== "string") return "model_config must be a JSON object";
	try {
		return isObject(JSON.parse(value)) ? null : "model_config must be a JSON object";
	} catch {
		return "model_config must be valid JSON";
	}
}

function isIntegerLike(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === "number") return Number.isFinite(value);
	return typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value);
}

/** The first problem with one session, or null. */
function sessionProblem(session: unknown, seen: Set<string>): { id?: string; error: string } | null {
	if (!isObject(session)) return { error: "session must be an object" };
	const id = typeof session.id === "string" ? session.id.trim() : "";
	if (id === "") return { error: "session id is required" };
	if (seen.has(id)) return { id, error: "duplicate session id" };
	seen.add(id);
	const messages = session.messages ?? [];
	if (!Array.isArray(messages)) return { id, error: "messages must be a list" };
	if (messages.length > IMPORT_LIMITS.messagesPerSession) {
		return { id, error: "messages exceeds the per-session import limit" };
	}
	for (const field of SESSION_TEXT) {
		const value = session[field];
		if (value !== undefined && value !== null && typeof value !== "string")
			return { id, error: `${field} must be a string` };
	}
	const config = checkModelConfig(session.model_config);
	if (config !== null) return { id, error: config };
	for (const [index, message] of messages.entries()) {
		if (!isObject(message)) return { id, error: "messages must contain only objects" };
		if (typeof message.role !== "string" || message.role.trim() === "") {
			return { id, error: `messages[${index}].role must be a non-empty string` };
		}
		for (const field of MESSAGE_TEXT) {
			const value = message[field];
			if (value !== undefined && value !== null && typeof value !== "string") {
				return { id, error: `${field} must be a string` };
			}
		}
		if (!isIntegerLike(message.token_count)) return { id, error: "token_count must be an integer" };
	}
	return null;
}

/** Checks the whole payload; the collected errors (empty when it may be written). */
export function validateImport(sessions: unknown[]): ImportError[] {
	const errors: ImportError[] = [];
	const seen = new Set<string>();
	let totalBytes = 0;
	let totalMessages = 0;
	for (const [index, session] of sessions.entries()) {
		const problem = sessionProblem(session, seen);
		if (problem !== null) {
			errors.push({
				index,
				...(problem.id === undefined ? {} : { session_id: problem.id }),
				error: problem.error,
			});
			continue;
		}
		const id = (session as Json).id as string;
		const bytes = Buffer.byteLength(JSON.stringify(session));
		totalBytes += bytes;
		totalMessages += ((session as Json).messages as unknown[] | undefined)?.length ?? 0;
		if (bytes > IMPORT_LIMITS.sessionBytes)
			errors.push({ index, session_id: id, error: "session exceeds the import size limit" });
		else if (totalBytes > IMPORT_LIMITS.totalBytes)
			errors.push({ index, session_id: id, error: "import exceeds the total size limit" });
		else if (totalMessages > IMPORT_LIMITS.messagesTotal) {
			errors.push({ index, session_id: id, error: "messages exceeds the total import limit" });
		}
	}
	return errors;
}

const JSON_PREFIX = "\u0000json:";

/** A value as its column stores it (JSON columns as text, multimodal content prefixed). */
function stored(column: string, value: unknown): SQLInputValue {
	if (value === undefined || value === null) return null;
	if (column === "content" && typeof value !== "string") return `${JSON_PREFIX}${JSON.stringify(value)}`;
	if (column === "archived") return value === true || value === 1 || value === "1" ? 1 : 0;
	if (column === "token_count") return Number.parseInt(String(value), 10);
	if (typeof value === "object") return JSON.stringify(value);
	if (typeof value === "boolean") return value ? 1 : 0;
	return value as SQLInputValue;
}

function tableColumns(db: DatabaseSync, table: string): Set<string> {
	return new Set(rows(db, `PRAGMA table_info(${table})`).map((column) => String(column.name)));
}

function insert(db: DatabaseSync, table: string, values: Record<string, SQLInputValue>): void {
	const names = Object.keys(values);
	db.prepare(`INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
		...names.map((name) => values[name] as SQLInputValue),
	);
}

/** Whether attaching `child` under `parent` would close a loop (parents from the DB or the payload). */
function formsCycle(db: DatabaseSync, child: string, parent: string, pending: Map<string, string | null>): boolean {
	const seen = new Set<string>();
	let current: string | null = parent;
	while (current !== null && !seen.has(current)) {
		if (current === child) return true;
		seen.add(current);
		const next: string | null | undefined = pending.has(current)
			? pending.get(current)
			: ((row(db, "SELECT parent_session_id FROM sessions WHERE id = ?", current)?.parent_session_id as
					| string
					| null) ?? null);
		current = next ?? null;
	}
	return current !== null;
}

export async function importSessions(path: string, sessions: Json[], nowSeconds: number): Promise<ImportResult> {
	const empty: ImportResult = {
		ok: true,
		imported: 0,
		skipped: 0,
		detached: 0,
		imported_ids: [],
		skipped_ids: [],
		errors: [],
	};
	return withWriter(path, empty, (db) => {
		const sessionColumns = tableColumns(db, "sessions");
		const messageColumns = tableColumns(db, "messages");
		const imported: string[] = [];
		const skipped: string[] = [];
		const fresh: Json[] = [];
		for (const session of sessions) {
			const id = (session.id as string).trim();
			if (row(db, "SELECT 1 FROM sessions WHERE id = ?", id) !== undefined) skipped.push(id);
			else fresh.push({ ...session, id });
		}
		const payloadIds = new Set(fresh.map((session) => session.id as string));
		for (const session of fresh) {
			const id = session.id as string;
			const messages = (session.messages ?? []) as Json[];
			const values: Record<string, SQLInputValue> = { id };
			for (const column of SESSION_COLUMNS) {
				if (sessionColumns.has(column) && session[column] !== undefined)
					values[column] = stored(column, session[column]);
			}
			values.source = typeof session.source === "string" && session.source !== "" ? session.source : "import";
			values.started_at = typeof session.started_at === "number" ? session.started_at : nowSeconds;
			values.archived = stored("archived", session.archived ?? 0);
			values.message_count = messages.length;
			values.tool_call_count = messages.reduce(
				(sum, message) => sum + (Array.isArray(message.tool_calls) ? message.tool_calls.length : 0),
				0,
			);
			// A title another session holds stays with that session (titles are unique).
			if (typeof values.title === "string" && row(db, "SELECT 1 FROM sessions WHERE title = ?", values.title)) {
				values.title = null;
			}
			insert(db, "sessions", values);
			for (const message of messages) {
				const entry: Record<string, SQLInputValue> = { session_id: id };
				for (const column of MESSAGE_COLUMNS) {
					if (messageColumns.has(column) && message[column] !== undefined)
						entry[column] = stored(column, message[column]);
				}
				entry.timestamp =
					typeof message.timestamp === "number" ? message.timestamp : (values.started_at as number);
				insert(db, "messages", entry);
			}
			imported.push(id);
		}
		// Parents last: every payload session exists now, so the foreign key holds either way.
		const pending = new Map<string, string | null>(fresh.map((session) => [session.id as string, null]));
		let detached = 0;
		for (const session of fresh) {
			const parent = typeof session.parent_session_id === "string" ? session.parent_session_id : "";
			if (parent === "") continue;
			const exists =
				payloadIds.has(parent) || row(db, "SELECT 1 FROM sessions WHERE id = ?", parent) !== undefined;
			if (!exists || formsCycle(db, session.id as string, parent, pending)) {
				detached++;
				continue;
			}
			pending.set(session.id as string, parent);
			db.prepare("UPDATE sessions SET parent_session_id = ? WHERE id = ?").run(parent, session.id as string);
		}
		return {
			ok: true,
			imported: imported.length,
			skipped: skipped.length,
			detached,
			imported_ids: imported,
			skipped_ids: skipped,
			errors: [],
		};
	});
}
