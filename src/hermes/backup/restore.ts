/**
 * @module
 * `hermes import <zip> [--force]` done natively (hermes-home §17.3), in two steps so that
 * nothing is written unless the whole archive is acceptable:
 *
 * 1. `planRestore` reads the central directory (yauzl) and refuses the archive when any
 *    entry is absolute, climbs out with `..`, carries a NUL or backslash trick, is a
 *    symlink or encrypted, or lands in a folder that resolves outside the home; also
 *    when it is not a Hermes backup, or the home has a config and `force` is off.
 * 2. `applyRestore` extracts every entry into a staging folder inside the home (CRC and
 *    sizes checked by yauzl), then renames each file over its target: every file is
 *    replaced atomically, and a corrupt archive fails before any target is touched.
 *
 * As Hermes: a single `.hermes/`/`hermes/` wrapper is stripped, runtime files
 * (gateway_state.json, pids, locks, processes.json) are kept from this machine, and
 * .env, auth.json and state.db are restored 0600. `_external/` entries (memory-provider
 * data outside the home) are not restored: the dashboard writes only inside the home.
 */
import {
	chmodSync,
	existsSync,
	fsyncSync,
	closeSync,
	openSync,
	mkdirSync,
	mkdtempSync,
	realpathSync,
	renameSync,
	rmSync,
	lstatSync,
} from "node:fs";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import * as sqlite from "node:sqlite";
import yauzl from "yauzl";
import { isWithin } from "../home/confine.ts";
import { EXTERNAL_PREFIX, IMPORT_SKIP_NAMES, notABackupReason, SECRET_FILE_NAMES, wrapperPrefix } from "./layout.ts";
import type { ProgressLog } from "./create.ts";

/** The archive or the target is unacceptable; nothing was written. */
export class RestoreRefusedError extends Error {}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

interface PlannedFile {
	entry: yauzl.Entry;
	/** Home-relative target path (`/`-separated). */
	rel: string;
	mode: number;
}

export interface RestorePlan {
	home: string;
	archive: string;
	files: PlannedFile[];
	/** Entries kept from this machine or out of reach (logged, not restored). */
	skipped: string[];
	zip: yauzl.ZipFile;
}

/** Why one entry name is unsafe, or null. */
function unsafeName(name: string): string | null {
	if (name.includes("\0")) return `NUL in entry name: ${JSON.stringify(name)}`;
	if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.includes("\\")) return `absolute path: ${name}`;
	if (name.split("/").includes("..")) return `path traversal: ${name}`;
	return null;
}

/** The entry's Unix file type from its external attributes (0 when the archiver stored none). */
function unixType(entry: yauzl.Entry): number {
	return ((entry.externalFileAttributes >>> 16) & S_IFMT) >>> 0;
}

/** Whether the folder a target goes into resolves inside the home (a link may lead out). */
function parentInside(realHome: string, home: string, rel: string): boolean {
	let dir = dirname(join(home, rel));
	while (!existsSync(dir)) dir = dirname(dir);
	try {
		return isWithin(realHome, realpathSync(dir));
	} catch {
		return false;
	}
}

/** Reads and checks the whole archive; throws RestoreRefusedError before anything is written. */
export async function planRestore(home: string, archive: string, force: boolean): Promise<RestorePlan> {
	let zip: yauzl.ZipFile;
	try {
		zip = await yauzl.openPromise(archive, { lazyEntries: true, autoClose: false, strictFileNames: true });
	} catch (error) {
		throw new RestoreRefusedError(`Not a valid zip file: ${(error as Error).message}`);
	}
	try {
		const entries: yauzl.Entry[] = [];
		try {
			for await (const entry of zip.eachEntry()) entries.push(entry);
		} catch (error) {
			// yauzl refuses absolute and `..` names itself while reading the directory.
			throw new RestoreRefusedError(`Archive refused: ${(error as Error).message}`);
		}
		for (const entry of entries) {
			const reason = unsafeName(entry.fileName);
			if (reason !== null) throw new RestoreRefusedError(`Archive refused: ${reason}`);
			if (unixType(entry) === S_IFLNK)
				throw new RestoreRefusedError(`Archive refused: symlink: ${entry.fileName}`);
			if (entry.isEncrypted())
				throw new RestoreRefusedError(`Archive refused: encrypted entry: ${entry.fileName}`);
		}
		const fileEntries = entries.filter((entry) => !entry.fileName.endsWith("/"));
		const notBackup = notABackupReason(entries.map((entry) => entry.fileName));
		if (notBackup !== null) throw new RestoreRefusedError(notBackup);
		if (!force && (existsSync(join(home, "config.yaml")) || existsSync(join(home, ".env")))) {
			throw new RestoreRefusedError(
				"Target directory already has Hermes configuration; restoring overwrites it (confirm to force)",
			);
		}
		const prefix = wrapperPrefix(fileEntries.map((entry) => entry.fileName));
		const realHome = realpathSync(home);
		const files: PlannedFile[] = [];
		const skipped: string[] = [];
		for (const entry of fileEntries) {
			const type = unixType(entry);
			if (type !== 0 && type !== S_IFREG) {
				throw new RestoreRefusedError(`Archive refused: not a regular file: ${entry.fileName}`);
			}
			if (entry.fileName.startsWith(EXTERNAL_PREFIX)) {
				skipped.push(entry.fileName);
				continue;
			}
			const rel =
				prefix !== "" && entry.fileName.startsWith(prefix)
					? entry.fileName.slice(prefix.length)
					: entry.fileName;
			const name = rel.split("/").pop() ?? "";
			if (rel === "" || IMPORT_SKIP_NAMES.has(name)) {
				skipped.push(rel);
				continue;
			}
			if (!parentInside(realHome, home, rel)) {
				throw new RestoreRefusedError(`Archive refused: ${rel} would be written outside the Hermes home`);
			}
			const archived = (entry.externalFileAttributes >>> 16) & 0o777;
			files.push({ entry, rel, mode: SECRET_FILE_NAMES.has(name) ? 0o600 : archived || 0o644 });
		}
		return { home, archive, files, skipped, zip };
	} catch (error) {
		zip.close();
		throw error;
	}
}

function fsyncFile(path: string): void {
	const fd = openSync(path, "r");
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/**
 * Replaces an existing SQLite database's content through SQLite itself (online backup
 * into the target): its WAL and readers — the agent's, the dashboard's — stay coherent,
 * where renaming a file under them would pair the new file with the old WAL. False
 * where the runtime lacks the backup API or the staged file is not a database.
 */
async function copyIntoLiveDatabase(staged: string, target: string, mode: number): Promise<boolean> {
	const backup = (sqlite as { backup?: (db: sqlite.DatabaseSync, path: string) => Promise<number> }).backup;
	if (typeof backup !== "function") return false;
	let db: sqlite.DatabaseSync;
	try {
		db = new sqlite.DatabaseSync(staged, { readOnly: true });
		db.prepare("SELECT count(*) FROM sqlite_master").get();
	} catch {
		return false;
	}
	try {
		await backup(db, target);
		chmodSync(target, mode);
		return true;
	} catch {
		return false;
	} finally {
		db.close();
	}
}

/** Extracts a planned archive: staged in full first, then each file renamed into place. */
export async function applyRestore(plan: RestorePlan, log: ProgressLog): Promise<number> {
	const { home, files } = plan;
	log(`Backup contains ${files.length + plan.skipped.length} files`);
	log(`Target: ${home}`);
	const staging = mkdtempSync(join(home, ".restore-"));
	try {
		for (const [index, file] of files.entries()) {
			const staged = join(staging, String(index));
			const source = await plan.zip.openReadStreamPromise(file.entry);
			await pipeline(source, createWriteStream(staged, { mode: file.mode, flags: "wx" }));
			fsyncFile(staged);
			if ((index + 1) % 500 === 0) log(`  staged ${index + 1}/${files.length} files ...`);
		}
		for (const [index, file] of files.entries()) {
			const target = join(home, file.rel);
			mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
			// A folder in the way of a file (or the reverse) is the archive's word against ours: refuse that one.
			if (existsSync(target) && lstatSync(target).isDirectory()) {
				log(`  ${file.rel}: a folder is in the way, not restored`);
				continue;
			}
			const staged = join(staging, String(index));
			if (
				file.rel.endsWith(".db") &&
				existsSync(target) &&
				(await copyIntoLiveDatabase(staged, target, file.mode))
			) {
				continue;
			}
			renameSync(staged, target);
		}
	} finally {
		plan.zip.close();
		rmSync(staging, { recursive: true, force: true });
	}
	log(`Import complete: ${files.length} files restored`);
	if (plan.skipped.length > 0) {
		log(
			`  Kept this machine's runtime state / not restored (${plan.skipped.length}): ${plan.skipped.slice(0, 10).join(", ")}`,
		);
	}
	return 0;
}
