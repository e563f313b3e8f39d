/**
 * @module
 * Reading sessions from `state.db` (hermes-home §4.3, 4.5, 4.8 stats): the list with
 * compression chains projected onto their live tip, one row, its messages (paged in
 * SQL, never loaded whole), export and the stats bar. Every query is bounded by the
 * page size: per-row extras are index lookups, never a scan per request.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { withReader, type Row } from "./state_db.ts";
import {
	compressionTip,
	continuationSQL,
	decodeMessage,
	memoized,
	previewOf,
	previewRawSQL,
	resolveSessionId,
	row,
	rows,
	visibleSQL,
} from "./rows.ts";
import { currentLedger } from "./ledger.ts";
import { ledgerPage } from "./ledger_queries.ts";
import type { SessionDetail, SessionExport, SessionListRow, SessionMessage, SessionRecord } from "./types.ts";

export type ArchivedFilter = "exclude" | "only" | "include";
export type SessionOrder = "created" | "recent";

export interface ListQuery {
	limit: number;
	offset: number;
	minMessages?: number;
	archived?: ArchivedFilter;
	order?: SessionOrder;
	source?: string;
	excludeSources?: string[];
	cwdPrefix?: string;
	full?: boolean;
}

export interface SessionPage {
	sessions: SessionListRow[];
	total: number;
	limit: number;
	offset: number;
}

/** Fields a compression root takes from its live tip (the root keeps `started_at`). */
const TIP_FIELDS = [
	"id",
	"ended_at",
	"end_reason",
	"message_count",
	"tool_call_count",
	"title",
	"model",
	"system_prompt",
	"cwd",
	"git_branch",
	"git_repo_root",
];

function filtersSQL(query: ListQuery, params: SQLInputValue[]): string {
	const clauses = [visibleSQL("s")];
	if (query.source) {
		clauses.push("s.source = ?");
		params.push(query.source);
	}
	const excluded = (query.excludeSources ?? []).filter((source) => source !== "");
	if (excluded.length > 0) {
		clauses.push(`s.source NOT IN (${excluded.map(() => "?").join(", ")})`);
		params.push(...excluded);
	}
	if (query.cwdPrefix) {
		const prefix = query.cwdPrefix.replace(/[/\\]+$/, "") || query.cwdPrefix;
		clauses.push("(s.cwd = ? OR substr(s.cwd, 1, ?) IN (?, ?))");
		params.push(prefix, prefix.length + 1, `${prefix}/`, `${prefix}\\`);
	}
	if ((query.minMessages ?? 0) > 0) {
		clauses.push("s.message_count >= ?");
		params.push(query.minMessages!);
	}
	const archived = query.archived ?? "exclude";
	if (archived === "exclude") {
		clauses.push("s.archived = 0");
	} else if (archived === "only") {
		clauses.push("s.archived = 1");
	}
	return clauses.join(" AND ");
}

/** A session counts as active while unended and touched within this window. */
export const ACTIVE_WINDOW_SECONDS = 300;

/** Hermes's `is_active` rule: not ended, and a message (or the start) within the window. */
export function isActiveSession(endedAt: unknown, lastActive: number, nowSeconds: number): boolean {
	return endedAt === null && nowSeconds - lastActive < ACTIVE_WINDOW_SECONDS;
}

const LAST_ACTIVE_SQL = "(SELECT MAX(m.timestamp) FROM messages m WHERE m.session_id = s.id)";
/** The raw preview (Hermes's SQL) of the row aliased `s`. */
const FIRST_USER_SQL = previewRawSQL("s");

function pageSQL(order: SessionOrder, where: string): string {
	if (order === "created") {
		// Page the bare ids first, so skipped rows never pay for the per-row extras.
		// (ORDER BY started_at alone lets SQLite walk idx_sessions_started and stop early.)
		return `WITH page AS (SELECT s.id, s.started_at FROM sessions s WHERE ${where} ORDER BY s.started_at DESC LIMIT ? OFFSET ?)
			SELECT s.*, ${LAST_ACTIVE_SQL} AS _last_message, ${FIRST_USER_SQL} AS _first_user
			FROM page JOIN sessions s ON s.id = page.id ORDER BY page.started_at DESC`;
	}
	// Latest activity across the whole compression chain decides the order.
	// Only compression roots need the recursive walk; every other row is its own chain.
	return `WITH RECURSIVE roots AS (
			SELECT s.id, s.started_at, s.end_reason FROM sessions s WHERE ${where}
		), chain(root, id) AS (
			SELECT id, id FROM roots WHERE end_reason = 'compression'
			UNION ALL
			SELECT chain.root, c.id FROM chain
			JOIN sessions p ON p.id = chain.id AND p.end_reason = 'compression'
			JOIN sessions c ON c.parent_session_id = p.id AND ${continuationSQL("c")}
		), chain_activity AS (
			SELECT chain.root AS root, MAX(COALESCE(
				(SELECT MAX(m.timestamp) FROM messages m WHERE m.session_id = chain.id),
				(SELECT x.started_at FROM sessions x WHERE x.id = chain.id))) AS act
			FROM chain GROUP BY chain.root
		), page AS (
			SELECT r.id AS id, r.started_at AS started_at, COALESCE(ca.act,
				(SELECT MAX(m.timestamp) FROM messages m WHERE m.session_id = r.id), r.started_at) AS act
			FROM roots r LEFT JOIN chain_activity ca ON ca.root = r.id
			ORDER BY act DESC, r.started_at DESC, r.id DESC LIMIT ? OFFSET ?
		)
		SELECT s.*, ${LAST_ACTIVE_SQL} AS _last_message, ${FIRST_USER_SQL} AS _first_user
		FROM page JOIN sessions s ON s.id = page.id
		ORDER BY page.act DESC, page.started_at DESC, page.id DESC`;
}

function extrasFor(db: DatabaseSync, id: string): { last: unknown; first: unknown } {
	const extras = row(db, `SELECT ${LAST_ACTIVE_SQL} AS last, ${FIRST_USER_SQL} AS first FROM (SELECT ? AS id) s`, id);
	return { last: extras?.last ?? null, first: extras?.first ?? null };
}

const HEAVY_FIELDS = new Set(["system_prompt", "model_config", "_last_message", "_first_user"]);

/** Turns a stored row into an API list row: projection, preview, last_active, flags. */
function listRow(db: DatabaseSync, stored: Row, nowSeconds: number, full: boolean): SessionListRow {
	const result: Row = {};
	for (const key in stored) {
		if (!HEAVY_FIELDS.has(key) || (full && !key.startsWith("_"))) {
			result[key] = stored[key];
		}
	}
	let last = stored._last_message;
	let first = stored._first_user;
	if (stored.end_reason === "compression") {
		const tip = compressionTip(db, String(stored.id));
		if (tip !== undefined && tip.id !== stored.id) {
			for (const field of TIP_FIELDS) {
				if (full || !HEAVY_FIELDS.has(field)) {
					result[field] = tip[field];
				}
			}
			result._lineage_root_id = stored.id;
			({ last, first } = extrasFor(db, String(tip.id)));
		}
	}
	const lastActive = typeof last === "number" ? last : Number(result.started_at);
	return {
		...(result as SessionListRow),
		preview: previewOf(first),
		last_active: lastActive,
		is_active: isActiveSession(result.ended_at, lastActive, nowSeconds),
		archived: Boolean(result.archived),
	};
}

function emptyPage(query: ListQuery): SessionPage {
	return { sessions: [], total: 0, limit: query.limit, offset: query.offset };
}

/** A page's full rows by id, in the given order (primary-key lookups). */
function rowsByIds(db: DatabaseSync, ids: string[]): Row[] {
	const found: Row[] = [];
	for (const id of ids) {
		const stored = row(
			db,
			`SELECT s.*, ${LAST_ACTIVE_SQL} AS _last_message, ${FIRST_USER_SQL} AS _first_user FROM sessions s WHERE s.id = ?`,
			id,
		);
		if (stored !== undefined) found.push(stored);
	}
	return found;
}

/**
 * `GET /api/sessions`: one page of visible sessions plus the filtered total. The page's
 * ids and the total come from the session ledger (index walks there); the rows from
 * state.db by primary key. While the ledger is being built, state.db answers alone.
 */
export function listSessions(path: string, query: ListQuery, nowSeconds: number): SessionPage {
	return withReader(path, emptyPage(query), (db) => {
		const ledger = currentLedger(path, db);
		let stored: Row[];
		let total: number;
		if (ledger !== null) {
			const page = memoized(db, `ledger-page\0${ledger.generation}\0${JSON.stringify(query)}`, () => {
				const found = ledgerPage(ledger.db, query);
				return { rows: rowsByIds(db, found.ids), total: found.total };
			});
			stored = page.rows;
			total = page.total;
		} else {
			({ stored, total } = directPage(db, query));
		}
		return {
			sessions: stored.map((entry) => listRow(db, entry, nowSeconds, query.full === true)),
			total,
			limit: query.limit,
			offset: query.offset,
		};
	});
}

/** The page and total straight from state.db (no ledger yet; the reference in tests). */
function directPage(db: DatabaseSync, query: ListQuery): { stored: Row[]; total: number } {
	const params: SQLInputValue[] = [];
	const where = filtersSQL(query, params);
	const limit = query.limit < 0 ? -1 : query.limit;
	const pageQuery = pageSQL(query.order ?? "created", where);
	const pageParams = [...params, limit, Math.max(0, query.offset)];
	const stored = memoized(db, `${pageQuery}\0${JSON.stringify(pageParams)}`, () =>
		rows(db, pageQuery, ...pageParams),
	);
	const countSQL = `SELECT COUNT(*) AS n FROM sessions s WHERE ${where}`;
	const total = memoized(db, `${countSQL}\0${JSON.stringify(params)}`, () =>
		Number(row(db, countSQL, ...params)?.n ?? 0),
	);
	return { stored, total };
}

/** `listSessions` without the ledger: what the ledger's answers are checked against. */
export function listSessionsDirect(path: string, query: ListQuery, nowSeconds: number): SessionPage {
	return withReader(path, emptyPage(query), (db) => {
		const { stored, total } = directPage(db, query);
		return {
			sessions: stored.map((entry) => listRow(db, entry, nowSeconds, query.full === true)),
			total,
			limit: query.limit,
			offset: query.offset,
		};
	});
}

/** The Status page's recent sessions: the 20 newest visible ones, as list rows. */
export function recentSessions(path: string, nowSeconds: number): SessionListRow[] {
	return listSessions(path, { limit: 20, offset: 0 }, nowSeconds).sessions;
}

/**
 * `last_active` of the unended sessions among the 50 newest visible ones (what the
 * Status page's active count looks at), memoised until the database changes.
 */
export function openSessionActivity(path: string): number[] {
	return withReader<number[]>(path, [], (db) =>
		memoized(db, "open-session-activity", () => {
			const params: SQLInputValue[] = [];
			const where = filtersSQL({ limit: 50, offset: 0 }, params);
			return rows(db, pageSQL("created", where), ...params, 50, 0)
				.map((stored) => listRow(db, stored, 0, false))
				.filter((entry) => entry.ended_at === null)
				.map((entry) => entry.last_active);
		}),
	);
}

/**
 * Active sessions as the Status page counts them: the `is_active` rule over the 50
 * newest visible sessions (read-only). 0 when the file is missing or unusable.
 */
export function countActiveSessions(path: string, nowSeconds: number): number {
	try {
		return openSessionActivity(path).filter((lastActive) => isActiveSession(null, lastActive, nowSeconds)).length;
	} catch {
		return 0;
	}
}

/** `GET /api/sessions/{id}`: the raw row, the id resolved by exact match or prefix. */
export function getSession(path: string, id: string): SessionDetail | null {
	return withReader<SessionDetail | null>(path, null, (db) => {
		const resolved = resolveSessionId(db, id);
		return resolved === null
			? null
			: ((row(db, "SELECT * FROM sessions WHERE id = ?", resolved) as SessionRecord | undefined) ?? null);
	});
}

export interface MessagePage {
	session_id: string;
	messages: SessionMessage[];
	pagination: { limit: number | null; offset: number; returned: number };
}

export const MAX_MESSAGE_PAGE = 500;

/** `GET /api/sessions/{id}/messages`: active messages of the chain's live tip, one page. */
export function getMessages(path: string, id: string, limit: number | null, offset: number): MessagePage | null {
	return withReader<MessagePage | null>(path, null, (db) => {
		const resolved = resolveSessionId(db, id);
		if (resolved === null) {
			return null;
		}
		const tip = String(compressionTip(db, resolved)?.id ?? resolved);
		const capped = limit === null ? null : Math.min(Math.max(limit, 0), MAX_MESSAGE_PAGE);
		const stored = rows(
			db,
			"SELECT * FROM messages WHERE session_id = ? AND active = 1 ORDER BY id LIMIT ? OFFSET ?",
			tip,
			capped ?? -1,
			Math.max(0, offset),
		);
		return {
			session_id: tip,
			messages: stored.map(decodeMessage),
			pagination: { limit: capped, offset, returned: stored.length },
		};
	});
}

/** How many active messages a session has (for "load more"). */
export function countActiveMessages(path: string, sessionId: string): number {
	return withReader(path, 0, (db) =>
		Number(row(db, "SELECT COUNT(*) AS n FROM messages WHERE session_id = ? AND active = 1", sessionId)?.n ?? 0),
	);
}

/** Position of a message among its session's active messages. */
export function messagePosition(path: string, sessionId: string, messageId: number): number {
	return withReader(path, 0, (db) =>
		Number(
			row(
				db,
				"SELECT COUNT(*) AS n FROM messages WHERE session_id = ? AND active = 1 AND id < ?",
				sessionId,
				messageId,
			)?.n ?? 0,
		),
	);
}

/** List-style rows (preview, last_active, is_active…) for given ids, e.g. search hits. */
export function sessionsByIds(path: string, ids: string[], nowSeconds: number): Map<string, SessionListRow> {
	return withReader(path, new Map<string, SessionListRow>(), (db) => {
		const found = new Map<string, SessionListRow>();
		for (const id of ids) {
			const stored = row(
				db,
				`SELECT s.*, ${LAST_ACTIVE_SQL} AS _last_message, ${FIRST_USER_SQL} AS _first_user FROM sessions s WHERE s.id = ?`,
				id,
			);
			if (stored !== undefined) {
				found.set(id, listRow(db, stored, nowSeconds, false));
			}
		}
		return found;
	});
}

/** `GET /api/sessions/{id}/export`: the row plus every active message. */
export function exportSession(path: string, id: string): SessionExport | null {
	return withReader<SessionExport | null>(path, null, (db) => {
		const resolved = resolveSessionId(db, id);
		const session =
			resolved === null
				? undefined
				: (row(db, "SELECT * FROM sessions WHERE id = ?", resolved) as SessionRecord | undefined);
		if (session === undefined) {
			return null;
		}
		const messages = rows(
			db,
			"SELECT * FROM messages WHERE session_id = ? AND active = 1 ORDER BY id",
			String(session.id),
		);
		return { ...session, messages: messages.map(decodeMessage) };
	});
}

export { type SessionStats, sessionStats, sessionStatsDirect } from "./stats.ts";
