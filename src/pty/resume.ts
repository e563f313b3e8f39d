/**
 * @module
 * Which session a new terminal resumes: `?resume=<id>` followed down its compression
 * continuations to the newest leaf (state.db, read-only), or for a chat channel the
 * session its TUI last recorded in the channel's active-session file.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openReadOnly } from "../hermes/sessions/state_db.ts";
import { homePaths } from "../hermes/home/paths.ts";

export const CHANNEL_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** The newest compression descendant of `id` (or `id` itself). Never throws. */
export function newestLeaf(home: string, id: string): string {
	let db: ReturnType<typeof openReadOnly> | undefined;
	try {
		db = openReadOnly(homePaths(home).stateDB);
		if (db === null) {
			return id;
		}
		const next = db.prepare(
			`SELECT c.id AS id FROM sessions c JOIN sessions p ON p.id = c.parent_session_id
			 WHERE p.id = ? AND p.end_reason = 'compression' ORDER BY c.started_at DESC LIMIT 1`,
		);
		let current = id;
		const seen = new Set<string>([current]);
		for (let depth = 0; depth < 100; depth++) {
			const row = next.get(current) as { id?: unknown } | undefined;
			if (typeof row?.id !== "string" || seen.has(row.id)) {
				break;
			}
			current = row.id;
			seen.add(current);
		}
		return current;
	} catch {
		return id;
	} finally {
		db?.close();
	}
}

/** The per-channel file the TUI writes `{"session_id": ...}` to. */
export function activeSessionFile(home: string, channel: string): string {
	const digest = createHash("sha256").update(`${home}\0${channel}`).digest("hex").slice(0, 16);
	return join(tmpdir(), `hermes-pty-active-${digest}.json`);
}

export function readActiveSession(file: string): string | undefined {
	try {
		const parsed = JSON.parse(readFileSync(file, "utf8")) as { session_id?: unknown };
		return typeof parsed.session_id === "string" && parsed.session_id !== "" ? parsed.session_id : undefined;
	} catch {
		return undefined;
	}
}

export function forgetActiveSession(file: string): void {
	rmSync(file, { force: true });
}
