/**
 * @module
 * `state.db` (hermes-home §4). The dashboard never creates or migrates the schema; a
 * missing file is an empty store.
 */
import { existsSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

/** A session counts as active while unended and touched within this window. */
export const ACTIVE_WINDOW_SECONDS = 300;

/** Opens an existing state.db read-only, or returns null when there is none. */
export function openReadOnly(path: string): DatabaseSync | null {
	if (!existsSync(path)) {
		return null;
	}
	const db = new DatabaseSync(path, { readOnly: true });
	db.exec("PRAGMA busy_timeout = 1000");
	return db;
}

/**
 * Active sessions as the Status page counts them: among the 50 newest top-level
 * sessions, those not ended and active within the last five minutes. 0 on any error.
 */
export function countActiveSessions(path: string, nowSeconds: number = Date.now() / 1000): number {
	let db: DatabaseSync | null = null;
	try {
		db = openReadOnly(path);
		if (db === null) {
			return 0;
		}
		const row = db.prepare(`
			WITH newest AS (
				SELECT id, started_at, ended_at FROM sessions
				WHERE parent_session_id IS NULL
				ORDER BY started_at DESC LIMIT 50
			)
			SELECT COUNT(*) AS active FROM newest
			WHERE ended_at IS NULL
			AND COALESCE((SELECT MAX(timestamp) FROM messages WHERE session_id = newest.id), started_at) > ?
		`).get(nowSeconds - ACTIVE_WINDOW_SECONDS) as unknown as { active: number } | undefined;
		return row?.active ?? 0;
	} catch {
		return 0;
	} finally {
		db?.close();
	}
}
