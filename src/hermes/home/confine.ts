/**
 * @module
 * Confinement of paths under a Hermes home: the one rule for every file whose name comes
 * from a request or from a directory listing. A path is accepted only when its real path
 * (symlinks and `..` resolved) stays inside the home's real path; a symlink pointing inside
 * the home still works. Opening is non-blocking (`O_NONBLOCK`), so a FIFO or device cannot
 * stall the server, and the opened descriptor itself is checked, not the name.
 */
import { constants } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { relative, isAbsolute, sep } from "node:path";

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
	if (!isWithin(await realpath(home), real)) {
		throw new ConfinementError("outside-home");
	}
	return real;
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
		// O_NOFOLLOW: `real` has no symlink left, so one appearing here is a swap in progress.
		handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	} catch (error) {
		if (isMissing(error)) {
			return null;
		}
		if ((error as NodeJS.ErrnoException).code === "ELOOP") {
			throw new ConfinementError("outside-home");
		}
		throw error;
	}
	try {
		const opened = await handle.stat();
		if (!opened.isFile()) {
			throw new ConfinementError("not-regular-file");
		}
		// A parent directory swapped for a symlink between realpath and open shows up as
		// another file (or another real path) now.
		const named = await stat(real).catch(() => null);
		if (named === null || named.ino !== opened.ino || named.dev !== opened.dev || (await realpath(real)) !== real) {
			throw new ConfinementError("outside-home");
		}
		return handle;
	} catch (error) {
		await handle.close();
		throw error;
	}
}
