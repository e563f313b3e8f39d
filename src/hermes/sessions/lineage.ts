/**
 * @module
 * `GET /api/sessions/{id}/latest-descendant` (api-contract-clients §6.1): from a session,
 * repeatedly step to the child with the newest `started_at` along **every** child edge
 * (compression continuations, branches and /model children alike), never revisiting one.
 */
import { withReader } from "./state_db.ts";
import { resolveSessionId, row, rows } from "./rows.ts";

export interface LatestDescendant {
	requested_session_id: string;
	session_id: string;
	path: string[];
	changed: boolean;
}

export function latestDescendant(path: string, id: string): LatestDescendant | null {
	return withReader<LatestDescendant | null>(path, null, (db) => {
		const resolved = resolveSessionId(db, id);
		if (resolved === null || row(db, "SELECT 1 FROM sessions WHERE id = ?", resolved) === undefined) {
			return null;
		}
		const walked = [resolved];
		const seen = new Set(walked);
		let current = resolved;
		for (;;) {
			// Newest first; ties keep the first row found (rowid order), as Hermes's loop does.
			const children = rows(
				db,
				"SELECT id FROM sessions WHERE parent_session_id = ? ORDER BY started_at DESC, rowid ASC",
				current,
			)
				.map((child) => String(child.id))
				.filter((child) => !seen.has(child));
			const next = children[0];
			if (next === undefined) break;
			walked.push(next);
			seen.add(next);
			current = next;
		}
		return { requested_session_id: resolved, session_id: current, path: walked, changed: current !== resolved };
	});
}
