/**
 * @module
 * `GET /api/sessions/stats` (hermes-home §4.8): from the session ledger's aggregate rows,
 * or straight from state.db while the ledger is being built (and as the reference in tests).
 */
import type { DatabaseSync } from "node:sqlite";
import { currentLedger } from "./ledger.ts";
import { ledgerStats } from "./ledger_queries.ts";
import { memoized, row, rows, visibleSQL } from "./rows.ts";
import { type Row, withReader } from "./state_db.ts";

export interface SessionStats {
	total: number;
	active_store: number;
	archived: number;
	messages: number;
	by_source: Record<string, number>;
}

/** `GET /api/sessions/stats` from the session ledger's aggregates (state.db while it is built). */
export function sessionStats(path: string): SessionStats {
	const empty: SessionStats = { total: 0, active_store: 0, archived: 0, messages: 0, by_source: {} };
	return withReader(path, empty, (db) => {
		const ledger = currentLedger(path, db);
		return ledger === null
			? directStats(db)
			: memoized(db, `ledger-stats\0${ledger.generation}`, () => ledgerStats(ledger.db));
	});
}

/** `sessionStats` without the ledger (one pass over `sessions` plus COUNT(*) of messages). */
export function sessionStatsDirect(path: string): SessionStats {
	const empty: SessionStats = { total: 0, active_store: 0, archived: 0, messages: 0, by_source: {} };
	return withReader(path, empty, directStats);
}

function directStats(db: DatabaseSync): SessionStats {
	return memoized(db, "stats", () => {
		// One pass over `sessions` (grouped by source, archived, visible) plus the message count.
		const groups = rows(
			db,
			`SELECT COALESCE(NULLIF(s.source, ''), 'cli') AS source, s.archived != 0 AS archived,
				${visibleSQL("s")} AS visible, COUNT(*) AS n, (SELECT COUNT(*) FROM messages) AS messages
			FROM sessions s GROUP BY 1, 2, 3`,
		);
		const stats: SessionStats = {
			total: 0,
			active_store: 0,
			archived: 0,
			messages: Number(groups[0]?.messages ?? 0),
			by_source: {},
		};
		let visible = 0;
		for (const group of groups) {
			const count = Number(group.n);
			stats.total += count;
			if (group.archived) stats.archived += count;
			else stats.active_store += count;
			if (group.visible) {
				visible += count;
				stats.by_source[String(group.source)] = (stats.by_source[String(group.source)] ?? 0) + count;
			}
		}
		if (visible > 10_000) {
			// Hermes counts sources over the 10,000 newest visible sessions only.
			stats.by_source = {};
			for (const entry of rows(
				db,
				`SELECT COALESCE(NULLIF(source, ''), 'cli') AS source, COUNT(*) AS n FROM
				(SELECT s.source FROM sessions s WHERE ${visibleSQL("s")} ORDER BY s.started_at DESC LIMIT 10000) GROUP BY 1`,
			)) {
				stats.by_source[String(entry.source)] = Number(entry.n);
			}
		}
		stats.by_source = Object.fromEntries(
			Object.entries(stats.by_source).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
		);
		return stats;
	});
}

/** Hermes's "empty" sessions (hermes-home §4.7). */
export const EMPTY_WHERE = "message_count = 0 AND ended_at IS NOT NULL AND archived = 0";

/** `GET /api/sessions/empty/count`: from the session ledger's partial index when it is built. */
export function countEmptySessions(path: string): number {
	return withReader(path, 0, (db) => {
		const ledger = currentLedger(path, db);
		const count =
			ledger === null
				? row(db, `SELECT COUNT(*) AS n FROM sessions WHERE ${EMPTY_WHERE}`)
				: (ledger.db.prepare(`SELECT COUNT(*) AS n FROM ledger WHERE ${EMPTY_WHERE}`).get() as Row | undefined);
		return Number(count?.n ?? 0);
	});
}
