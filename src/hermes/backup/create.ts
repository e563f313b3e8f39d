/**
 * @module
 * `hermes backup -o <zip>` done in the dashboard's own process (hermes-home §17.3): the
 * whole home as a deflate (level 6) zip with home-relative names, Hermes's exclusions,
 * symlinks skipped (never followed out of the home), and every `*.db` snapshotted under a
 * SQLite read transaction first so a live state.db is archived consistently (byte for
 * byte when nothing is pending in its WAL; see snapshotDatabase).
 *
 * The zip is written with yazl, streamed: one file open at a time, memory flat. It goes
 * to a temp name beside the output and is renamed into place only when complete, so a
 * half-written archive never appears in the backups list.
 */
import {
	createReadStream,
	createWriteStream,
	fsyncSync,
	lstatSync,
	openSync,
	closeSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync,
} from "node:fs";
import { copyFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import * as sqlite from "node:sqlite";
import yazl from "yazl";
import { excludedFromBackup } from "./layout.ts";

/** Progress lines go here (the action log). */
export type ProgressLog = (line: string) => void;

interface Candidate {
	abs: string;
	rel: string;
}

/** Every regular file of the home a backup takes, in walk order. */
function collect(home: string): Candidate[] {
	const found: Candidate[] = [];
	const walk = (dir: string, parts: string[]) => {
		let entries: string[];
		try {
			entries = readdirSync(dir).sort();
		} catch {
			return;
		}
		for (const name of entries) {
			const rel = [...parts, name];
			if (excludedFromBackup(rel)) continue;
			const abs = join(dir, name);
			let stat: ReturnType<typeof lstatSync>;
			try {
				stat = lstatSync(abs);
			} catch {
				continue; // Gone meanwhile.
			}
			if (stat.isDirectory()) walk(abs, rel);
			else if (stat.isFile()) found.push({ abs, rel: rel.join("/") });
			// Symlinks, FIFOs and sockets are left out: a link could lead outside the home.
		}
	};
	walk(home, []);
	return found;
}

type OnlineBackup = (db: sqlite.DatabaseSync, path: string) => Promise<number>;

/** No frames in the WAL: the main file alone holds the committed content. */
function walIsEmpty(path: string): boolean {
	try {
		return statSync(`${path}-wal`).size === 0;
	} catch {
		return true; // No WAL file at all.
	}
}

/**
 * A consistent copy of a SQLite database, byte-identical to the source when it is quiescent.
 *
 * A read transaction is held first. When the WAL is then empty, the main file is the whole
 * database and it stays still until the transaction ends (a rollback-mode writer cannot commit
 * past a reader's lock; a WAL checkpoint cannot backfill while a reader uses the main file
 * alone), so its raw bytes are copied. Otherwise SQLite's online backup takes the snapshot: its
 * pages are the source's but the header's change counter, schema cookie and library version
 * are rewritten (the journal-mode bytes 18-19 are kept, measured), so it is consistent, not
 * byte-identical.
 */
async function snapshotDatabase(source: string, target: string): Promise<void> {
	const backup = (sqlite as { backup?: OnlineBackup }).backup;
	let db: sqlite.DatabaseSync;
	try {
		db = new sqlite.DatabaseSync(source, { readOnly: true });
	} catch {
		await copyFile(source, target);
		return;
	}
	try {
		let reading = false;
		try {
			db.exec("BEGIN");
			reading = true;
			db.prepare("SELECT count(*) FROM sqlite_master").get(); // Takes the read lock.
			if (walIsEmpty(source)) {
				await copyFile(source, target);
				return;
			}
		} finally {
			if (reading) db.exec("COMMIT");
		}
		if (typeof backup !== "function") {
			await copyFile(source, target);
			return;
		}
		await backup(db, target);
	} catch {
		await copyFile(source, target);
	} finally {
		db.close();
	}
}

function fsyncPath(path: string): void {
	const fd = openSync(path, "r");
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

export interface BackupResult {
	files: number;
	bytes: number;
	archive: string;
}

/** Writes the backup of `home` to `output` (its folder must exist). */
export async function createBackup(home: string, output: string, log: ProgressLog): Promise<BackupResult> {
	log(`Scanning ${home} ...`);
	const files = collect(home).filter((file) => file.abs !== output);
	log(`Backing up ${files.length} files ...`);
	const outDir = dirname(output);
	const token = randomBytes(4).toString("hex");
	const partial = join(outDir, `.${basename(output)}.${token}.part`);
	const snapshots: string[] = [];
	const zip = new yazl.ZipFile();
	let bytes = 0;
	try {
		for (const [index, file] of files.entries()) {
			let source = file.abs;
			if (file.abs.endsWith(".db")) {
				// Staged beside the output: same filesystem, and /tmp may be too small.
				source = join(outDir, `.snapshot-${token}-${index}.db`);
				snapshots.push(source);
				await snapshotDatabase(file.abs, source);
			}
			const original = lstatSync(file.abs);
			bytes += lstatSync(source).size;
			// Lazily opened, with no declared size: a log that grows while we archive is taken as read.
			zip.addReadStreamLazy(
				file.rel,
				{ compressionLevel: 6, mode: original.mode, mtime: original.mtime },
				(done) => {
					const stream = createReadStream(source);
					stream.once("error", (error) => zip.emit("error", error));
					done(null, stream);
				},
			);
			if ((index + 1) % 500 === 0) log(`  ${index + 1}/${files.length} files ...`);
		}
		const failed = new Promise<never>((_, reject) => zip.once("error", reject));
		zip.end();
		await Promise.race([pipeline(zip.outputStream, createWriteStream(partial, { mode: 0o600 })), failed]);
		fsyncPath(partial);
		renameSync(partial, output);
	} finally {
		rmSync(partial, { force: true });
		for (const snapshot of snapshots) {
			for (const suffix of ["", "-wal", "-shm"]) rmSync(`${snapshot}${suffix}`, { force: true });
		}
	}
	log(`Backup complete: ${files.length} files (${bytes} bytes) -> ${output}`);
	return { files: files.length, bytes, archive: output };
}
