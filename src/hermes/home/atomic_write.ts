/**
 * @module
 * Atomic file replacement as Hermes does it (hermes-home conventions): resolve symlinks
 * so the link survives, write a temp file in the same folder, fsync, rename over the
 * target, then restore the previous mode and owner. Falls back to copy + fsync on EXDEV
 * or EBUSY (bind-mounted files in containers).
 *
 * With `expect`, the write is a compare-and-swap. On Linux it is atomic (exchange.ts:
 * the temp file and the target swap places, and the displaced version is checked after
 * the fact). Where the exchange is unavailable, the target's bytes are compared with what
 * the caller read immediately before the rename, after every slow step (writing, fsync),
 * so another process's write landing in between is detected, bar a window of microseconds.
 * `expect: null` (create only) needs no exchange: a hard link to the temp file cannot
 * replace a name that exists.
 */
import {
	chownSync,
	closeSync,
	copyFileSync,
	fstatSync,
	fsyncSync,
	linkSync,
	lstatSync,
	openSync,
	readFileSync,
	realpathSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync,
	type BigIntStats,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { type ExchangeOptions, swapIfUnchanged } from "./exchange.ts";

export interface AtomicWriteOptions {
	/** Mode for a file that does not exist yet (an existing file keeps its own). */
	mode?: number;
	/** Force this mode even on an existing file (e.g. 0600 for secrets). */
	forceMode?: number;
	/**
	 * The content the caller read and based `data` on (`null`: the file did not exist).
	 * When the file no longer holds exactly this, nothing is written and
	 * `FileChangedError` is thrown, so the caller can re-read and re-apply its change.
	 */
	expect?: string | Uint8Array | null;
	/** How the atomic exchange runs; `false`: check-then-rename only (tests compare both). */
	exchange?: ExchangeOptions | false;
}

/** The file changed between the caller's read and the rename; nothing was written. */
export class FileChangedError extends Error {}

/** What identifies one version of a file on disk; any replace or in-place write changes it. */
function identity(stat: BigIntStats): string {
	return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** The file's bytes and the identity of exactly the version read (null when missing). */
function readVersion(path: string): { bytes: Buffer; id: string } | null {
	let fd: number;
	try {
		fd = openSync(path, "r");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return null;
		}
		throw error;
	}
	try {
		return { bytes: readFileSync(fd), id: identity(fstatSync(fd, { bigint: true })) };
	} finally {
		closeSync(fd);
	}
}

function currentIdentity(path: string): string | null {
	const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
	return stat === undefined ? null : identity(stat);
}

/**
 * Throws FileChangedError unless `path` holds exactly `expected`. Ends with one stat of
 * the version compared, so the caller's rename follows the last check by one syscall.
 */
function checkUnchanged(path: string, expected: string | Uint8Array | null): void {
	const current = readVersion(path);
	const same = expected === null ? current === null : current?.bytes.equals(asBytes(expected)) === true;
	if (!same || currentIdentity(path) !== (current?.id ?? null)) {
		throw changedError(path);
	}
}

function asBytes(data: string | Uint8Array): Uint8Array {
	return typeof data === "string" ? new TextEncoder().encode(data) : data;
}

function changedError(path: string): FileChangedError {
	return new FileChangedError(`${basename(path)} changed while it was being saved`);
}

/**
 * "Only if there is no file yet", atomically and in-process: link(2) fails when the name
 * exists. False when the name is taken by something (a dangling link: the rename path
 * decides) or the file system has no hard links; throws FileChangedError when a file
 * appeared.
 */
function createdByLink(temp: string, target: string): boolean {
	if (lstatSync(target, { throwIfNoEntry: false }) !== undefined) {
		return false;
	}
	try {
		linkSync(temp, target);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "EEXIST") {
			throw changedError(target);
		}
		return false;
	}
}

function resolveTarget(path: string): string {
	try {
		return realpathSync(path);
	} catch {
		// A dangling or missing target: write where the path points.
		return path;
	}
}

/** Replaces `path` with `data` atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
	const target = resolveTarget(path);
	let previous: { mode: number; uid: number; gid: number } | null = null;
	try {
		const stat = statSync(target);
		previous = { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
	} catch {
		previous = null;
	}
	const mode = options.forceMode ?? previous?.mode ?? options.mode ?? 0o644;
	const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
	const fd = openSync(temp, "wx", mode);
	try {
		const bytes = asBytes(data);
		let offset = 0;
		while (offset < bytes.byteLength) {
			offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
		}
		fsyncSync(fd);
	} catch (error) {
		closeSync(fd);
		unlinkSync(temp);
		throw error;
	}
	closeSync(fd);
	try {
		if (previous !== null && process.getuid?.() === 0) {
			chownSync(temp, previous.uid, previous.gid);
		}
		if (options.expect === null && createdByLink(temp, target)) {
			unlinkSync(temp);
			fsyncDirectory(dirname(target));
			return;
		}
		if (options.expect !== undefined) {
			// In-process first: most changes show here, without starting the exchange helper.
			checkUnchanged(target, options.expect);
			const swapped =
				options.exchange === false
					? "unsupported"
					: swapIfUnchanged(
							temp,
							target,
							options.expect === null ? null : asBytes(options.expect),
							options.exchange,
						);
			if (swapped === "committed") {
				fsyncDirectory(dirname(target));
				return;
			}
			if (swapped === "changed") {
				throw changedError(target);
			}
			// No exchange here (or a bind-mounted file): check again, last step before the
			// rename, which keeps the unguarded window tiny.
			checkUnchanged(target, options.expect);
		}
		renameSync(temp, target);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (error instanceof FileChangedError || (code !== "EXDEV" && code !== "EBUSY")) {
			try {
				unlinkSync(temp);
			} catch {
				// Already gone.
			}
			throw error;
		}
		copyFileSync(temp, target);
		const targetFd = openSync(target, "r+");
		fsyncSync(targetFd);
		closeSync(targetFd);
		unlinkSync(temp);
	}
	fsyncDirectory(dirname(target));
}

function fsyncDirectory(dir: string): void {
	try {
		const fd = openSync(dir, "r");
		try {
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
	} catch {
		// Not every platform can fsync a directory; the rename is still atomic.
	}
}
