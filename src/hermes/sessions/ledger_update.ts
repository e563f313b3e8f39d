/**
 * @module
 * How the session ledger (ledger.ts) is built from state.db and kept up to date: the
 * summary each session contributes, the message counts and tool use added from messages
 * past the watermark, chain activity for `order=recent`, deletions and the rolling re-check.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { LEDGER_TABLES } from "./ledger_schema.ts";
import { MESSAGE_COUNTS, SUMMARY, SUMMARY_COLUMNS, TOOL_CALLS, TOOL_RESULTS } from "./ledger_source_sql.ts";
import { openReadOnly, type Row } from "./state_db.ts";

/** Sessions re-checked per refresh (bounded work; a full cycle over 100k takes 400 refreshes). */
export const RECHECK_BATCH = 250;
const BUILD_STEP = 1000;
/** How far back (from the newest message) an open session is still watched on every refresh. */
const OPEN_WATCH_SECONDS = 6 * 3600;

export interface Ledger {
	db: DatabaseSync;
	statePath: string;
	/** Set when the build is done; reads before then use the direct queries. */
	ready: boolean;
	building: Promise<void> | null;
	identity: string;
	/** state.db `data_version` at the last refresh. */
	version: number;
	/** Bumped when a background re-check changes rows (memoised answers key on it). */
	generation: number;
	/** The pending background re-check, if any. */
	rechecking: Promise<void> | null;
	/** Session ids the dashboard changed itself, re-read at the next refresh. */
	dirty: Set<string>;
}

/** Thrown by a refresh that finds state.db rewritten under the same inode: rebuild. */
export class LedgerStale extends Error {}

export function meta(db: DatabaseSync, key: string): string | undefined {
	const found = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value?: string } | undefined;
	return found?.value;
}

function setMeta(db: DatabaseSync, key: string, value: string | number): void {
	db.prepare(
		"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	).run(key, String(value));
}

function inTransaction<T>(db: DatabaseSync, work: () => T): T {
	db.exec("BEGIN IMMEDIATE");
	try {
		const result = work();
		db.exec("COMMIT");
		return result;
	} catch (error) {
		if (db.isTransaction) db.exec("ROLLBACK");
		throw error;
	}
}

const UPSERT = `INSERT INTO ledger (${SUMMARY_COLUMNS.join(", ")}, root) VALUES (${SUMMARY_COLUMNS.map(() => "?").join(", ")}, ?)
	ON CONFLICT (id) DO UPDATE SET ${SUMMARY_COLUMNS.filter((column) => column !== "id")
		.map((column) => `${column} = excluded.${column}`)
		.join(", ")}`;

/** Columns that decide which sessions are "the newest visible ones" (the stats' source window). */
const MEMBERSHIP_COLUMNS = ["visible", "source_key", "started_at"];

/** Counts changes to the set of visible sessions, so answers derived from it can be reused. */
export function bumpMembership(db: DatabaseSync): void {
	setMeta(db, "membership", Number(meta(db, "membership") ?? 0) + 1);
}

/** The chain root of a row from its chain parent, through rows already in the ledger. */
function rootOf(db: DatabaseSync, id: string, chainParent: unknown): string {
	let current = id;
	let parent = chainParent;
	const seen = new Set<string>([id]);
	while (typeof parent === "string" && !seen.has(parent)) {
		const found = db.prepare("SELECT chain_parent FROM ledger WHERE id = ?").get(parent) as Row | undefined;
		if (found === undefined) return parent;
		current = parent;
		seen.add(current);
		parent = found.chain_parent;
	}
	return current;
}

/** Writes the summaries that differ from the stored rows; collects roots whose activity may move. */
function upsertSummaries(db: DatabaseSync, summaries: Row[], roots: Set<string>): number {
	let changed = 0;
	const upsert = db.prepare(UPSERT);
	const stored = db.prepare(`SELECT ${SUMMARY_COLUMNS.join(", ")}, root FROM ledger WHERE id = ?`);
	for (const summary of summaries) {
		const id = String(summary.id);
		const previous = stored.get(id) as Row | undefined;
		if (previous !== undefined && SUMMARY_COLUMNS.every((column) => previous[column] === summary[column])) continue;
		if (previous === undefined || MEMBERSHIP_COLUMNS.some((column) => previous[column] !== summary[column])) {
			bumpMembership(db);
		}
		const root = rootOf(db, id, summary.chain_parent);
		upsert.run(...SUMMARY_COLUMNS.map((column) => summary[column] as SQLInputValue), root);
		if (previous !== undefined && previous.root !== root) {
			db.prepare("UPDATE ledger SET root = ? WHERE id = ?").run(root, id);
			roots.add(String(previous.root));
		}
		roots.add(root);
		changed++;
	}
	return changed;
}

/** Adds message counts and tool use (rows of MESSAGE_COUNTS / TOOL_CALLS / TOOL_RESULTS). */
function addMessages(db: DatabaseSync, counts: Row[], calls: Row[], results: Row[], roots: Set<string>): number {
	let orphans = 0;
	const bump = db.prepare(
		"UPDATE ledger SET msg_rows = msg_rows + ?, last_ts = MAX(COALESCE(last_ts, ?), ?) WHERE id = ? RETURNING root",
	);
	for (const count of counts) {
		const hit = bump.get(Number(count.n), count.ts as number, count.ts as number, String(count.id)) as
			| Row
			| undefined;
		if (hit === undefined) orphans += Number(count.n);
		else roots.add(String(hit.root));
	}
	const tool = db.prepare(`INSERT INTO ledger_tools (id, day, kind, name, n, last)
		SELECT id, day, ?, ?, ?, ? FROM ledger WHERE id = ?
		ON CONFLICT (id, kind, name) DO UPDATE SET n = n + excluded.n,
			last = CASE WHEN last IS NULL OR excluded.last > last THEN excluded.last ELSE last END`);
	for (const call of calls) {
		if (typeof call.name !== "string") continue;
		tool.run("call", call.name, Number(call.n), null, String(call.id));
		if (typeof call.skill === "string" && call.skill !== "") {
			const last = typeof call.last === "number" ? call.last : null;
			tool.run(call.name === "skill_view" ? "view" : "manage", call.skill, Number(call.n), last, String(call.id));
		}
	}
	for (const result of results) tool.run("result", String(result.name), Number(result.n), null, String(result.id));
	return orphans;
}

/** Chain activity (the `order=recent` key) of the given roots. */
function updateActivity(db: DatabaseSync, roots: Iterable<string>): void {
	const update = db.prepare(
		"UPDATE ledger SET act = (SELECT MAX(COALESCE(m.last_ts, m.started_at)) FROM ledger m WHERE m.root = ?) WHERE id = ?",
	);
	for (const root of roots) update.run(root, root);
}

function readMessages(state: DatabaseSync, where: string, params: SQLInputValue[]): [Row[], Row[], Row[]] {
	return [
		state.prepare(MESSAGE_COUNTS(where)).all(...params) as Row[],
		state.prepare(TOOL_CALLS(where)).all(...params) as Row[],
		state.prepare(TOOL_RESULTS(where)).all(...params) as Row[],
	];
}

export function maxIds(state: DatabaseSync): { messages: number; sessions: number } {
	return {
		messages: Number((state.prepare("SELECT MAX(id) AS n FROM messages").get() as Row).n ?? 0),
		sessions: Number((state.prepare("SELECT MAX(rowid) AS n FROM sessions").get() as Row).n ?? 0),
	};
}

/** Full build, in steps of BUILD_STEP sessions / 20×BUILD_STEP messages (a yield between steps). */
export function* build(ledger: Ledger): Generator<void> {
	const state = openReadOnly(ledger.statePath);
	if (state === null) return;
	const { db } = ledger;
	try {
		inTransaction(db, () => {
			for (const table of LEDGER_TABLES) db.exec(`DELETE FROM ${table}`);
		});
		const top = maxIds(state);
		const roots = new Set<string>();
		for (let from = 0; from < top.sessions; from += BUILD_STEP) {
			const summaries = state
				.prepare(`SELECT ${SUMMARY} FROM sessions s WHERE s.rowid > ? AND s.rowid <= ? GROUP BY s.rowid`)
				.all(from, Math.min(from + BUILD_STEP, top.sessions)) as Row[];
			inTransaction(db, () => upsertSummaries(db, summaries, roots));
			yield;
		}
		let orphans = 0;
		for (let from = 0; from < top.messages; from += BUILD_STEP * 20) {
			const batch = readMessages(state, "m.id > ? AND m.id <= ?", [
				from,
				Math.min(from + BUILD_STEP * 20, top.messages),
			]);
			orphans += inTransaction(db, () => addMessages(db, ...batch, new Set()));
			yield;
		}
		inTransaction(db, () => {
			// Rows whose chain parent arrived after them (continuations are few): settle their roots.
			const setRoot = db.prepare("UPDATE ledger SET root = ? WHERE id = ? AND root != ?");
			for (const entry of db
				.prepare("SELECT id, chain_parent FROM ledger WHERE chain_parent IS NOT NULL")
				.all() as Row[]) {
				const root = rootOf(db, String(entry.id), entry.chain_parent);
				setRoot.run(root, String(entry.id), root);
			}
			db.exec(`UPDATE ledger SET act = (SELECT MAX(COALESCE(m.last_ts, m.started_at)) FROM ledger m
				WHERE m.root = ledger.id) WHERE root = id`);
			setMeta(db, "identity", ledger.identity);
			setMeta(db, "max_message", top.messages);
			setMeta(db, "max_session", top.sessions);
			setMeta(db, "orphans", orphans);
			setMeta(db, "recheck_from", 0);
		});
	} finally {
		state.close();
	}
}

/**
 * Brings the ledger up to date with state.db (`state` = the shared read-only connection).
 * Cost follows what changed: new messages, new/open/touched sessions, one re-check batch.
 */
export function refresh(ledger: Ledger, state: DatabaseSync): void {
	const version = Number((state.prepare("PRAGMA data_version").get() as Row).data_version);
	if (version === ledger.version && ledger.dirty.size === 0) return;
	const { db } = ledger;
	state.exec("BEGIN");
	try {
		inTransaction(db, () => {
			const seen = {
				messages: Number(meta(db, "max_message") ?? 0),
				sessions: Number(meta(db, "max_session") ?? 0),
			};
			const top = maxIds(state);
			const sequence = state.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'messages'").get() as
				| Row
				| undefined;
			if (Number(sequence?.seq ?? 0) < seen.messages) throw new LedgerStale();
			const roots = new Set<string>();
			const summaryOf = state.prepare(`SELECT ${SUMMARY} FROM sessions s WHERE s.id = ? GROUP BY s.rowid`);
			// Sessions that are new, still open, changed by us, or in this refresh's re-check batch.
			const fresh = state
				.prepare(`SELECT ${SUMMARY} FROM sessions s WHERE s.rowid > ? GROUP BY s.rowid`)
				.all(seen.sessions) as Row[];
			const watched = new Set<string>(ledger.dirty);
			// Open sessions active within OPEN_WATCH_SECONDS of the newest message (a clock-free
			// "recently"): their counters can move without a new message. Long-dead open ones
			// (a crashed run never ends) are left to the re-check.
			const newest = state
				.prepare("SELECT timestamp FROM messages WHERE id = (SELECT MAX(id) FROM messages)")
				.get() as Row | undefined;
			const since = Number(newest?.timestamp ?? 0) - OPEN_WATCH_SECONDS;
			for (const open of db
				.prepare("SELECT id FROM ledger WHERE ended_at IS NULL AND COALESCE(last_ts, started_at) > ?")
				.all(since) as Row[]) {
				watched.add(String(open.id));
			}
			const newMessages = readMessages(state, "m.id > ? AND m.id <= ?", [seen.messages, top.messages]);
			for (const count of newMessages[0]) watched.add(String(count.id));
			const summaries: Row[] = [...fresh];
			const known = new Set(fresh.map((summary) => String(summary.id)));
			for (const id of watched) {
				if (known.has(id)) continue;
				const summary = summaryOf.get(id) as Row | undefined;
				if (summary === undefined) {
					db.prepare("DELETE FROM ledger WHERE id = ?").run(id);
					bumpMembership(db);
				} else summaries.push(summary);
			}
			applySummaries(db, state, summaries, seen.messages, roots);
			const orphans = addMessages(db, ...newMessages, roots);
			if (orphans > 0) setMeta(db, "orphans", Number(meta(db, "orphans") ?? 0) + orphans);
			updateActivity(db, roots);
			setMeta(db, "max_message", Math.max(top.messages, seen.messages));
			setMeta(db, "max_session", Math.max(top.sessions, seen.sessions));
		});
		ledger.dirty.clear();
		ledger.version = version;
	} finally {
		state.exec("COMMIT");
	}
}

/**
 * Writes re-read summaries; a session that is new to the ledger, or whose message_count
 * fell (messages deleted), has its messages up to the watermark counted from scratch.
 */
function applySummaries(
	db: DatabaseSync,
	state: DatabaseSync,
	summaries: Row[],
	watermark: number,
	roots: Set<string>,
): number {
	const recount: string[] = [];
	const before = db.prepare("SELECT message_count FROM ledger WHERE id = ?");
	for (const summary of summaries) {
		const previous = before.get(String(summary.id)) as Row | undefined;
		if (previous === undefined || Number(summary.message_count) < Number(previous.message_count)) {
			recount.push(String(summary.id));
		}
	}
	const changed = upsertSummaries(db, summaries, roots);
	for (const id of recount) {
		db.prepare("UPDATE ledger SET msg_rows = 0, last_ts = NULL WHERE id = ?").run(id);
		db.prepare("DELETE FROM ledger_tools WHERE id = ?").run(id);
		addMessages(db, ...readMessages(state, "m.session_id = ? AND m.id <= ?", [id, watermark]), roots);
	}
	return changed + recount.length;
}

/**
 * One step of the rolling re-check (run after a refresh, off the request path): the next
 * RECHECK_BATCH sessions by rowid are re-read and compared, which catches what no
 * watermark shows — edits to finished sessions and deletions by other programs.
 * Returns how many ledger rows changed.
 */
export function recheck(ledger: Ledger, state: DatabaseSync): number {
	const { db } = ledger;
	state.exec("BEGIN");
	try {
		return inTransaction(db, () => {
			const from = Number(meta(db, "recheck_from") ?? 0);
			const batch = state
				.prepare(
					`SELECT ${SUMMARY} FROM sessions s WHERE s.rowid > ? GROUP BY s.rowid ORDER BY s.rowid LIMIT ?`,
				)
				.all(from, RECHECK_BATCH) as Row[];
			setMeta(db, "recheck_from", batch.length < RECHECK_BATCH ? 0 : Number(batch[batch.length - 1]!.srowid));
			const roots = new Set<string>();
			let changed = applySummaries(db, state, batch, Number(meta(db, "max_message") ?? 0), roots);
			changed += removeDeleted(db, state, from, batch, roots);
			updateActivity(db, roots);
			return changed;
		});
	} finally {
		state.exec("COMMIT");
	}
}

/**
 * Deletions by other programs: ledger rows in the re-checked rowid range whose session is
 * gone (checked by id, since a VACUUM may renumber rowids). The dashboard's own deletes
 * arrive as noted ids and are dropped at once.
 */
function removeDeleted(db: DatabaseSync, state: DatabaseSync, from: number, batch: Row[], roots: Set<string>): number {
	const upTo = batch.length < RECHECK_BATCH ? Number.MAX_SAFE_INTEGER : Number(batch[batch.length - 1]!.srowid);
	const present = new Set(batch.map((summary) => String(summary.id)));
	const exists = state.prepare("SELECT 1 FROM sessions WHERE id = ?");
	const drop = db.prepare("DELETE FROM ledger WHERE id = ? RETURNING root");
	let removed = 0;
	for (const entry of db.prepare("SELECT id FROM ledger WHERE srowid > ? AND srowid <= ?").all(from, upTo) as Row[]) {
		const id = String(entry.id);
		if (present.has(id) || exists.get(id) !== undefined) continue;
		const gone = drop.get(id) as Row | undefined;
		if (gone !== undefined) roots.add(String(gone.root));
		bumpMembership(db);
		removed++;
	}
	return removed;
}
