/**
 * @module
 * `/api/fs/*`, the desktop app's remote file access (api-contract-clients §4.3), with one
 * deliberate difference from Hermes (quirk 13): the managed-files policy applies here
 * too. With a locked root, paths must stay inside it (symlinks resolved), and reads of
 * credential files (`.env`, `auth.json`, …) are refused as on `/api/files`. Unlocked, any
 * path the server user can reach is allowed, as in Hermes.
 */
import { lstat, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isWithin, realPathAllowingMissing } from "../home/confine.ts";
import { guessMime } from "./entries.ts";
import { FilesError, type FilesPolicy, isSensitive, requireInsideRoot } from "./policy.ts";

export const READ_TEXT_WINDOW = 512 * 1024;
export const READ_TEXT_CAP = 64 * 1024 * 1024;
export const WRITE_TEXT_CAP = 8 * 1024 * 1024;
export const DATA_URL_CAP = 16 * 1024 * 1024;

const SKIPPED = new Set([
	".git",
	".hg",
	".svn",
	".cache",
	".next",
	".turbo",
	".venv",
	"__pycache__",
	"build",
	"dist",
	"node_modules",
	"target",
	"venv",
]);

const LANGUAGES: Readonly<Record<string, string>> = {
	".c": "c",
	".conf": "ini",
	".cpp": "cpp",
	".css": "css",
	".csv": "csv",
	".go": "go",
	".graphql": "graphql",
	".h": "c",
	".hpp": "cpp",
	".html": "html",
	".java": "java",
	".js": "javascript",
	".json": "json",
	".jsx": "jsx",
	".kt": "kotlin",
	".lua": "lua",
	".md": "markdown",
	".mjs": "javascript",
	".py": "python",
	".rb": "ruby",
	".rs": "rust",
	".sh": "shell",
	".sql": "sql",
	".svg": "xml",
	".toml": "toml",
	".ts": "typescript",
	".tsx": "tsx",
	".txt": "text",
	".xml": "xml",
	".yaml": "yaml",
	".yml": "yaml",
	".zsh": "shell",
};

const MEDIA_TYPES: Readonly<Record<string, string>> = {
	".png": "image/png",
	".jpg": "image/jpeg",
	".jpeg": "image/jpeg",
	".gif": "image/gif",
	".webp": "image/webp",
	".bmp": "image/bmp",
	".svg": "image/svg+xml",
	".mp3": "audio/mpeg",
	".m4a": "audio/mp4",
	".ogg": "audio/ogg",
	".opus": "audio/opus",
	".wav": "audio/wav",
	".flac": "audio/flac",
	".mp4": "video/mp4",
	".mov": "video/quicktime",
	".mkv": "video/x-matroska",
	".avi": "video/x-msvideo",
	".webm": "video/webm",
};

function mimeOf(path: string): string {
	return MEDIA_TYPES[extname(path).toLowerCase()] ?? guessMime(basename(path));
}

function code(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException).code;
}

/** The requested path, absolute and resolved (existence not required), confined when locked. */
export async function desktopPath(policy: FilesPolicy, raw: string | undefined): Promise<string> {
	const trimmed = (raw ?? "").trim();
	if (trimmed === "") throw new FilesError(400, "Path is required");
	if (trimmed.includes("\0")) throw new FilesError(400, "Invalid path");
	let path = trimmed;
	if (path.startsWith("file:")) {
		const url = new URL(path);
		if (url.host !== "" && url.host !== "localhost") throw new FilesError(400, "Invalid path");
		path = fileURLToPath(`file://${url.pathname}`);
	}
	if (path === "~") path = homedir();
	else if (path.startsWith("~/")) path = join(homedir(), path.slice(2));
	const absolute = isAbsolute(path) ? resolve(path) : resolve(process.cwd(), path);
	return requireInsideRoot(policy, await realPathAllowingMissing(absolute));
}

export interface DesktopEntry {
	name: string;
	path: string;
	isDirectory: boolean;
}

/** `GET /api/fs/list`: errors are answers (200 with `error`), as the desktop app expects. */
export async function desktopList(
	policy: FilesPolicy,
	raw: string | undefined,
): Promise<{ entries: DesktopEntry[]; error?: string }> {
	const dir = await desktopPath(policy, raw);
	let names: import("node:fs").Dirent[];
	try {
		names = await readdir(dir, { withFileTypes: true });
	} catch (error) {
		const known = code(error);
		if (known === "ENOENT" || known === "ENOTDIR" || known === "EACCES") return { entries: [], error: known };
		return { entries: [], error: (error as Error).message || "read-error" };
	}
	const entries = names
		.filter(
			(entry) => !SKIPPED.has(entry.name) && !(policy.lockedRoot !== null && isSensitive(join(dir, entry.name))),
		)
		.map((entry) => ({ name: entry.name, path: join(dir, entry.name), isDirectory: entry.isDirectory() }));
	entries.sort((a, b) => {
		if (a.isDirectory !== b.isDirectory) return a.isDirectory ? -1 : 1;
		const left = a.name.toLowerCase();
		const right = b.name.toLowerCase();
		if (left !== right) return left < right ? -1 : 1;
		return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
	});
	return { entries };
}

/** A readable regular file under `cap` (Hermes's texts for each failure). */
async function readableFile(
	policy: FilesPolicy,
	raw: string | undefined,
	cap: number,
): Promise<{ path: string; size: number }> {
	const path = await desktopPath(policy, raw);
	if (policy.lockedRoot !== null && isSensitive(path)) {
		throw new FilesError(403, "Access to sensitive files is not allowed");
	}
	let info: import("node:fs").Stats;
	try {
		info = await stat(path);
	} catch (error) {
		if (code(error) === "ENOENT" || code(error) === "ENOTDIR") throw new FilesError(404, "File not found");
		if (code(error) === "EACCES") throw new FilesError(403, "File is not readable");
		throw new FilesError(400, (error as Error).message);
	}
	if (info.isDirectory()) throw new FilesError(400, "Path points to a directory");
	if (!info.isFile()) throw new FilesError(400, "Only regular files can be read");
	if (info.size > cap) throw new FilesError(413, "File too large");
	return { path, size: info.size };
}

async function readHead(path: string, length: number): Promise<Buffer> {
	let handle: import("node:fs/promises").FileHandle;
	try {
		handle = await open(path, "r");
	} catch (error) {
		if (code(error) === "EACCES") throw new FilesError(403, "File is not readable");
		throw new FilesError(400, (error as Error).message);
	}
	try {
		const buffer = Buffer.alloc(length);
		const { bytesRead } = await handle.read(buffer, 0, length, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** A NUL byte, or more than 12 % control characters (not tab/LF/CR), in the first 4 KiB. */
export function looksBinary(head: Uint8Array): boolean {
	const sample = head.subarray(0, 4096);
	if (sample.includes(0)) return true;
	if (sample.length === 0) return false;
	let control = 0;
	for (const byte of sample) {
		if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13) control++;
	}
	return control / sample.length > 0.12;
}

export async function desktopReadText(policy: FilesPolicy, raw: string | undefined) {
	const file = await readableFile(policy, raw, READ_TEXT_CAP);
	const head = await readHead(file.path, Math.min(file.size, READ_TEXT_WINDOW));
	return {
		binary: looksBinary(head),
		byteSize: file.size,
		language: LANGUAGES[extname(file.path).toLowerCase()] ?? "text",
		mimeType: mimeOf(file.path),
		path: file.path,
		text: new TextDecoder("utf-8", { fatal: false }).decode(head),
		truncated: file.size > READ_TEXT_WINDOW,
	};
}

export async function desktopReadDataURL(policy: FilesPolicy, raw: string | undefined): Promise<{ dataUrl: string }> {
	const file = await readableFile(policy, raw, DATA_URL_CAP);
	const bytes = await readHead(file.path, file.size);
	return { dataUrl: `data:${mimeOf(file.path)};base64,${bytes.toString("base64")}` };
}

/** `POST /api/fs/write-text`: sibling temp file, then rename over the target (never creates folders). */
export async function desktopWriteText(policy: FilesPolicy, raw: string | undefined, content: string) {
	const path = await desktopPath(policy, raw);
	const bytes = Buffer.from(content, "utf8");
	if (bytes.byteLength > WRITE_TEXT_CAP) throw new FilesError(413, "Content too large");
	const existing = await lstat(path).catch(() => null);
	if (existing?.isDirectory()) throw new FilesError(400, "Path points to a directory");
	if (existing !== null && !existing.isFile()) throw new FilesError(400, "Only regular files can be written");
	const parent = await stat(dirname(path)).catch(() => null);
	if (parent === null || !parent.isDirectory()) throw new FilesError(400, "Parent directory does not exist");
	const temp = join(dirname(path), `.${basename(path)}.hermes-tmp-${process.pid}`);
	try {
		await writeFile(temp, bytes);
		await rename(temp, path);
	} catch (error) {
		await rm(temp, { force: true });
		if (code(error) === "EACCES" || code(error) === "EPERM") throw new FilesError(403, "File is not writable");
		throw new FilesError(500, `Could not write file: ${(error as Error).message}`);
	}
	return { ok: true, path, byteSize: bytes.byteLength };
}

/** `GET /api/fs/git-root`: the nearest folder (at most 50 levels up) holding a `.git` entry. */
export async function desktopGitRoot(policy: FilesPolicy, raw: string | undefined): Promise<{ root: string | null }> {
	const path = await desktopPath(policy, raw);
	let current = (await stat(path).catch(() => null))?.isDirectory() ? path : dirname(path);
	for (let level = 0; level < 50; level++) {
		if ((await lstat(join(current, ".git")).catch(() => null)) !== null) {
			// Locked: a repository above the root is not named (it would reveal paths outside).
			return { root: policy.lockedRoot === null || isWithin(policy.lockedRoot, current) ? current : null };
		}
		const parent = dirname(current);
		if (parent === current) break;
		current = parent;
	}
	return { root: null };
}

/** `GET /api/fs/default-cwd`: config `terminal.cwd` or `TERMINAL_CWD` when it names a folder, else ours. */
export async function desktopDefaultCwd(
	configured: string | undefined,
	env: Record<string, string | undefined>,
	gitBranch: (cwd: string) => Promise<string>,
): Promise<{ cwd: string; branch: string }> {
	let cwd = process.cwd();
	for (const candidate of [configured, env.TERMINAL_CWD]) {
		const value = (candidate ?? "").trim();
		if (value === "" || [".", "auto", "cwd"].includes(value)) continue;
		const expanded = value === "~" ? homedir() : value.startsWith("~/") ? join(homedir(), value.slice(2)) : value;
		if ((await stat(expanded).catch(() => null))?.isDirectory()) {
			cwd = resolve(expanded);
			break;
		}
	}
	return { cwd, branch: await gitBranch(cwd) };
}
