/**
 * `/api/fs/*` (api-contract-clients §4.3): shapes, limits and texts; and the deliberate
 * difference from Hermes (quirk 13): with a locked files root, paths stay inside it and
 * credential files are not readable.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";

let work: string;
let home: string;
let request: ReturnType<typeof testClient>;

beforeEach(() => {
	home = copyFixtureHome();
	work = mkdtempSync(join(tmpdir(), "fs-work-"));
	mkdirSync(join(work, "src"));
	mkdirSync(join(work, "node_modules"));
	mkdirSync(join(work, ".git"));
	writeFileSync(join(work, "README.md"), "# Title\n");
	writeFileSync(join(work, "b.ts"), "export {};\n");
	writeFileSync(join(work, "src", "blob.bin"), Buffer.from([1, 0, 2, 3]));
	request = testClient(makeContext({ home, env: {} }));
});

type Answer = { status: number; body: any };

async function json(path: string, init: RequestInit = {}): Promise<Answer> {
	const response = await request(path, init);
	return { status: response.status, body: await response.json() };
}

const q = (path: string) => encodeURIComponent(path);

describe("/api/fs/* (unlocked)", () => {
	it("lists folders first, skipping build and VCS folders; errors are 200 with `error`", async () => {
		expect(await json(`/api/fs/list?path=${q(work)}`)).toEqual({
			status: 200,
			body: {
				entries: [
					{ name: "src", path: join(work, "src"), isDirectory: true },
					{ name: "b.ts", path: join(work, "b.ts"), isDirectory: false },
					{ name: "README.md", path: join(work, "README.md"), isDirectory: false },
				],
			},
		});
		expect(await json(`/api/fs/list?path=${q(join(work, "nope"))}`)).toEqual({
			status: 200,
			body: { entries: [], error: "ENOENT" },
		});
		expect((await json(`/api/fs/list?path=${q(join(work, "b.ts"))}`)).body.error).toBe("ENOTDIR");
	});

	it("reads text with its language, type and binary flag (keys in Hermes's order)", async () => {
		const { body } = await json(`/api/fs/read-text?path=${q(`file://${join(work, "README.md")}`)}`);
		expect(Object.keys(body)).toEqual(["binary", "byteSize", "language", "mimeType", "path", "text", "truncated"]);
		expect(body).toEqual({
			binary: false,
			byteSize: 8,
			language: "markdown",
			mimeType: "text/markdown",
			path: join(work, "README.md"),
			text: "# Title\n",
			truncated: false,
		});
		expect((await json(`/api/fs/read-text?path=${q(join(work, "src", "blob.bin"))}`)).body.binary).toBe(true);
		writeFileSync(join(work, "big.txt"), "x".repeat(600 * 1024));
		const big = (await json(`/api/fs/read-text?path=${q(join(work, "big.txt"))}`)).body;
		expect([big.truncated, big.text.length, big.byteSize]).toEqual([true, 512 * 1024, 600 * 1024]);
	});

	it.each([
		["", 400, "Path is required"],
		["a%00b", 400, "Invalid path"],
		["/nonexistent/file", 404, "File not found"],
	])("read-text %s → %i", async (path, status, detail) => {
		expect(await json(`/api/fs/read-text?path=${path}`)).toEqual({ status, body: { detail } });
	});

	it("a folder is not readable as text", async () => {
		expect(await json(`/api/fs/read-text?path=${q(work)}`)).toEqual({
			status: 400,
			body: { detail: "Path points to a directory" },
		});
	});

	it("reads a data URL", async () => {
		expect((await json(`/api/fs/read-data-url?path=${q(join(work, "b.ts"))}`)).body).toEqual({
			dataUrl: `data:video/mp2t;base64,${Buffer.from("export {};\n").toString("base64")}`,
		});
	});

	it("writes text atomically, never creating folders", async () => {
		const target = join(work, "src", "new.txt");
		const post = (body: unknown) =>
			json("/api/fs/write-text", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify(body),
			});
		expect(await post({ path: target, content: "héllo" })).toEqual({
			status: 200,
			body: { ok: true, path: target, byteSize: 6 },
		});
		expect(readFileSync(target, "utf8")).toBe("héllo");
		expect(await post({ path: join(work, "missing", "x.txt"), content: "" })).toEqual({
			status: 400,
			body: { detail: "Parent directory does not exist" },
		});
		expect(await post({ path: work, content: "" })).toEqual({
			status: 400,
			body: { detail: "Path points to a directory" },
		});
		expect(await post({ path: target, content: "x".repeat(8 * 1024 * 1024 + 1) })).toEqual({
			status: 413,
			body: { detail: "Content too large" },
		});
	});

	it("finds the git root and the default working folder", async () => {
		expect((await json(`/api/fs/git-root?path=${q(join(work, "src", "blob.bin"))}`)).body).toEqual({ root: work });
		const cwd = (await json("/api/fs/default-cwd")).body;
		expect(typeof cwd.cwd).toBe("string");
		expect(typeof cwd.branch).toBe("string");
	});
});

describe("/api/fs/* with a locked files root", () => {
	beforeEach(() => {
		request = testClient(makeContext({ home, env: { HERMES_DASHBOARD_FILES_ROOT: home } }));
	});

	it("refuses paths outside the root and credential files", async () => {
		for (const path of [join(work, "README.md"), "/etc/hostname", "README.md"]) {
			expect(await json(`/api/fs/read-text?path=${q(path)}`)).toEqual({
				status: 403,
				body: { detail: "Path outside managed files root" },
			});
		}
		expect(await json(`/api/fs/read-text?path=${q(join(home, ".env"))}`)).toEqual({
			status: 403,
			body: { detail: "Access to sensitive files is not allowed" },
		});
		const names = (await json(`/api/fs/list?path=${q(home)}`)).body.entries.map((e: { name: string }) => e.name);
		expect(names).toContain("logs");
		expect(names).not.toContain(".env");
		expect(names).not.toContain("auth.json");
		expect((await json(`/api/fs/read-text?path=${q(join(home, "SOUL.md"))}`)).status).toBe(200);
	});
});
