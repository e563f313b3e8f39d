/**
 * @module
 * Static files: our own `static/` folder and an allowlist of vendor files served
 * straight from `node_modules` (no bundler). Files are read once, then served from
 * memory with an ETag; URLs carry a build id, so browsers may cache them for a year.
 * Text files are served brotli- or gzip-encoded from precompressed copies.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppEnv } from "../context.ts";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/utils/compress";
import { chooseEncoding, varyOnEncoding } from "../http/compress.ts";
import { precompressed, type Variants } from "../http/precompressed.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STATIC_ROOT = join(PROJECT_ROOT, "static");
const NODE_MODULES = join(PROJECT_ROOT, "node_modules");

/** Vendor files by public name → path under node_modules. Nothing else is reachable. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
	"htmx.min.js": "htmx.org/dist/htmx.min.js",
	"alpine.min.js": "@alpinejs/csp/dist/cdn.min.js",
	"xterm.js": "@xterm/xterm/lib/xterm.js",
	"xterm.css": "@xterm/xterm/css/xterm.css",
	"addon-fit.js": "@xterm/addon-fit/lib/addon-fit.js",
	"addon-webgl.js": "@xterm/addon-webgl/lib/addon-webgl.js",
	"addon-unicode11.js": "@xterm/addon-unicode11/lib/addon-unicode11.js",
	"addon-web-links.js": "@xterm/addon-web-links/lib/addon-web-links.js",
	// Theme fonts (static/css/themes.css @font-face): latin subsets only.
	"inter-latin-400.woff2": "@fontsource/inter/files/inter-latin-400-normal.woff2",
	"ibm-plex-sans-latin-400.woff2": "@fontsource/ibm-plex-sans/files/ibm-plex-sans-latin-400-normal.woff2",
	"work-sans-latin-400.woff2": "@fontsource/work-sans/files/work-sans-latin-400-normal.woff2",
	"jetbrains-mono-latin-400.woff2": "@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2",
	"space-mono-latin-400.woff2": "@fontsource/space-mono/files/space-mono-latin-400-normal.woff2",
	"fraunces-latin-600.woff2": "@fontsource/fraunces/files/fraunces-latin-600-normal.woff2",
};

const CONTENT_TYPES: Record<string, string> = {
	".js": "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
	".ico": "image/x-icon",
	".woff2": "font/woff2",
	".json": "application/json",
	".map": "application/json",
};

interface CachedFile {
	body: Uint8Array;
	etag: string;
	type: string;
	/** Brotli and gzip forms of compressible files, made once (see precompressed.ts). */
	variants: Promise<Variants | null>;
}

const cache = new Map<string, Promise<CachedFile | null>>();

function load(path: string): Promise<CachedFile | null> {
	let entry = cache.get(path);
	if (entry === undefined) {
		entry = readFile(path).then(
			(buffer) => {
				const body = new Uint8Array(buffer);
				const hash = createHash("sha1").update(body).digest("base64url");
				const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
				const variants = COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)
					? precompressed(body, hash).catch(() => null)
					: Promise.resolve(null);
				return { body, etag: `"${hash}"`, type, variants };
			},
			() => null,
		);
		cache.set(path, entry);
	}
	return entry;
}

async function serveFile(c: Context<AppEnv>, path: string): Promise<Response> {
	const file = await load(path);
	if (file === null) {
		cache.delete(path);
		return c.text("Not found", 404);
	}
	const variants = await file.variants;
	const coding = variants === null ? undefined : chooseEncoding(c.req.header("accept-encoding"));
	const body = coding === undefined || variants === null ? file.body : variants[coding];
	// Each representation has its own validator, so a cache never answers br bytes to a gzip client.
	const etag = coding === undefined ? file.etag : `"${file.etag.slice(1, -1)}-${coding}"`;
	const headers = new Headers({
		"Content-Type": file.type,
		ETag: etag,
		"Cache-Control": "public, max-age=31536000, immutable",
	});
	if (variants !== null) {
		varyOnEncoding(headers);
	}
	if (c.req.header("if-none-match") === etag) {
		return c.body(null, 304, Object.fromEntries(headers));
	}
	if (coding !== undefined) {
		headers.set("Content-Encoding", coding);
	}
	headers.set("Content-Length", String(body.byteLength));
	return c.body(body as Uint8Array<ArrayBuffer>, 200, Object.fromEntries(headers));
}

export function assetRoutes(): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/vendor/:file", async (c) => {
		const file = c.req.param("file");
		// Own properties only: `constructor` or `__proto__` must not reach the prototype.
		if (!Object.hasOwn(VENDOR_FILES, file)) {
			return c.text("Not found", 404);
		}
		return serveFile(c, join(NODE_MODULES, VENDOR_FILES[file] as string));
	});

	routes.get("/static/*", async (c) => {
		let relative: string;
		try {
			relative = decodeURIComponent(c.req.path.slice("/static/".length));
		} catch {
			return c.text("Not found", 404);
		}
		const path = normalize(join(STATIC_ROOT, relative));
		if (!path.startsWith(STATIC_ROOT + sep) || relative.includes("\0")) {
			return c.text("Not found", 404);
		}
		return serveFile(c, path);
	});

	routes.get("/favicon.ico", (c) => serveFile(c, join(STATIC_ROOT, "icon.svg")));

	return routes;
}
