/**
 * @module
 * Reads answered from the session ledger (ledger.ts) instead of scanning state.db: list
 * pages (ids and total), the stats bar and the usage report's per-day groups. Each query
 * walks an index of the ledger or a few aggregate rows, so its cost follows the page or
 * the window it returns, not the number of sessions.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { Row } from "./state_db.ts";
import type { ListQuery } from "./query.ts";
import type { SessionStats } from "./stats.ts";

function all(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): Row[] {
	return db.prepare(sql).all(...params) as Row[];
}

/** The list filters (hermes-home §4.3) over ledger columns. */
function filters(query: ListQuery, params: SQLInputValue[]): string {
	const archived = query.archived ?? "exclude";
	const clauses = ["visible = 1"];
	if (archived === "exclude") clauses.push("archived = 0");
	else if (archived === "only") clauses.push("archived = 1");
	else clauses.push("archived IN (0, 1)");
	if (query.source) {
		clauses.push("source = ?");
		params.push(query.source);
	}
	const excluded = (query.excludeSources ?? []).filter((source) => source !== "");
	if (excluded.length > 0) {
		clauses.push(`source NOT IN (${excluded.map(() => "?").join(", ")})`);
		params.push(...excluded);
	}
	if (query.cwdPrefix) {
		const prefix = query.cwdPrefix.replace(/[/\\]+$/, "") || query.cwdPrefix;
		clauses.push("(cwd = ? OR substr(cwd, 1, ?) IN (?, ?))");
		params.push(prefix, prefix.length + 1, `${prefix}/`, `${prefix}\\`);
	}
	if ((query.minMessages ?? 0) > 0) {
		clauses.push("message_count >= ?");
		params.push(query.minMessages!);
	}
	return clauses.join(" AND ");
}

/** SQL of one list page's ids, in the order Hermes returns them. */
export function ledgerPageSQL(query: ListQuery, params: SQLInputValue[]): string {
	const where = filters(query, params);
	const order =
		(query.order ?? "created") === "recent" ? "act DESC, started_at DESC, id DESC" : "started_at DESC, srowid";
	params.push(query.limit < 0 ? -1 : query.limit, Math.max(0, query.offset));
	return `SELECT id FROM ledger WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
}

export function ledgerCountSQL(query: ListQuery, params: SQLInputValue[]): string {
	return `SELECT COUNT(*) AS n FROM ledger WHERE ${filters(query, params)}`;
}

/**
 * The filtered total: from the per-(source, archived, visible) counts when only those are
 * filtered (the usual case), else counted over the ledger's rows.
 */
function ledgerTotal(db: DatabaseSync, query: ListQuery): number {
	const params: SQLInputValue[] = [];
	if (query.cwdPrefix || (query.minMessages ?? 0) > 0) {
		return Number(all(db, ledgerCountSQL(query, params), ...params)[0]?.n ?? 0);
	}
	const where = filters(query, params);
	return Number(all(db, `SELECT TOTAL(sessions) AS n FROM stats_agg WHERE ${where}`, ...params)[0]?.n ?? 0);
}

/** One page of ids plus the filtered total. */
export function ledgerPage(db: DatabaseSync, query: ListQuery): { ids: string[]; total: number } {
	const pageParams: SQLInputValue[] = [];
	return {
		ids: all(db, ledgerPageSQL(query, pageParams), ...pageParams).map((entry) => String(entry.id)),
		total: ledgerTotal(db, query),
	};
}

const sourceWindows = new WeakMap<DatabaseSync, { membership: string; counts: Record<string, number> }>();

/** Hermes counts sources over this many newest visible sessions at most. */
const SOURCE_WINDOW = 10_000;

/** `GET /api/sessions/stats` from the aggregate rows. */
export function ledgerStats(db: DatabaseSync): SessionStats {
	const stats: SessionStats = { total: 0, active_store: 0, archived: 0, messages: 0, by_source: {} };
	let visible = 0;
	for (const group of all(db, "SELECT * FROM stats_agg WHERE sessions != 0 OR msg_rows != 0")) {
		const count = Number(group.sessions);
		stats.total += count;
		stats.messages += Number(group.msg_rows);
		if (group.archived) stats.archived += count;
		else stats.active_store += count;
		if (group.visible) {
			visible += count;
			const key = group.source === "" ? "cli" : String(group.source);
			stats.by_source[key] = (stats.by_source[key] ?? 0) + count;
		}
	}
	stats.messages += Number(all(db, "SELECT value FROM meta WHERE key = 'orphans'")[0]?.value ?? 0);
	if (visible > SOURCE_WINDOW) {
		// The window moves only when the set of visible sessions does (not on every message).
		const membership = all(db, "SELECT key, value FROM meta WHERE key IN ('membership', 'max_session', 'identity')")
			.map((entry) => `${entry.key}=${entry.value}`)
			.join(";");
		let window = sourceWindows.get(db);
		if (window === undefined || window.membership !== membership) {
			const counts: Record<string, number> = {};
			for (const entry of all(
				db,
				`SELECT source_key, COUNT(*) AS n FROM (SELECT source_key FROM ledger WHERE visible = 1
				ORDER BY started_at DESC LIMIT ${SOURCE_WINDOW}) GROUP BY 1`,
			)) {
				counts[String(entry.source_key)] = Number(entry.n);
			}
			window = { membership, counts };
			sourceWindows.set(db, window);
		}
		stats.by_source = { ...window.counts };
	}
	for (const key of Object.keys(stats.by_source)) if (stats.by_source[key] === 0) delete stats.by_source[key];
	stats.by_source = Object.fromEntries(
		Object.entries(stats.by_source).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
	);
	return stats;
}

const SUMS = `TOTAL(input) AS input, TOTAL(output) AS output, TOTAL(cache_read) AS cache_read,
	TOTAL(cache_write) AS cache_write, TOTAL(reasoning) AS reasoning, TOTAL(estimated) AS estimated,
	TOTAL(actual) AS actual, TOTAL(api_calls) AS api_calls`;

/**
 * Usage groups (day, model, sums) of sessions started after `since`: whole UTC days from
 * the per-day aggregates, the day `since` falls in from the ledger rows after it.
 */
export function ledgerUsageGroups(db: DatabaseSync, since: number): Row[] {
	const firstWholeDay = (Math.floor(since / 86400) + 1) * 86400;
	return [
		...all(
			db,
			`SELECT day, model, ${SUMS}, COUNT(*) AS sessions FROM ledger
			WHERE started_at > ? AND started_at < ? GROUP BY day, model`,
			since,
			firstWholeDay,
		),
		...all(
			db,
			`SELECT day, model, input, output, cache_read, cache_write, reasoning, estimated, actual, api_calls, sessions
			FROM day_usage WHERE day >= date(?, 'unixepoch') AND sessions > 0 ORDER BY day, model_key`,
			firstWholeDay,
		),
	];
}

/**
 * The newest use of each named skill by a session started after `since`: per skill, its
 * rows newest first until one belongs to such a session (usually the first), so the cost
 * follows the skills asked for, not every skill row in the home (95 ms on the 100k home
 * as one grouped scan).
 */
export function ledgerSkillLastUse(db: DatabaseSync, since: number, names: Iterable<string>): Map<string, number> {
	const statement = db.prepare(
		`SELECT t.last FROM ledger_tools t JOIN ledger l ON l.id = t.id
		WHERE t.name = ? AND t.kind IN ('view', 'manage') AND t.last IS NOT NULL AND l.started_at > ?
		ORDER BY t.last DESC LIMIT 1`,
	);
	const found = new Map<string, number>();
	for (const name of names) {
		const last = (statement.get(name, since) as { last?: unknown } | undefined)?.last;
		if (typeof last === "number") found.set(name, last);
	}
	return found;
}

/** Tool calls/results and skill views/edits (kind, name, n) of sessions started after `since`. */
export function ledgerToolUse(db: DatabaseSync, since: number): Row[] {
	const firstWholeDay = (Math.floor(since / 86400) + 1) * 86400;
	return [
		...all(
			db,
			`SELECT t.kind, t.name, SUM(t.n) AS n FROM ledger l JOIN ledger_tools t ON t.id = l.id
			WHERE l.started_at > ? AND l.started_at < ? GROUP BY 1, 2`,
			since,
			firstWholeDay,
		),
		...all(
			db,
			"SELECT kind, name, SUM(n) AS n FROM day_tools WHERE day >= date(?, 'unixepoch') GROUP BY 1, 2 HAVING SUM(n) > 0",
			firstWholeDay,
		),
	];
}
