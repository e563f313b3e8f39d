/**
 * @module
 * Images between the agent's home and remote clients (api-contract-clients §8):
 * `readMedia` hands an image the agent saved (under images/, screenshots/ or cache/) back
 * as a data URL; `saveChatImage` stores a pasted image in images/ for the TUI's
 * `/image <path>`. Both keep to the home: a media root, or a file in it, that resolves
 * outside is refused, and files are opened without blocking (a FIFO cannot stall us).
 */
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { basename, extname, isAbsolute, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { writeFileAtomic } from "../home/atomic_write.ts";
import {
	ConfinementError,
	confinedRealPath,
	confinedWriteTargetSync,
	isWithin,
	openConfinedFile,
} from "../home/confine.ts";
import { decodeDataURL } from "../files/ops.ts";
import { FilesError } from "../files/policy.ts";

export const MEDIA_MAX_BYTES = 25 * 1024 * 1024;
export const CHAT_IMAGE_MAX_BYTES = 25 * 1024 * 1024;

/** What `GET /api/media` serves, by extension, with the type its data URL carries. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
	".png": "image/png",
	".jpg": "image/jpeg",
	".jpeg": "image/jpeg",
	".gif": "image/gif",
	".webp": "image/webp",
	".svg": "image/svg+xml",
	".bmp": "image/bmp",
	".ico": "image/x-icon",
};

export const MEDIA_ROOT_NAMES = ["images", "screenshots", "cache"] as const;

/** A refusal with Hermes's status and text. */
export class MediaError extends Error {
	readonly status: 400 | 403 | 404 | 413 | 415 | 500;
	constructor(status: MediaError["status"], detail: string) {
		super(detail);
		this.name = "MediaError";
		this.status = status;
	}
}

function expandHome(path: string): string {
	if (path === "~") return homedir();
	return path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
}

/** The media roots' real paths; a root that is missing or resolves outside the home is skipped. */
async function mediaRoots(home: string): Promise<string[]> {
	const roots: string[] = [];
	for (const name of MEDIA_ROOT_NAMES) {
		try {
			const real = await confinedRealPath(home, join(home, name));
			if (real !== null) roots.push(real);
		} catch (error) {
			if (!(error instanceof ConfinementError)) throw error;
		}
	}
	return roots;
}

/** `GET /api/media`: an image under a media root of `home`, as `{data_url}`. */
export async function readMedia(home: string, raw: string): Promise<{ data_url: string }> {
	if (raw.includes("\0") || raw.trim() === "") throw new MediaError(400, "Invalid path");
	const expanded = expandHome(raw);
	const lexical = isAbsolute(expanded) ? resolve(expanded) : resolve(process.cwd(), expanded);
	const type = MEDIA_TYPES[extname(lexical).toLowerCase()];
	if (type === undefined) throw new MediaError(415, "Unsupported media type");
	let real: string | null = null;
	let root: string | undefined;
	for (const candidate of await mediaRoots(home)) {
		try {
			real = await confinedRealPath(candidate, lexical);
		} catch (error) {
			if (!(error instanceof ConfinementError)) throw error;
			continue;
		}
		if (real === null) {
			// Missing: inside a root by name is a 404, elsewhere a 403, as Hermes decides.
			if (isWithin(candidate, lexical)) throw new MediaError(404, "File not found");
			continue;
		}
		root = candidate;
		break;
	}
	if (root === undefined || real === null) throw new MediaError(403, "Path outside media roots");
	let handle: Awaited<ReturnType<typeof openConfinedFile>>;
	try {
		handle = await openConfinedFile(root, real);
	} catch (error) {
		if (error instanceof ConfinementError) {
			throw error.reason === "not-regular-file"
				? new MediaError(404, "File not found")
				: new MediaError(403, "Path outside media roots");
		}
		throw error;
	}
	if (handle === null) throw new MediaError(404, "File not found");
	try {
		if ((await handle.stat()).size > MEDIA_MAX_BYTES) throw new MediaError(413, "File too large");
		const bytes = await handle.readFile();
		return { data_url: `data:${type};base64,${bytes.toString("base64")}` };
	} finally {
		await handle.close();
	}
}

/** The image format the bytes carry (not the declared type or name), as an extension. */
export function imageExtension(bytes: Uint8Array): string | null {
	const head = Buffer.from(bytes.subarray(0, 16));
	if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP") {
		return ".webp";
	}
	const signatures: [number[], string][] = [
		[[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ".png"],
		[[0xff, 0xd8, 0xff], ".jpg"],
		[[...Buffer.from("GIF87a", "latin1")], ".gif"],
		[[...Buffer.from("GIF89a", "latin1")], ".gif"],
		[[0x42, 0x4d], ".bmp"],
	];
	for (const [signature, ext] of signatures) {
		if (signature.every((byte, i) => head[i] === byte)) return ext;
	}
	return null;
}

/** The name's stem reduced to `[A-Za-z0-9_.-]`, as Hermes names pasted images. */
export function imageStem(filename: string | null | undefined): string {
	// The base name only (no folders), control characters replaced, outer dots dropped.
	let name = basename(String(filename ?? "").trim());
	name =
		name
			.replace(/[\x00-\x1f]+/g, "_")
			.trim()
			.replace(/^\.+|\.+$/g, "") || "pasted-image";
	const dot = name.lastIndexOf(".");
	const stem = dot > 0 ? name.slice(0, dot) : name;
	return (stem || "pasted-image").replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^[._-]+|[._-]+$/g, "") || "pasted-image";
}

function pad(value: number): string {
	return String(value).padStart(2, "0");
}

/** `YYYYmmdd_HHMMSS` in local time, as Python's `datetime.now().strftime`. */
export function localStamp(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

export interface SavedImage {
	ok: true;
	path: string;
	name: string;
	bytes: number;
	mime_type: string;
}

function code(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException).code;
}

/** A full disk or read-only home goes to the app's storage answer (507/503) as it is. */
function passStorageFailure(error: unknown): void {
	if (code(error) === "ENOSPC" || code(error) === "EROFS" || code(error) === "EDQUOT") throw error;
}

/** Checks the payload's rules in Hermes's order; the decoded bytes, type and extension. */
export function decodeChatImage(dataURL: string): { bytes: Buffer; mime: string; ext: string } {
	const text = dataURL.trim();
	let bytes: Buffer;
	try {
		bytes = decodeDataURL(text);
	} catch (error) {
		if (error instanceof FilesError) throw new MediaError(error.status as MediaError["status"], error.message);
		throw error;
	}
	const header = text.slice(5, text.indexOf(","));
	const mime = header.split(";")[0] || "application/octet-stream";
	if (!mime.toLowerCase().startsWith("image/")) throw new MediaError(400, "Upload payload must be an image");
	if (bytes.byteLength > CHAT_IMAGE_MAX_BYTES) {
		throw new MediaError(413, `Image is too large; cap is ${CHAT_IMAGE_MAX_BYTES / (1024 * 1024)} MB`);
	}
	const ext = imageExtension(bytes);
	if (ext === null) throw new MediaError(400, "Unsupported image type");
	return { bytes, mime, ext };
}

/** `POST /api/chat/image-upload`: the image saved under `<home>/images/` (new file, atomic). */
export function saveChatImage(
	home: string,
	image: ReturnType<typeof decodeChatImage>,
	filename: string | null | undefined,
	nowMs: number,
): SavedImage {
	const { bytes, mime, ext } = image;
	const dir = join(home, "images");
	try {
		mkdirSync(dir, { recursive: true });
	} catch (error) {
		passStorageFailure(error);
		if (code(error) === "EACCES" || code(error) === "EPERM")
			throw new MediaError(403, "Image directory is not writable");
		throw new MediaError(500, `Could not create image directory: ${(error as Error).message}`);
	}
	const name = `dashboard_${localStamp(nowMs)}_${randomBytes(4).toString("hex")}_${imageStem(filename)}${ext}`;
	let target: string;
	try {
		target = confinedWriteTargetSync(home, join(dir, name));
	} catch (error) {
		if (error instanceof ConfinementError) throw new MediaError(403, "Image directory is outside the Hermes home");
		throw error;
	}
	try {
		// `expect: null`: the name is new; never replace a file that appeared meanwhile.
		writeFileAtomic(target, bytes, { mode: 0o644, expect: null });
	} catch (error) {
		passStorageFailure(error);
		if (code(error) === "EACCES" || code(error) === "EPERM")
			throw new MediaError(403, "Image directory is not writable");
		throw new MediaError(500, `Could not write image: ${(error as Error).message}`);
	}
	return { ok: true, path: join(dir, name), name, bytes: bytes.byteLength, mime_type: mime };
}
