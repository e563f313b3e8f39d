/**
 * @module
 * Reads and writes of `/api/files*` (api-contract-clients §4.2): data-URL read, download
 * open, JSON upload, streamed upload, mkdir and delete. Every path goes through the
 * policy (policy.ts) first; the credential filter applies to reads only, as in Hermes.
 */
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { entryFor, type FileEntry, guessMime } from "./entries.ts";
import {
	FILES_SIZE_CAP,
	FilesError,
	type FilesPolicy,
	isProtectedRoot,
	isSensitive,
	resolveExisting,
	resolveForWrite,
} from "./policy.ts";

function code(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException).code;
}

function isPermission(error: unknown): boolean {
	return code(error) === "EACCES" || code(error) === "EPERM";
}

/** A readable regular file: exists, not sensitive, within the cap. */
async function readableFile(
	policy: FilesPolicy,
	raw: string,
): Promise<{ real: string; size: number; mtimeMs: number }> {
	const real = await resolveExisting(policy, raw);
	const info = await stat(real);
	if (!info.isFile()) throw new FilesError(400, "Path is not a file");
	if (isSensitive(real) || isSensitive(raw)) throw new FilesError(403, "Access to sensitive files is not allowed");
	if (info.size > FILES_SIZE_CAP) throw new FilesError(413, "File is too large");
	return { real, size: info.size, mtimeMs: info.mtimeMs };
}

export interface ReadResult {
	name: string;
	path: string;
	size: number;
	mime_type: string;
	data_url: string;
}

export async function readAsDataURL(policy: FilesPolicy, raw: string): Promise<ReadResult> {
	const file = await readableFile(policy, raw);
	let bytes: Buffer;
	try {
		bytes = await readFile(file.real);
	} catch (error) {
		if (isPermission(error)) throw new FilesError(403, "File is not readable");
		throw error;
	}
	const name = basename(file.real);
	const mime = guessMime(name);
	return {
		name,
		path: file.real,
		size: bytes.byteLength,
		mime_type: mime,
		data_url: `data:${mime};base64,${bytes.toString("base64")}`,
	};
}

export interface Download {
	name: string;
	mime: string;
	size: number;
	mtimeMs: number;
	handle: FileHandle;
}

/** Opens a file for a streamed download; the caller closes the handle (the stream does). */
export async function openDownload(policy: FilesPolicy, raw: string): Promise<Download> {
	const file = await readableFile(policy, raw);
	let handle: FileHandle;
	try {
		handle = await open(file.real, "r");
	} catch (error) {
		if (isPermission(error)) throw new FilesError(403, "File is not readable");
		throw error;
	}
	const name = basename(file.real);
	return { name, mime: guessMime(name), size: file.size, mtimeMs: file.mtimeMs, handle };
}

/** 409s for an existing target: a directory always, a file unless overwriting. */
async function checkTarget(target: string, overwrite: boolean): Promise<void> {
	const existing = await stat(target).catch(() => null);
	if (existing?.isDirectory()) throw new FilesError(409, "A directory already exists at that path");
	if (existing !== null && !overwrite) throw new FilesError(409, "File already exists");
}

async function createParents(target: string): Promise<void> {
	try {
		await mkdir(dirname(target), { recursive: true });
	} catch (error) {
		if (isPermission(error)) throw new FilesError(403, "File is not writable");
		if (code(error) === "EEXIST" || code(error) === "ENOTDIR") {
			throw new FilesError(500, `Could not create parent directory: ${(error as Error).message}`);
		}
		throw error;
	}
}

/** Decodes Hermes's legacy upload payload (`data:<mime>;base64,<...>`). */
export function decodeDataURL(dataURL: string): Buffer {
	const comma = dataURL.indexOf(",");
	if (!dataURL.startsWith("data:") || comma < 0) throw new FilesError(400, "Upload payload must be a data URL");
	if (!dataURL.slice(0, comma).includes(";base64")) {
		throw new FilesError(400, "Upload payload must be base64 encoded");
	}
	const body = dataURL.slice(comma + 1).replace(/\s+/g, "");
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1) {
		throw new FilesError(400, "Upload payload is not valid base64");
	}
	const bytes = Buffer.from(body, "base64");
	if (bytes.byteLength > FILES_SIZE_CAP) throw new FilesError(413, "File is too large");
	return bytes;
}

export async function uploadDataURL(
	policy: FilesPolicy,
	raw: string,
	dataURL: string,
	overwrite: boolean,
): Promise<{ path: string; entry: FileEntry }> {
	const target = await resolveForWrite(policy, raw);
	await checkTarget(target, overwrite);
	const bytes = decodeDataURL(dataURL);
	await createParents(target);
	try {
		await writeFile(target, bytes);
	} catch (error) {
		if (isPermission(error)) throw new FilesError(403, "File is not writable");
		throw error;
	}
	return { path: target, entry: await entryFor(target) };
}

/** Where a streamed upload goes, checked before any byte is read. */
export async function prepareStreamedUpload(policy: FilesPolicy, raw: string, overwrite: boolean): Promise<string> {
	const target = await resolveForWrite(policy, raw);
	await checkTarget(target, overwrite);
	await createParents(target);
	return target;
}

/**
 * Streams `source` into a temp file beside `target` (mode 0600, as Hermes leaves it),
 * then renames it over the target. The temp file is removed on any failure or abort.
 * `truncated()` tells whether the source stopped at the size cap (then 413).
 */
export async function writeStreamedUpload(
	target: string,
	source: Readable,
	overwrite: boolean,
	truncated: () => boolean,
): Promise<FileEntry> {
	const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString("hex")}.upload`);
	try {
		await pipeline(source, createWriteStream(temp, { flags: "wx", mode: 0o600 }));
		if (truncated()) throw new FilesError(413, "File is too large");
		// Re-checked right before the rename: a directory or (no overwrite) a file may have appeared.
		await checkTarget(target, overwrite);
		await rename(temp, target);
	} catch (error) {
		await rm(temp, { force: true });
		if (isPermission(error)) throw new FilesError(403, "File is not writable");
		throw error;
	}
	return entryFor(target);
}

export async function makeDirectory(policy: FilesPolicy, raw: string): Promise<{ path: string; entry: FileEntry }> {
	const target = await resolveForWrite(policy, raw);
	const existing = await stat(target).catch(() => null);
	if (existing !== null && !existing.isDirectory()) throw new FilesError(409, "A file already exists at that path");
	try {
		await mkdir(target, { recursive: true });
	} catch (error) {
		if (isPermission(error)) throw new FilesError(403, "Directory is not writable");
		throw new FilesError(500, `Could not create directory: ${(error as Error).message}`);
	}
	return { path: target, entry: await entryFor(target) };
}

/**
 * Deletes a file, an empty directory, or (recursive) a tree. An empty path never means
 * "the user's home directory" here: Hermes's quirk of deleting it is not copied.
 */
export async function deletePath(policy: FilesPolicy, raw: string, recursive: boolean): Promise<string> {
	if (policy.lockedRoot === null && raw.trim() === "") throw new FilesError(400, "Path is required");
	if (policy.lockedRoot !== null && ["", ".", "/"].includes(raw.trim())) {
		throw new FilesError(400, "Cannot delete the managed files root");
	}
	const target = await resolveExisting(policy, raw);
	const refusal = isProtectedRoot(policy, target);
	if (refusal !== null) throw new FilesError(400, refusal);
	try {
		const info = await stat(target);
		if (!info.isDirectory()) await unlink(target);
		else if (recursive) await rm(target, { recursive: true });
		else await rmdir(target);
	} catch (error) {
		const status = code(error) === "ENOTEMPTY" || code(error) === "EEXIST" ? 409 : 500;
		throw new FilesError(status, `Could not delete path: ${(error as Error).message}`);
	}
	return target;
}
