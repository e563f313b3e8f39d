/**
 * `/api/files*` (api-contract-clients §4.1–4.2) on a copy of the fixture home used as the
 * locked managed-files root: shapes, the credential filter, the traversal suite, and
 * every 4xx text.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, TEST_TOKEN, testClient } from "../helpers/app.ts";

let root: string;
let request: ReturnType<typeof testClient>;

beforeEach(() => {
	root = copyFixtureHome();
	writeFileSync(join(root, "notes.txt"), "hello files\n");
	request = testClient(makeContext({ home: root, env: { HERMES_DASHBOARD_FILES_ROOT: root } }));
});

async function json(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
	const response = await request(path, init);
	return { status: response.status, body: await response.json() };
}

function send(method: string, body: unknown): RequestInit {
	return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

describe("GET /api/files", () => {
	it("lists the root with the policy fields, directories first, credentials omitted", async () => {
		const { status, body } = await json("/api/files");
		expect(status).toBe(200);
		expect(body).toMatchObject({ path: root, parent: null, root, locked_root: root, can_change_path: false });
		const names: string[] = body.entries.map((entry: { name: string }) => entry.name);
		for (const secret of [".env", "config.yaml", "auth.json"]) {
			expect(existsSync(join(root, secret)), secret).toBe(true);
			expect(names).not.toContain(secret);
		}
		const notes = body.entries.find((entry: { name: string }) => entry.name === "notes.txt");
		expect(notes).toEqual({
			name: "notes.txt",
			path: join(root, "notes.txt"),
			is_directory: false,
			size: 12,
			mtime: statSync(join(root, "notes.txt")).mtimeMs / 1000,
			mime_type: "text/plain",
		});
		const kinds = body.entries.map((entry: { is_directory: boolean }) => entry.is_directory);
		expect(kinds.indexOf(false)).toBeGreaterThan(kinds.lastIndexOf(true));
		const dirs = body.entries.filter((entry: { is_directory: boolean }) => entry.is_directory);
		expect(dirs[0].size).toBeNull();
		expect(dirs[0].mime_type).toBeNull();
	});

	it("a sub-directory has its parent; a file is not a directory", async () => {
		const { body } = await json("/api/files?path=logs");
		expect(body.path).toBe(join(root, "logs"));
		expect(body.parent).toBe(root);
		expect((await json("/api/files?path=notes.txt")).body).toEqual({ detail: "Path is not a directory" });
		expect((await json("/api/files?path=nope")).status).toBe(404);
	});

	it("listing a credential directory itself answers an empty list", async () => {
		mkdirSync(join(root, "pairing"));
		writeFileSync(join(root, "pairing", "code.json"), "{}");
		const { status, body } = await json("/api/files?path=pairing");
		expect(status).toBe(200);
		expect(body.entries).toEqual([]);
	});

	it("unlocked: relative paths are refused; the policy fields say so", async () => {
		const unlocked = testClient(makeContext({ home: root, env: {} }));
		const relative = await unlocked("/api/files?path=notes");
		expect(relative.status).toBe(400);
		expect(await relative.json()).toEqual({ detail: "Path must be absolute" });
		const listing = await (await unlocked(`/api/files?path=${encodeURIComponent(root)}`)).json();
		expect(listing).toMatchObject({
			root: null,
			locked_root: null,
			can_change_path: true,
			parent: expect.any(String),
		});
	});
});

describe("traversal suite: nothing outside the root is reachable", () => {
	beforeEach(() => {
		const outside = mkdtempSync(join(tmpdir(), "outside-"));
		writeFileSync(join(outside, "secret.txt"), "outside");
		symlinkSync(outside, join(root, "escape"));
		symlinkSync(join(outside, "secret.txt"), join(root, "escape.txt"));
	});

	it.each([
		["..", 400, "Path cannot contain '..'"],
		["../etc/passwd", 400, "Path cannot contain '..'"],
		["%2e%2e/%2e%2e/etc/passwd", 400, "Path cannot contain '..'"],
		["logs%2f..%2f..%2fetc%2fpasswd", 400, "Path cannot contain '..'"],
		["..%5C..%5Cetc%5Cpasswd", 400, "Path cannot contain '..'"],
		["logs\\..\\..\\etc", 400, "Path cannot contain '..'"],
		["/etc/passwd", 403, "Path outside managed files root"],
		["escape.txt", 403, "Path outside managed files root"],
		["escape/secret.txt", 403, "Path outside managed files root"],
		["notes.txt%00.png", 400, "Invalid path"],
	])("read %s → %i", async (path, status, detail) => {
		const answer = await json(`/api/files/read?path=${path.replace(/\\/g, "%5C")}`);
		expect(answer).toEqual({ status, body: { detail } });
		const download = await request(`/api/files/download?path=${path.replace(/\\/g, "%5C")}`);
		expect(download.status).toBe(status);
	});

	it("a listing that contains a link out of the root is refused whole", async () => {
		expect(await json("/api/files")).toEqual({ status: 403, body: { detail: "Path outside managed files root" } });
	});

	it("writes through a link out of the root or with .. are refused", async () => {
		const upload = await json(
			"/api/files/upload",
			send("POST", { path: "escape/x.txt", data_url: "data:;base64,eA==" }),
		);
		expect(upload).toEqual({ status: 403, body: { detail: "Path outside managed files root" } });
		const mkdir = await json("/api/files/mkdir", send("POST", { path: "a/../../b" }));
		expect(mkdir).toEqual({ status: 400, body: { detail: "Path cannot contain '..'" } });
		const remove = await json("/api/files", send("DELETE", { path: "/etc/hostname" }));
		expect(remove.status).toBe(403);
	});
});

describe("GET /api/files/read and /download", () => {
	it("reads a file as a data URL", async () => {
		const { status, body } = await json("/api/files/read?path=notes.txt");
		expect(status).toBe(200);
		expect(body).toEqual({
			name: "notes.txt",
			path: join(root, "notes.txt"),
			size: 12,
			mime_type: "text/plain",
			data_url: `data:text/plain;base64,${Buffer.from("hello files\n").toString("base64")}`,
			root,
			locked_root: root,
			can_change_path: false,
		});
	});

	it("refuses credentials, directories and missing paths with Hermes's texts", async () => {
		for (const secret of [".env", "config.yaml", "auth.json"]) {
			expect(await json(`/api/files/read?path=${secret}`)).toEqual({
				status: 403,
				body: { detail: "Access to sensitive files is not allowed" },
			});
		}
		expect(await json("/api/files/read?path=logs")).toEqual({
			status: 400,
			body: { detail: "Path is not a file" },
		});
		expect(await json("/api/files/read?path=missing.txt")).toEqual({
			status: 404,
			body: { detail: "Path not found" },
		});
		expect((await json("/api/files/read")).status).toBe(422);
	});

	it("downloads with type, disposition, length, validators", async () => {
		const response = await request("/api/files/download?path=notes.txt");
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
		expect(response.headers.get("content-disposition")).toBe('attachment; filename="notes.txt"');
		expect(response.headers.get("content-length")).toBe("12");
		expect(response.headers.get("last-modified")).toBe(statSync(join(root, "notes.txt")).mtime.toUTCString());
		expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]+-c"$/);
		expect(await response.text()).toBe("hello files\n");
	});

	it("a non-ASCII name is sent as RFC 5987 filename*", async () => {
		writeFileSync(join(root, "résumé 1.txt"), "x");
		const response = await request(`/api/files/download?path=${encodeURIComponent("résumé 1.txt")}`);
		expect(response.headers.get("content-disposition")).toBe(
			"attachment; filename*=utf-8''r%C3%A9sum%C3%A9%201.txt",
		);
	});

	it("the token in the query is accepted on download only, and only the right one", async () => {
		const ok = await request(`/api/files/download?path=notes.txt&token=${TEST_TOKEN}`, { token: false });
		expect(ok.status).toBe(200);
		const wrong = await request("/api/files/download?path=notes.txt&token=wrong", { token: false });
		expect(wrong.status).toBe(401);
		const elsewhere = await request(`/api/files/read?path=notes.txt&token=${TEST_TOKEN}`, { token: false });
		expect(elsewhere.status).toBe(401);
		const post = await request(`/api/files/mkdir?token=${TEST_TOKEN}`, {
			...send("POST", { path: "x" }),
			token: false,
		});
		expect(post.status).toBe(401);
	});
});

describe("POST /api/files/upload (data URL)", () => {
	const dataURL = `data:text/plain;base64,${Buffer.from("uploaded").toString("base64")}`;

	it("writes the file, creating parents, and answers the entry", async () => {
		const { status, body } = await json(
			"/api/files/upload",
			send("POST", { path: "new/dir/up.txt", data_url: dataURL }),
		);
		expect(status).toBe(200);
		expect(body).toMatchObject({ ok: true, path: join(root, "new/dir/up.txt"), locked_root: root });
		expect(body.entry).toMatchObject({ name: "up.txt", size: 8, is_directory: false });
		expect(readFileSync(join(root, "new/dir/up.txt"), "utf8")).toBe("uploaded");
	});

	it.each([
		[{ path: "logs", data_url: dataURL }, 409, "A directory already exists at that path"],
		[{ path: "notes.txt", data_url: dataURL, overwrite: false }, 409, "File already exists"],
		[{ path: "a.txt", data_url: "hello" }, 400, "Upload payload must be a data URL"],
		[{ path: "a.txt", data_url: "data:text/plain,hello" }, 400, "Upload payload must be base64 encoded"],
		[{ path: "a.txt", data_url: "data:text/plain;base64,@@@" }, 400, "Upload payload is not valid base64"],
	])("%j → %i", async (payload, status, detail) => {
		expect(await json("/api/files/upload", send("POST", payload))).toEqual({ status, body: { detail } });
	});
});

describe("POST /api/files/upload-stream", () => {
	function form(fields: Record<string, string>, file?: string): FormData {
		const data = new FormData();
		for (const [name, value] of Object.entries(fields)) data.append(name, value);
		if (file !== undefined) data.append("file", new Blob([file]), "upload.bin");
		return data;
	}

	it("streams the file into place with mode 0600", async () => {
		const { status, body } = await json("/api/files/upload-stream", {
			method: "POST",
			body: form({ path: "streamed/one.txt", overwrite: "true" }, "streamed bytes"),
		});
		expect(status).toBe(200);
		expect(body).toMatchObject({ ok: true, path: join(root, "streamed/one.txt"), entry: { size: 14 } });
		expect(readFileSync(join(root, "streamed/one.txt"), "utf8")).toBe("streamed bytes");
		expect(statSync(join(root, "streamed/one.txt")).mode & 0o777).toBe(0o600);
	});

	it("missing fields are 422; conflicts are 409; no temp file is left", async () => {
		const noFile = await json("/api/files/upload-stream", { method: "POST", body: form({ path: "x.txt" }) });
		expect(noFile.status).toBe(422);
		expect(noFile.body.detail[0].loc).toEqual(["body", "file"]);
		const noPath = await json("/api/files/upload-stream", { method: "POST", body: form({}, "x") });
		expect(noPath.status).toBe(422);
		expect(noPath.body.detail[0].loc).toEqual(["body", "path"]);
		const exists = await json("/api/files/upload-stream", {
			method: "POST",
			body: form({ path: "notes.txt", overwrite: "false" }, "x"),
		});
		expect(exists).toEqual({ status: 409, body: { detail: "File already exists" } });
		expect(readFileSync(join(root, "notes.txt"), "utf8")).toBe("hello files\n");
		const listing = await json("/api/files");
		expect(listing.body.entries.filter((entry: { name: string }) => entry.name.endsWith(".upload"))).toEqual([]);
	});

	it("a declared length over the cap is refused before reading", async () => {
		const response = await request("/api/files/upload-stream", {
			method: "POST",
			headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) },
			body: "--x--",
		});
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ detail: "File is too large" });
	});
});

describe("POST /api/files/mkdir and DELETE /api/files", () => {
	it("creates directories with parents; a file in the way is 409", async () => {
		const { status, body } = await json("/api/files/mkdir", send("POST", { path: "made/deep" }));
		expect(status).toBe(200);
		expect(body).toMatchObject({
			ok: true,
			path: join(root, "made/deep"),
			entry: { is_directory: true, size: null },
		});
		expect(statSync(join(root, "made/deep")).isDirectory()).toBe(true);
		expect(await json("/api/files/mkdir", send("POST", { path: "notes.txt" }))).toEqual({
			status: 409,
			body: { detail: "A file already exists at that path" },
		});
	});

	it("deletes files, empty directories, and trees only when recursive", async () => {
		mkdirSync(join(root, "tree/inner"), { recursive: true });
		const refused = await json("/api/files", send("DELETE", { path: "tree" }));
		expect(refused.status).toBe(409);
		expect(refused.body.detail).toMatch(/^Could not delete path: /);
		expect(await json("/api/files", send("DELETE", { path: "tree", recursive: true }))).toEqual({
			status: 200,
			body: { ok: true, path: join(root, "tree"), root, locked_root: root, can_change_path: false },
		});
		expect(existsSync(join(root, "tree"))).toBe(false);
		expect((await json("/api/files", send("DELETE", { path: "notes.txt" }))).status).toBe(200);
		expect(existsSync(join(root, "notes.txt"))).toBe(false);
		expect(await json("/api/files", send("DELETE", { path: "notes.txt" }))).toEqual({
			status: 404,
			body: { detail: "Path not found" },
		});
	});

	it("the root itself is never deleted", async () => {
		for (const path of ["", ".", "/", root]) {
			expect(await json("/api/files", send("DELETE", { path, recursive: true }))).toEqual({
				status: 400,
				body: { detail: "Cannot delete the managed files root" },
			});
		}
		expect(existsSync(root)).toBe(true);
	});
});
