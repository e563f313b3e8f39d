/**
 * The git, media and learning endpoints under Deno (the npm `deno` package's binary):
 * git runs as a child process there too, image upload writes atomically, and a memory
 * edit takes the memory file's flock.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { DENO_COMMAND, startServer, type RunningServer } from "../helpers/server.ts";

const TOKEN = "git-media-deno-token-0123456789abcdefghijklmn";
const IDENTITY = {
	GIT_AUTHOR_NAME: "Test",
	GIT_AUTHOR_EMAIL: "test@example.invalid",
	GIT_COMMITTER_NAME: "Test",
	GIT_COMMITTER_EMAIL: "test@example.invalid",
};
let server: RunningServer;
let home: string;
let repo: string;

beforeAll(async () => {
	home = copyFixtureHome();
	repo = join(realpathSync(mkdtempSync(join(tmpdir(), "deno-git-"))), "repo");
	mkdirSync(repo);
	const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env: { ...process.env, ...IDENTITY } });
	git("init", "-q", "-b", "main");
	writeFileSync(join(repo, "a.txt"), "one\n");
	git("add", "-A");
	git("commit", "-q", "-m", "first");
	server = await startServer({
		command: DENO_COMMAND,
		args: ["--home", home],
		env: { HERMES_DASHBOARD_SESSION_TOKEN: TOKEN, ...IDENTITY },
		timeoutMs: 60_000,
	});
}, 90_000);

afterAll(async () => {
	await server?.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const response = await fetch(`${server.baseURL}${path}`, {
		method,
		headers: { "x-hermes-session-token": TOKEN, "content-type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

describe("git, media and learning under Deno", () => {
	it("reads status and commits through git", async () => {
		writeFileSync(join(repo, "a.txt"), "two\n");
		const status = await call("GET", `/api/git/status?path=${encodeURIComponent(repo)}`);
		expect(status.body).toMatchObject({ branch: "main", unstaged: 1, added: 1, removed: 1 });
		expect(await call("POST", "/api/git/review/commit", { path: repo, message: "second" })).toEqual({
			status: 200,
			body: { ok: true },
		});
		expect(execFileSync("git", ["log", "--pretty=%s"], { cwd: repo, encoding: "utf8" })).toBe("second\nfirst\n");
	});

	it("uploads an image and reads it back", async () => {
		const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
		const saved = await call("POST", "/api/chat/image-upload", {
			data_url: `data:image/png;base64,${png.toString("base64")}`,
		});
		expect(saved.status).toBe(200);
		expect(readFileSync(saved.body.path)).toEqual(png);
		const read = await call("GET", `/api/media?path=${encodeURIComponent(saved.body.path)}`);
		expect(read.body.data_url).toBe(`data:image/png;base64,${png.toString("base64")}`);
	});

	it("edits a memory entry under its lock", async () => {
		mkdirSync(join(home, "memories"), { recursive: true });
		writeFileSync(join(home, "memories", "MEMORY.md"), "alpha\n§\nbeta");
		const edited = await call("PUT", "/api/learning/node", { id: "memory:memory:1", content: "BETA" });
		expect(edited).toEqual({ status: 200, body: { ok: true, message: "updated memory in MEMORY.md" } });
		expect(readFileSync(join(home, "memories", "MEMORY.md"), "utf8")).toBe("alpha\n§\nBETA");
	});
});
