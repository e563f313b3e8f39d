/**
 * @module
 * Changing sessions in `state.db` (hermes-home §4.6–4.7): rename and archive (both over
 * the whole compression lineage), delete one / many / the empty ones, and prune. Every
 * change is one `BEGIN IMMEDIATE` transaction (`withWriter`); FTS rows follow through
 * Hermes's own triggers and `session_model_usage` through its FK cascade.
 */
import { noteSessionsChanged } from "./ledger.ts";
import { EMPTY_WHERE } from "./stats.ts";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { withReader, withWriter, type Row } from "./state_db.ts";
import { configMarker, resolveSessionId, row, rows } from "./rows.ts";

/** A rule of the store was broken (duplicate title, too long…): the API answers 400. */
export class SessionRuleError extends Error {}

const MAX_TITLE = 100;

/** Hermes's title sanitation: no control/invisible chars, collapsed spaces; "" → null. */
export function sanitizeTitle(raw: string): string | null {
	const cleaned = raw
		.replace(/[\t\n\r]/g, " ")
		// deno-lint-ignore no-control-regex
		.replace(/[\u0000-\u001f\u007f]/g, "")
		.replace(/[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffc]/g, "")
		.replace(/\s+/g, " ")
		.trim();
	if (cleaned === "") {
		return null;
	}
	if (Array.from(cleaned).length > MAX_TITLE) {
		throw new SessionRuleError(`Title too long (${Array.from(cleaned).length} chars, max ${MAX_TITLE})`);
	}
	return cleaned;
}

/** Every session linked to `id` by compression edges, ancestors and descendants. */
function compressionLineage(db: DatabaseSync, id: string): string[] {
	const found = rows(
		db,
		`WITH RECURSIVE
		up(id) AS (
			SELECT ?
			UNION SELECT p.id FROM up JOIN sessions c ON c.id = up.id JOIN sessions p ON p.id = c.parent_session_id
			WHERE p.end_reason = 'compression' AND ${configMarker("c", "_branched_from")} IS NULL AND ${configMarker("c", "_delegate_from")} IS NULL
		),
		down(id) AS (
			SELECT id FROM up
			UNION SELECT c.id FROM down JOIN sessions p ON p.id = down.id JOIN sessions c ON c.parent_session_id = p.id
			WHERE p.end_reason = 'compression' AND ${configMarker("c", "_branched_from")} IS NULL AND ${configMarker("c", "_delegate_from")} IS NULL
		)
		SELECT id FROM down`,
		id,
	);
	return found.map((entry) => String(entry.id));
}

function compressionAncestors(db: DatabaseSync, id: string): Set<string> {
	const ancestors = new Set<string>();
	let current = id;
	for (;;) {
		const parent = row(
			db,
			`SELECT p.id FROM sessions c JOIN sessions p ON p.id = c.parent_session_id
			WHERE c.id = ? AND p.end_reason = 'compression'`,
			current,
		);
		if (parent === undefined || ancestors.has(String(parent.id))) {
			return ancestors;
		}
		current = String(parent.id);
		ancestors.add(current);
	}
}

export interface PatchResult {
	ok: true;
	title: string;
	archived?: boolean;
}

/** `PATCH /api/sessions/{id}`; null when the session does not exist. */
export async function patchSession(
	path: string,
	id: string,
	change: { title?: string | null; archived?: boolean | null },
): Promise<PatchResult | null> {
	const changed: string[] = [];
	const result = await withWriter<PatchResult | null>(path, null, (db) => {
		const resolved = resolveSessionId(db, id);
		if (resolved === null) {
			return null;
		}
		if (change.title !== undefined) {
			const title = change.title === null ? null : sanitizeTitle(change.title);
			if (title !== null) {
				const holder = row(db, "SELECT id FROM sessions WHERE title = ? AND id != ?", title, resolved);
				if (holder !== undefined) {
					if (!compressionAncestors(db, resolved).has(String(holder.id))) {
						throw new SessionRuleError(
							`Title '${title}' is already in use by session ${String(holder.id)}`,
						);
					}
					db.prepare("UPDATE sessions SET title = NULL WHERE id = ?").run(String(holder.id));
				}
			}
			db.prepare("UPDATE sessions SET title = ? WHERE id = ?").run(title, resolved);
		}
		if (change.archived !== undefined && change.archived !== null) {
			const lineage = compressionLineage(db, resolved);
			const update = db.prepare("UPDATE sessions SET archived = ? WHERE id = ?");
			for (const member of lineage) {
				update.run(change.archived ? 1 : 0, member);
				changed.push(member);
			}
		}
		const current = row(db, "SELECT title, archived FROM sessions WHERE id = ?", resolved);
		const result: PatchResult = {
			ok: true,
			title: current?.title === null || current?.title === undefined ? "" : String(current.title),
		};
		if (change.archived !== undefined) {
			result.archived = Boolean(current?.archived);
		}
		return result;
	});
	// Archiving adds no message: tell the session ledger which rows to re-read.
	noteSessionsChanged(path, changed);
	return result;
}

/**
 * Deletes sessions the way Hermes does: delegate children (recursively) go with their
 * parent, other children (branches, continuations) are orphaned; messages are deleted
 * explicitly (no cascade on `messages`). Returns how many of `ids` were removed.
 */
function deleteWithinTransaction(db: DatabaseSync, ids: string[], touched: string[]): number {
	const doomed = new Set(ids.filter((id) => row(db, "SELECT 1 FROM sessions WHERE id = ?", id) !== undefined));
	const roots = doomed.size;
	let frontier = [...doomed];
	while (frontier.length > 0) {
		const next: string[] = [];
		for (const id of frontier) {
			for (const child of rows(
				db,
				`SELECT id FROM sessions WHERE (${configMarker("sessions", "_delegate_from")} = ?)
				OR (parent_session_id = ? AND ${configMarker("sessions", "_delegate_from")} IS NOT NULL)`,
				id,
				id,
			)) {
				const childId = String(child.id);
				if (!doomed.has(childId)) {
					doomed.add(childId);
					next.push(childId);
				}
			}
		}
		frontier = next;
	}
	touched.push(...doomed, ...orphanedChildren(db, doomed));
	const orphan = db.prepare("UPDATE sessions SET parent_session_id = NULL WHERE parent_session_id = ?");
	const dropMessages = db.prepare("DELETE FROM messages WHERE session_id = ?");
	const dropSession = db.prepare("DELETE FROM sessions WHERE id = ?");
	for (const id of doomed) {
		orphan.run(id);
	}
	for (const id of doomed) {
		dropMessages.run(id);
		dropSession.run(id);
	}
	return roots;
}

/** Children that lose their parent when `ids` go (their visibility and chain change). */
function orphanedChildren(db: DatabaseSync, ids: Iterable<string>): string[] {
	const children = db.prepare("SELECT id FROM sessions WHERE parent_session_id = ?");
	return [...ids].flatMap((id) => (children.all(id) as Row[]).map((child) => String(child.id)));
}

/** Runs a delete in one write transaction, then tells the session ledger what it touched. */
async function deleting(path: string, pick: (db: DatabaseSync) => string[]): Promise<number> {
	const touched: string[] = [];
	const deleted = await withWriter(path, 0, (db) => deleteWithinTransaction(db, pick(db), touched));
	noteSessionsChanged(path, touched);
	return deleted;
}

/** `DELETE /api/sessions/{id}`: `{ok, already_absent?}`; idempotent. */
export async function deleteSession(path: string, id: string): Promise<{ ok: true; already_absent?: true }> {
	const deleted = await deleting(path, (db) => [resolveSessionId(db, id)].filter((found) => found !== null));
	return deleted > 0 ? { ok: true } : { ok: true, already_absent: true };
}

/** `POST /api/sessions/bulk-delete`: unknown ids are skipped. */
export async function bulkDeleteSessions(path: string, ids: string[]): Promise<number> {
	return await deleting(path, () => [...new Set(ids)]);
}

export { countEmptySessions } from "./stats.ts";

export async function deleteEmptySessions(path: string): Promise<number> {
	return await deleting(path, (db) =>
		rows(db, `SELECT id FROM sessions WHERE ${EMPTY_WHERE}`).map((entry) => String(entry.id)),
	);
}

export interface PruneFilters {
	older_than_days?: number;
	source?: string;
	started_before?: number;
	started_after?: number;
	title_like?: string;
	end_reason?: string;
	cwd_prefix?: string;
	min_messages?: number;
	max_messages?: number;
	model_like?: string;
	provider?: string;
	user_id?: string;
	chat_id?: string;
	chat_type?: string;
	branch_like?: string;
	min_tokens?: number;
	max_tokens?: number;
	min_cost?: number;
	max_cost?: number;
	min_tool_calls?: number;
	max_tool_calls?: number;
	include_archived?: boolean;
}

const ATTRIBUTE_FILTERS: (keyof PruneFilters)[] = [
	"source",
	"title_like",
	"end_reason",
	"cwd_prefix",
	"min_messages",
	"max_messages",
	"model_like",
	"provider",
	"user_id",
	"chat_id",
	"chat_type",
	"branch_like",
	"min_tokens",
	"max_tokens",
	"min_cost",
	"max_cost",
	"min_tool_calls",
	"max_tool_calls",
];

function pruneWhere(filters: PruneFilters, nowSeconds: number, params: SQLInputValue[]): string {
	const clauses = ["ended_at IS NOT NULL"];
	const add = (sql: string, ...values: SQLInputValue[]): void => {
		clauses.push(sql);
		params.push(...values);
	};
	const window = filters.started_before !== undefined || filters.started_after !== undefined;
	const attributes = ATTRIBUTE_FILTERS.some(
		(key) => filters[key] !== undefined && filters[key] !== null && filters[key] !== "",
	);
	if (!window && (filters.older_than_days !== undefined || !attributes)) {
		add("started_at < ?", nowSeconds - (filters.older_than_days ?? 90) * 86400);
	} else if (window && filters.older_than_days !== undefined) {
		add("started_at < ?", nowSeconds - filters.older_than_days * 86400);
	}
	if (filters.started_before !== undefined) add("started_at < ?", filters.started_before);
	if (filters.started_after !== undefined) add("started_at > ?", filters.started_after);
	if (filters.source) add("source = ?", filters.source);
	if (filters.end_reason) add("end_reason = ?", filters.end_reason);
	if (filters.user_id) add("user_id = ?", filters.user_id);
	if (filters.chat_id) add("chat_id = ?", filters.chat_id);
	if (filters.chat_type) add("chat_type = ?", filters.chat_type);
	if (filters.provider) add("LOWER(billing_provider) = LOWER(?)", filters.provider);
	for (const [key, column] of [
		["title_like", "title"],
		["model_like", "model"],
		["branch_like", "git_branch"],
	] as const) {
		const value = filters[key];
		if (value) add(`INSTR(LOWER(COALESCE(${column}, '')), LOWER(?)) > 0`, value);
	}
	if (filters.cwd_prefix) {
		const prefix = filters.cwd_prefix.replace(/[/\\]+$/, "") || filters.cwd_prefix;
		add("(cwd = ? OR substr(cwd, 1, ?) IN (?, ?))", prefix, prefix.length + 1, `${prefix}/`, `${prefix}\\`);
	}
	const ranges: [keyof PruneFilters, keyof PruneFilters, string][] = [
		["min_messages", "max_messages", "message_count"],
		["min_tokens", "max_tokens", "(COALESCE(input_tokens, 0) + COALESCE(output_tokens, 0))"],
		["min_cost", "max_cost", "COALESCE(actual_cost_usd, estimated_cost_usd, 0)"],
		["min_tool_calls", "max_tool_calls", "tool_call_count"],
	];
	for (const [min, max, expression] of ranges) {
		if (typeof filters[min] === "number") add(`${expression} >= ?`, filters[min] as number);
		if (typeof filters[max] === "number") add(`${expression} <= ?`, filters[max] as number);
	}
	if (filters.include_archived !== true) {
		clauses.push("archived = 0");
	}
	return clauses.join(" AND ");
}

export interface PrunePreview {
	ok: true;
	removed: 0;
	matched: number;
	oldest_started_at: number | null;
	newest_started_at: number | null;
	sessions: {
		id: string;
		source: string;
		title: string | null;
		model: string | null;
		started_at: number;
		message_count: number;
	}[];
}

/** Dry run: what a prune with these filters would remove, oldest first. */
export function previewPrune(path: string, filters: PruneFilters, nowSeconds: number): PrunePreview {
	const empty: PrunePreview = {
		ok: true,
		removed: 0,
		matched: 0,
		oldest_started_at: null,
		newest_started_at: null,
		sessions: [],
	};
	return withReader(path, empty, (db) => {
		const params: SQLInputValue[] = [];
		const found = rows(
			db,
			`SELECT id, source, title, model, started_at, message_count FROM sessions
			WHERE ${pruneWhere(filters, nowSeconds, params)} ORDER BY started_at, id`,
			...params,
		) as Row[];
		return {
			ok: true,
			removed: 0,
			matched: found.length,
			oldest_started_at: found.length > 0 ? Number(found[0]!.started_at) : null,
			newest_started_at: found.length > 0 ? Number(found[found.length - 1]!.started_at) : null,
			sessions: found as unknown as PrunePreview["sessions"],
		};
	});
}

/** Removes Hermes's transcript files for pruned sessions (`sessions/<id>.json[l]`, request dumps). */
function removeTranscripts(home: string, ids: string[]): void {
	const dir = join(home, "sessions");
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return;
	}
	const doomed = new Set(ids);
	for (const name of entries) {
		const plain = /^(.*)\.jsonl?$/.exec(name)?.[1];
		const isDump =
			name.startsWith("request_dump_") &&
			name.endsWith(".json") &&
			ids.some((id) => name.startsWith(`request_dump_${id}_`));
		if ((plain !== undefined && doomed.has(plain)) || isDump) {
			rmSync(join(dir, name), { force: true });
		}
	}
}

/** Real prune: children of pruned sessions are orphaned, never cascaded. */
export async function pruneSessions(
	home: string,
	path: string,
	filters: PruneFilters,
	nowSeconds: number,
): Promise<number> {
	const touched: string[] = [];
	const removed = await withWriter<string[]>(path, [], (db) => {
		const params: SQLInputValue[] = [];
		const ids = rows(db, `SELECT id FROM sessions WHERE ${pruneWhere(filters, nowSeconds, params)}`, ...params).map(
			(entry) => String(entry.id),
		);
		touched.push(...ids, ...orphanedChildren(db, ids));
		const orphan = db.prepare("UPDATE sessions SET parent_session_id = NULL WHERE parent_session_id = ?");
		const dropMessages = db.prepare("DELETE FROM messages WHERE session_id = ?");
		const dropSession = db.prepare("DELETE FROM sessions WHERE id = ?");
		for (const id of ids) orphan.run(id);
		for (const id of ids) {
			dropMessages.run(id);
			dropSession.run(id);
		}
		return ids;
	});
	noteSessionsChanged(path, touched);
	removeTranscripts(home, removed);
	return removed.length;
}
