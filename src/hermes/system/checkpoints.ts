/**
 * @module
 * The `/rollback` checkpoint store's size (hermes-home §16, `GET /api/ops/checkpoints`):
 * files and bytes under each top-level folder of `checkpoints/` (`store`, `legacy-*`).
 * Symlinks are not followed, so the walk never leaves the home.
 */
import { lstatSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";

export interface CheckpointUsage {
	sessions: { session: string; files: number; bytes: number }[];
	total_bytes: number;
}

function walk(dir: string, totals: { files: number; bytes: number }): void {
	let entries: Dirent[];
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return;
	}
	for (const entry of entries) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			walk(path, totals);
		} else if (entry.isFile()) {
			try {
				totals.bytes += lstatSync(path).size;
				totals.files++;
			} catch {
				// Gone meanwhile (a prune running): not counted.
			}
		}
	}
}

export function checkpointUsage(home: string): CheckpointUsage {
	const root = join(home, "checkpoints");
	const sessions: CheckpointUsage["sessions"] = [];
	let names: string[] = [];
	try {
		names = readdirSync(root, { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name)
			.sort();
	} catch {
		// No checkpoints yet.
	}
	let total = 0;
	for (const name of names) {
		const totals = { files: 0, bytes: 0 };
		walk(join(root, name), totals);
		total += totals.bytes;
		sessions.push({ session: name, ...totals });
	}
	return { sessions, total_bytes: total };
}
