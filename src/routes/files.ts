/**
 * @module
 * Managed files (api-contract-clients §4.1–4.2): `/api/files*` and the Files page.
 * The data layer (src/hermes/files) resolves and confines every path; this module
 * validates, streams and answers. Uploads stream to disk (never buffered) under their
 * own cap; downloads stream from an open handle.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import * as v from "valibot";
import { Readable } from "node:stream";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { ValidationError } from "../http/errors.ts";
import { describeRoute } from "../http/openapi.ts";
import { FilesError, filesPolicy, type FilesPolicy, policyFields } from "../hermes/files/policy.ts";
import { listDirectory } from "../hermes/files/entries.ts";
import { deletePath, makeDirectory, openDownload, readAsDataURL, uploadDataURL } from "../hermes/files/ops.ts";
import { MissingFieldError, receiveMultipartUpload } from "../hermes/files/multipart.ts";
import {
	desktopDefaultCwd,
	desktopGitRoot,
	desktopList,
	desktopReadDataURL,
	desktopReadText,
	desktopWriteText,
} from "../hermes/files/desktop.ts";
import { getString, readConfigLenient } from "../hermes/config/yaml.ts";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { filesPage } from "../views/files.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

const PathQuery = v.object({ path: v.optional(v.string(), "") });
const RequiredPathQuery = v.object({ path: v.string() });
const TokenPathQuery = v.object({ path: v.string(), token: v.optional(v.string()) });
const UploadBody = v.object({ path: v.string(), data_url: v.string(), overwrite: v.optional(v.boolean(), true) });
const MkdirBody = v.object({ path: v.string() });
const DeleteBody = v.object({ path: v.string(), recursive: v.optional(v.boolean(), false) });
const UploadForm = v.object({
	path: v.string(),
	overwrite: v.optional(v.string()),
	file: v.pipe(v.string(), v.description("The file (binary part)")),
});

describeRoute({
	method: "GET",
	path: "/api/files",
	summary: "List a directory of the managed files",
	query: PathQuery,
});
describeRoute({
	method: "GET",
	path: "/api/files/read",
	summary: "Read a file as a data URL",
	query: RequiredPathQuery,
});
describeRoute({
	method: "GET",
	path: "/api/files/download",
	summary: "Download a file (streamed; `?token=` accepted here only)",
	query: TokenPathQuery,
	produces: "binary",
});
describeRoute({
	method: "POST",
	path: "/api/files/upload",
	summary: "Upload a file as a base64 data URL",
	body: UploadBody,
});
describeRoute({
	method: "POST",
	path: "/api/files/upload-stream",
	summary: "Upload a file (multipart, streamed to disk, 100 MiB cap)",
	body: UploadForm,
	bodyType: "multipart",
});
describeRoute({
	method: "POST",
	path: "/api/files/mkdir",
	summary: "Create a directory (and parents)",
	body: MkdirBody,
});
describeRoute({ method: "DELETE", path: "/api/files", summary: "Delete a file or directory", body: DeleteBody });

const FsPathQuery = v.object({ path: v.optional(v.string()) });
const WriteTextBody = v.object({ path: v.string(), content: v.string() });
for (const [path, summary] of [
	["/api/fs/list", "Desktop: list a folder (errors answered as `error`)"],
	["/api/fs/read-text", "Desktop: read the first 512 KiB of a file as text"],
	["/api/fs/read-data-url", "Desktop: read a file (16 MiB at most) as a data URL"],
	["/api/fs/git-root", "Desktop: the enclosing git repository"],
] as const) {
	describeRoute({ method: "GET", path, summary, query: FsPathQuery });
}
describeRoute({
	method: "POST",
	path: "/api/fs/write-text",
	summary: "Desktop: replace a text file",
	body: WriteTextBody,
});
describeRoute({
	method: "GET",
	path: "/api/fs/default-cwd",
	summary: "Desktop: the default working folder and its branch",
});

/** `git branch --show-current` in `cwd`, "" on any failure (2 s at most). */
function gitBranch(cwd: string): Promise<string> {
	return new Promise((resolve) => {
		try {
			const child = execFile("git", ["-C", cwd, "branch", "--show-current"], { timeout: 2000 }, (error, stdout) =>
				resolve(error ? "" : stdout.trim()),
			);
			child.on("error", () => resolve(""));
		} catch {
			resolve("");
		}
	});
}

/** A data-layer refusal as Hermes's answer. */
function answered(error: unknown): unknown {
	return error instanceof FilesError ? new ApiError(error.status, error.message) : error;
}

function rethrow(error: unknown): never {
	throw answered(error);
}

/** Python's `urllib.parse.quote` (safe `/`), as Starlette uses for `filename*`. */
function pythonQuote(text: string): string {
	return Array.from(new TextEncoder().encode(text), (byte) => {
		const char = String.fromCharCode(byte);
		return /[A-Za-z0-9_.\-~/]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
	}).join("");
}

/** `attachment; filename="…"`, or RFC 5987 `filename*` when the name needs quoting. */
export function contentDisposition(name: string): string {
	const quoted = pythonQuote(name);
	return quoted === name ? `attachment; filename="${name}"` : `attachment; filename*=utf-8''${quoted}`;
}

export function filesRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	async function policy(): Promise<FilesPolicy> {
		return filesPolicy(app.env, app.home).catch((error: unknown) => {
			throw answered(error);
		});
	}

	routes.get("/api/files", async (c) => {
		const query = queryParams(c, PathQuery);
		const current = await policy();
		const listing = await listDirectory(current, query.path).catch((error: unknown) => {
			throw answered(error);
		});
		return c.json({ ...listing, ...policyFields(current) });
	});

	routes.get("/api/files/read", async (c) => {
		const query = queryParams(c, RequiredPathQuery);
		const current = await policy();
		const read = await readAsDataURL(current, query.path).catch((error: unknown) => {
			throw answered(error);
		});
		return c.json({ ...read, ...policyFields(current) });
	});

	routes.get("/api/files/download", async (c) => {
		const query = queryParams(c, TokenPathQuery);
		const download = await openDownload(await policy(), query.path).catch((error: unknown) => {
			throw answered(error);
		});
		const type = download.mime.startsWith("text/") ? `${download.mime}; charset=utf-8` : download.mime;
		const body = Readable.toWeb(download.handle.createReadStream()) as ReadableStream<Uint8Array>;
		return new Response(body, {
			headers: {
				"Content-Type": type,
				"Content-Disposition": contentDisposition(download.name),
				"Content-Length": String(download.size),
				"Last-Modified": new Date(download.mtimeMs).toUTCString(),
				ETag: `"${Math.floor(download.mtimeMs).toString(16)}-${download.size.toString(16)}"`,
				"Cache-Control": "no-store",
			},
		});
	});

	routes.post("/api/files/upload", async (c) => {
		const body = await jsonBody(c, UploadBody);
		const current = await policy();
		const saved = await uploadDataURL(current, body.path, body.data_url, body.overwrite).catch((error: unknown) => {
			throw answered(error);
		});
		return c.json({ ok: true, entry: saved.entry, path: saved.path, ...policyFields(current) });
	});

	routes.post("/api/files/upload-stream", async (c) => {
		const current = await policy();
		const saved = await receiveMultipartUpload(c.req.raw, current).catch((error: unknown) => {
			if (error instanceof MissingFieldError) {
				throw new ValidationError([{ type: "missing", loc: ["body", error.field], msg: "Field required" }]);
			}
			throw answered(error);
		});
		return c.json({ ok: true, entry: saved.entry, path: saved.path, ...policyFields(current) });
	});

	routes.post("/api/files/mkdir", async (c) => {
		const body = await jsonBody(c, MkdirBody);
		const current = await policy();
		const made = await makeDirectory(current, body.path).catch((error: unknown) => {
			throw answered(error);
		});
		return c.json({ ok: true, entry: made.entry, path: made.path, ...policyFields(current) });
	});

	routes.delete("/api/files", async (c) => {
		const body = await jsonBody(c, DeleteBody);
		const current = await policy();
		const path = await deletePath(current, body.path, body.recursive).catch((error: unknown) => {
			throw answered(error);
		});
		return c.json({ ok: true, path, ...policyFields(current) });
	});

	routes.get("/api/fs/list", async (c) => {
		const query = queryParams(c, FsPathQuery);
		return c.json(await desktopList(await policy(), query.path).catch(rethrow));
	});

	routes.get("/api/fs/read-text", async (c) => {
		const query = queryParams(c, FsPathQuery);
		return c.json(await desktopReadText(await policy(), query.path).catch(rethrow));
	});

	routes.get("/api/fs/read-data-url", async (c) => {
		const query = queryParams(c, FsPathQuery);
		return c.json(await desktopReadDataURL(await policy(), query.path).catch(rethrow));
	});

	routes.post("/api/fs/write-text", async (c) => {
		const body = await jsonBody(c, WriteTextBody);
		return c.json(await desktopWriteText(await policy(), body.path, body.content).catch(rethrow));
	});

	routes.get("/api/fs/git-root", async (c) => {
		const query = queryParams(c, FsPathQuery);
		return c.json(await desktopGitRoot(await policy(), query.path).catch(rethrow));
	});

	routes.get("/api/fs/default-cwd", async (c) => {
		const configured = getString(readConfigLenient(join(app.home, "config.yaml")), "terminal.cwd");
		return c.json(await desktopDefaultCwd(configured, app.env, gitBranch));
	});

	routes.get("/files", async (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "files.title"),
			path: "/files",
			body: filesPage(lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/files.css")}"><script src="${assetURL("/static/js/files.js")}" defer></script>`,
		});
	});

	return routes;
}
