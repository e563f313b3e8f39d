/**
 * @module
 * Entry objects and directory listings of `/api/files` (api-contract-clients §4.1–4.2).
 * A symlink is reported with its target's path and stat; with a locked root, an entry
 * resolving outside it refuses the whole listing (as Hermes does).
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { getMimeType } from "hono/utils/mime";
import { FilesError, type FilesPolicy, isSensitive, requireInsideRoot, resolveExisting } from "./policy.ts";

export interface FileEntry {
	name: string;
	path: string;
	is_directory: boolean;
	size: number | null;
	mtime: number;
	mime_type: string | null;
}

/** Types Python's `mimetypes` knows that Hono's table lacks (Hermes guesses with Python). */
const PYTHON_EXTRA_TYPES: Readonly<Record<string, string>> = {
	".md": "text/markdown",
	".py": "text/x-python",
	".sh": "text/x-sh",
};

/** The guessed type without parameters (`text/plain`), `application/octet-stream` when unknown. */
export function guessMime(name: string): string {
	const extra = PYTHON_EXTRA_TYPES[extname(name).toLowerCase()];
	if (extra !== undefined) return extra;
	const guessed = getMimeType(name);
	return guessed === undefined ? "application/octet-stream" : (guessed.split(";")[0] ?? guessed).trim();
}

/** The entry of a real (resolved) path; `name` is the name it was listed under. */
export async function entryFor(real: string, name = basename(real)): Promise<FileEntry> {
	const info = await stat(real);
	const directory = info.isDirectory();
	return {
		name,
		path: real,
		is_directory: directory,
		size: directory ? null : info.size,
		mtime: info.mtimeMs / 1000,
		mime_type: directory ? null : guessMime(name),
	};
}

export interface Listing {
	path: string;
	parent: string | null;
	entries: FileEntry[];
}

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException).code;
}

/** Directories first, then by lower-cased name. */
function compareEntries(a: FileEntry, b: FileEntry): number {
	if (a.is_directory !== b.is_directory) return a.is_directory ? -1 : 1;
	const left = a.name.toLowerCase();
	const right = b.name.toLowerCase();
	return left < right ? -1 : left > right ? 1 : 0;
}

export async function listDirectory(policy: FilesPolicy, raw: string): Promise<Listing> {
	const dir = await resolveExisting(policy, raw);
	if (!(await stat(dir)).isDirectory()) {
		throw new FilesError(400, "Path is not a directory");
	}
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (error) {
		if (errorCode(error) === "EACCES" || errorCode(error) === "EPERM") {
			throw new FilesError(403, "Directory is not readable");
		}
		throw new FilesError(500, `Could not read directory: ${(error as Error).message}`);
	}
	const entries: FileEntry[] = [];
	for (const name of names) {
		const listed = join(dir, name);
		if (isSensitive(listed)) continue;
		let real: string;
		try {
			real = await realpath(listed);
		} catch {
			// A dangling symlink has no target to report.
			continue;
		}
		requireInsideRoot(policy, real);
		if (isSensitive(real)) continue;
		try {
			entries.push(await entryFor(real, name));
		} catch {
			// Vanished between readdir and stat.
		}
	}
	entries.sort(compareEntries);
	const atTop = dir === policy.lockedRoot || dirname(dir) === dir;
	return { path: dir, parent: atTop ? null : dirname(dir), entries };
}
