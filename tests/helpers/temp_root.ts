/**
 * Global setup: every temp directory the suite makes (fixture copies, servers' homes,
 * browser profiles, spawned processes' files) goes under one per-run folder, removed
 * when the run ends, so a run leaves nothing behind in the machine's /tmp. Workers and
 * the processes they spawn inherit TMPDIR; os.tmpdir() reads it on every call.
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Read-only fixture copies and locked-down test folders must not stop the removal. */
function makeRemovable(path: string): void {
	const stat = lstatSync(path, { throwIfNoEntry: false });
	if (stat === undefined || !stat.isDirectory()) return;
	chmodSync(path, 0o700);
	for (const entry of readdirSync(path)) makeRemovable(join(path, entry));
}

export default function setup(): () => void {
	const root = mkdtempSync(join(tmpdir(), "hermes-dashboard-tests-"));
	process.env.TMPDIR = root;
	return () => {
		try {
			makeRemovable(root);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	};
}
