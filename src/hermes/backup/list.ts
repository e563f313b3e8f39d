/**
 * @module
 * The archives in `backups/` (the only folder the dashboard serves backups from), and
 * the check that a path a request names is one of them.
 */
import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { isWithin } from "../home/confine.ts";
import { backupsDir } from "./layout.ts";

export interface BackupFile {
	name: string;
	path: string;
	size: number;
	/** Modification time, Unix seconds. */
	modified: number;
}

/** `*.zip` regular files in `backups/`, newest first (symlinks are not listed). */
export function listBackups(home: string): BackupFile[] {
	const dir = backupsDir(home);
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	const files: BackupFile[] = [];
	for (const name of names) {
		if (!name.toLowerCase().endsWith(".zip") || name.startsWith(".")) continue;
		try {
			const stat = lstatSync(join(dir, name));
			if (stat.isFile()) {
				files.push({ name, path: join(dir, name), size: stat.size, modified: Math.floor(stat.mtimeMs / 1000) });
			}
		} catch {
			// Removed meanwhile.
		}
	}
	return files.sort((a, b) => b.modified - a.modified || b.name.localeCompare(a.name));
}

/** Where a named archive must be: "outside" the backups folder, "missing", or its real path. */
export function locateBackup(home: string, archive: string): { real: string } | "outside" | "missing" {
	const dir = backupsDir(home);
	const named = isAbsolute(archive) ? archive : resolve(dir, archive);
	let realDir: string;
	try {
		realDir = realpathSync(dir);
	} catch {
		return isWithin(resolve(dir), resolve(named)) ? "missing" : "outside";
	}
	let real: string;
	try {
		real = realpathSync(named);
	} catch {
		// A missing file is judged by where its name points.
		return isWithin(realDir, named) || isWithin(resolve(dir), named) ? "missing" : "outside";
	}
	if (!isWithin(realDir, real) || real === realDir) return "outside";
	return lstatSync(real).isFile() ? { real } : "missing";
}
