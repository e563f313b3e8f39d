/**
 * Fills the precompressed cache (src/http/precompressed.ts) for every vendor and static
 * text file, so the first page view after an install does not wait for brotli 11.
 * Usage: node scripts/precompress.ts
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VENDOR_FILES } from "../src/routes/assets.ts";
import { precompressCacheDir, precompressed } from "../src/http/precompressed.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TEXT = new Set([".js", ".css", ".svg", ".json", ".map"]);

function staticFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? staticFiles(path) : TEXT.has(extname(path)) ? [path] : [];
	});
}

const files = [
	...Object.values(VENDOR_FILES).map((file) => join(ROOT, "node_modules", file)),
	...staticFiles(join(ROOT, "static")),
];
let raw = 0;
let brotli = 0;
for (const file of files) {
	const body = new Uint8Array(readFileSync(file));
	const variants = await precompressed(body, createHash("sha1").update(body).digest("base64url"));
	raw += body.byteLength;
	brotli += variants.br.byteLength;
}
console.log(`${files.length} files, ${raw} bytes → ${brotli} bytes brotli, in ${precompressCacheDir()}`);
