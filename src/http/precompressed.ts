/**
 * @module
 * Brotli (quality 11) and gzip (level 9) copies of static and vendor files, made on first
 * use and kept in a cache folder keyed by the file's hash, so best-ratio compression is
 * paid once per release, not per request or per start. `scripts/precompress.ts` fills
 * the folder ahead of time. A read-only install just keeps the copies in memory.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeBody } from "./compress.ts";

export interface Variants {
	br: Uint8Array;
	gzip: Uint8Array;
}

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `HERMES_DASHBOARD_CACHE_DIR` if set, else node_modules/.cache (ignored by git and npm). */
export function precompressCacheDir(): string {
	return (
		process.env.HERMES_DASHBOARD_CACHE_DIR ??
		join(PROJECT_ROOT, "node_modules", ".cache", "hermes-dashboard", "precompressed")
	);
}

const EXTENSIONS = { br: "br", gzip: "gz" } as const;

async function variant(body: Uint8Array, hash: string, coding: keyof Variants): Promise<Uint8Array> {
	const dir = precompressCacheDir();
	const path = join(dir, `${hash}.${EXTENSIONS[coding]}`);
	try {
		return new Uint8Array(await readFile(path));
	} catch {
		// Not made yet (or unreadable): make it below.
	}
	const encoded = await encodeBody(body, coding, true);
	try {
		await mkdir(dir, { recursive: true });
		// Temp + rename: a concurrent start never reads half a file.
		const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
		await writeFile(temp, encoded);
		await rename(temp, path);
	} catch {
		// A read-only install: serve from memory only.
	}
	return encoded;
}

/** Both compressed forms of `body`, whose content hash is `hash` (base64url, file-name safe). */
export async function precompressed(body: Uint8Array, hash: string): Promise<Variants> {
	const [br, gzip] = await Promise.all([variant(body, hash, "br"), variant(body, hash, "gzip")]);
	return { br, gzip };
}
