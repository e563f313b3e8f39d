/**
 * @module
 * Confinement of paths under a Hermes home: the one rule for every file whose name comes
 * from a request or from a directory listing. A path is accepted only when its real path
 * (symlinks and `..` resolved) stays inside the home's real path; a symlink pointing inside
 * the home still works. Opening is non-blocking (`O_NONBLOCK`), so a FIFO or device cannot
 * stall the server, and the opened descriptor itself is checked, not the name.
 */
import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	openSync,
	readFileSync,
	realpathSync,
	type Stats,
	statSync,
} from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** Why a path was refused; the data layer's callers turn it into their own error. */
export class ConfinementError extends Error {
	readonly reason: "outside-home" | "not-regular-file";
	constructor(reason: "outside-home" | "not-regular-file") {
		super(reason === "outside-home" ? "resolves outside the Hermes home" : "is not a regular file");
		this.name = "ConfinementError";
		this.reason = reason;
	}
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === "ENOENT" || code === "ENOTDIR";
}

/** True when `child` is `root` or below it (both already real paths). */
export function isWithin(root: string, child: string): boolean {
	const rel = relative(root, child);
	return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** The confinement rule itself, on resolved paths. */
function requireWithin(realHome: string, real: string): string {
	if (!isWithin(realHome, real)) {
		throw new ConfinementError("outside-home");
	}
	return real;
}

/** Read-only, never blocking (a FIFO opens at once), never through a symlink at the last step. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/**
 * The descriptor must be a regular file, and still be what the confined real path names
 * (a parent directory swapped for a symlink between realpath and open shows up here).
 */
function checkOpened(opened: Stats, named: Stats | null, realAgain: string, real: string): void {
	if (!opened.isFile()) {
		throw new ConfinementError("not-regular-file");
	}
	if (named === null || named.ino !== opened.ino || named.dev !== opened.dev || realAgain !== real) {
		throw new ConfinementError("outside-home");
	}
}

/** open() failures: missing → null; a symlink where none may be → outside; others rethrown. */
function openFailure(error: unknown): null {
	if (isMissing(error)) {
		return null;
	}
	if ((error as NodeJS.ErrnoException).code === "ELOOP") {
		throw new ConfinementError("outside-home");
	}
	throw error;
}

/**
 * The real path of `path`, required to stay inside `home`'s real path.
 * Null when it does not exist; throws ConfinementError when it escapes.
 */
export async function confinedRealPath(home: string, path: string): Promise<string | null> {
	let real: string;
	try {
		real = await realpath(path);
	} catch (error) {
		if (isMissing(error)) {
			return null;
		}
		throw error;
	}
	return requireWithin(await realpath(home), real);
}

/**
 * Opens `path` read-only if it is a regular file inside `home`. Null when it does not
 * exist; throws ConfinementError for an escape or anything but a regular file (FIFO,
 * socket, device, directory). The caller closes the handle.
 */
export async function openConfinedFile(home: string, path: string): Promise<FileHandle | null> {
	const real = await confinedRealPath(home, path);
	if (real === null) {
		return null;
	}
	let handle: FileHandle;
	try {
		handle = await open(real, OPEN_FLAGS);
	} catch (error) {
		return openFailure(error);
	}
	try {
		checkOpened(await handle.stat(), await stat(real).catch(() => null), await realpath(real), real);
		return handle;
	} catch (error) {
		await handle.close();
		throw error;
	}
}

/**
 * The same rule for the few synchronous readers (themes, listed on every page render):
 * the UTF-8 text of `path` if it is a regular file inside `home`, null when missing.
 * The non-blocking open keeps a FIFO from stalling the event loop.
 */
export function readConfinedTextSync(home: string, path: string): string | null {
	const real = confinedRealPathSync(home, path);
	if (real === null) {
		return null;
	}
	let fd: number;
	try {
		fd = openSync(real, OPEN_FLAGS);
	} catch (error) {
		return openFailure(error);
	}
	try {
		let named: Stats | null = null;
		try {
			named = statSync(real);
		} catch {
			named = null;
		}
		checkOpened(fstatSync(fd), named, realpathSync(real), real);
		return readFileSync(fd, "utf8");
	} finally {
		closeSync(fd);
	}
}

/**
 * The real path of `path` when parts of it may not exist yet (a write target): the
 * longest existing prefix is resolved (symlinks followed), the missing rest is appended
 * as given. `path` must be absolute and free of `..` components.
 */
export async function realPathAllowingMissing(path: string): Promise<string> {
	const missing: string[] = [];
	let current = path;
	for (;;) {
		try {
			const real = await realpath(current);
			return missing.length === 0 ? real : join(real, ...missing.reverse());
		} catch (error) {
			const parent = dirname(current);
			if (!isMissing(error) || parent === current) {
				throw error;
			}
			missing.push(basename(current));
			current = parent;
		}
	}
}

/**
 * Synchronous `confinedRealPath`, for the data layers that read and write synchronously
 * (skills, pairing): the real path of `path` inside `home`'s real path, null when missing,
 * ConfinementError when it escapes.
 */
export function confinedRealPathSync(home: string, path: string): string | null {
	let real: string;
	try {
		real = realpathSync(path);
	} catch (error) {
		if (isMissing(error)) {
			return null;
		}
		throw error;
	}
	return requireWithin(realpathSync(home), real);
}

/**
 * A write target inside `home`: an existing file (or a symlink, which an atomic write
 * follows) must resolve inside; a missing one must sit in a folder that does. Returns the
 * real path the write will land on; ConfinementError when it would land outside.
 */
export function confinedWriteTargetSync(home: string, path: string): string {
	const existing = confinedRealPathSync(home, path);
	if (existing !== null) {
		return existing;
	}
	let dangling = false;
	try {
		lstatSync(path);
		dangling = true;
	} catch (error) {
		if (!isMissing(error)) throw error;
	}
	if (dangling) {
		// A dangling symlink: writing through it would create its target wherever it points.
		throw new ConfinementError("outside-home");
	}
	// The longest existing prefix, resolved; the missing rest appended as given.
	const missing: string[] = [basename(path)];
	let current = dirname(resolve(path));
	for (;;) {
		const real = confinedRealPathSync(home, current);
		if (real !== null) {
			return join(real, ...missing.reverse());
		}
		if (dirname(current) === current) {
			throw new ConfinementError("outside-home");
		}
		missing.push(basename(current));
		current = dirname(current);
	}
}
