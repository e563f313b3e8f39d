/**
 * `/api/git/*` (api-contract-clients §8) on repositories made in the test: status with
 * staged, unstaged, untracked and conflicted files, detached HEAD, a non-repository;
 * review lists and diffs per scope; worktrees and branches; the mutations and their
 * 400s with git's stderr; `gh` absent or present; git itself missing; path confinement.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";

const IDENTITY = {
	GIT_AUTHOR_NAME: "Test",
	GIT_AUTHOR_EMAIL: "test@example.invalid",
	GIT_COMMITTER_NAME: "Test",
	GIT_COMMITTER_EMAIL: "test@example.invalid",
	GIT_CONFIG_NOSYSTEM: "1",
};

let work: string;
let bin: string;
let env: Record<string, string>;

function git(cwd: string, ...args: string[]): string {
	return execFileSync("git", args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
}

/** A repository on `main` with one commit of a.txt and b.txt. */
function makeRepo(name = "repo"): string {
	const repo = join(work, name);
	mkdirSync(repo);
	git(repo, "init", "-q", "-b", "main");
	writeFileSync(join(repo, "a.txt"), "one\ntwo\n");
	writeFileSync(join(repo, "b.txt"), "bee\n");
	git(repo, "add", "-A");
	git(repo, "commit", "-q", "-m", "first");
	return repo;
}

beforeEach(() => {
	work = realpathSync(mkdtempSync(join(tmpdir(), "git-api-")));
	// Only git on PATH, so "gh" is absent whatever the machine has installed.
	bin = join(work, "bin");
	mkdirSync(bin);
	symlinkSync("/usr/bin/git", join(bin, "git"));
	env = { ...IDENTITY, PATH: bin, HOME: work };
});

type Answer = { status: number; body: any };

function client(extra: Record<string, string> = {}) {
	const request = testClient(makeContext({ home: copyFixtureHome(), env: { ...env, ...extra } }));
	return {
		async get(path: string): Promise<Answer> {
			const response = await request(path);
			return { status: response.status, body: await response.json() };
		},
		async post(path: string, body: unknown): Promise<Answer> {
			const response = await request(path, {
				method: "POST",
				headers: { "Content-Type": "application/json" },
				body: JSON.stringify(body),
			});
			return { status: response.status, body: await response.json() };
		},
	};
}

const q = (value: string) => encodeURIComponent(value);

describe("GET /api/git/status", () => {
	it("is null for a folder that is not a repository", async () => {
		const plain = join(work, "plain");
		mkdirSync(plain);
		expect(await client().get(`/api/git/status?path=${q(plain)}`)).toEqual({ status: 200, body: null });
	});

	it("counts staged, unstaged and untracked files and the +/- lines", async () => {
		const repo = makeRepo();
		writeFileSync(join(repo, "a.txt"), "one\nTWO\nthree\n");
		writeFileSync(join(repo, "c.txt"), "new\n");
		git(repo, "add", "c.txt");
		writeFileSync(join(repo, "d.txt"), "x\ny\n");
		const { status, body } = await client().get(`/api/git/status?path=${q(repo)}`);
		expect(status).toBe(200);
		expect(body).toEqual({
			branch: "main",
			defaultBranch: "main",
			detached: false,
			ahead: 0,
			behind: 0,
			staged: 1,
			unstaged: 2,
			untracked: 1,
			conflicted: 0,
			changed: 3,
			// a.txt +2 -1, c.txt +1 (vs HEAD), d.txt +2 (untracked, counted from the file)
			added: 5,
			removed: 1,
			files: [
				{ path: "a.txt", staged: false, unstaged: true, untracked: false, conflicted: false },
				{ path: "c.txt", staged: true, unstaged: false, untracked: false, conflicted: false },
				{ path: "d.txt", staged: false, unstaged: true, untracked: true, conflicted: false },
			],
		});
	});

	it("reports a detached HEAD and a merge conflict", async () => {
		const repo = makeRepo();
		git(repo, "checkout", "-q", "-b", "side");
		writeFileSync(join(repo, "a.txt"), "side\n");
		git(repo, "commit", "-q", "-am", "side");
		git(repo, "checkout", "-q", "main");
		writeFileSync(join(repo, "a.txt"), "main\n");
		git(repo, "commit", "-q", "-am", "main");
		expect(() => git(repo, "merge", "-q", "side")).toThrow();
		const conflicted = (await client().get(`/api/git/status?path=${q(repo)}`)).body;
		expect(conflicted.conflicted).toBe(1);
		expect(conflicted.files).toEqual([
			{ path: "a.txt", staged: false, unstaged: false, untracked: false, conflicted: true },
		]);
		git(repo, "merge", "--abort");
		git(repo, "checkout", "-q", "--detach", "HEAD~1");
		const detached = (await client().get(`/api/git/status?path=${q(repo)}`)).body;
		expect(detached).toMatchObject({ branch: null, detached: true, changed: 0 });
	});

	it("answers 422 without a path and 400 for a blank one", async () => {
		const api = client();
		expect((await api.get("/api/git/status")).status).toBe(422);
		expect(await api.get("/api/git/status?path=%20")).toEqual({
			status: 400,
			body: { detail: "Path is required" },
		});
	});

	it("keeps paths inside a locked files root", async () => {
		const repo = makeRepo();
		const root = join(work, "root");
		mkdirSync(root);
		symlinkSync(repo, join(root, "link"));
		const api = client({ HERMES_DASHBOARD_FILES_ROOT: root });
		const outside = { status: 403, body: { detail: "Path outside managed files root" } };
		expect(await api.get(`/api/git/status?path=${q(repo)}`)).toEqual(outside);
		expect(await api.get(`/api/git/status?path=${q(join(root, "link"))}`)).toEqual(outside);
		expect(await api.post("/api/git/review/stage", { path: repo })).toEqual(outside);
	});

	it("fails only the request when git cannot be started", async () => {
		const repo = makeRepo();
		const api = client({ PATH: join(work, "empty-bin") });
		const { status, body } = await api.get(`/api/git/status?path=${q(repo)}`);
		expect(status).toBe(503);
		expect(body.detail).toMatch(/^Could not run git: /);
		expect((await api.post("/api/git/review/commit", { path: repo, message: "x" })).status).toBe(503);
		expect((await client().get(`/api/git/status?path=${q(repo)}`)).body.branch).toBe("main");
	});
});

describe("review pane", () => {
	it("lists changed files with letters and counts, and diffs them", async () => {
		const repo = makeRepo();
		writeFileSync(join(repo, "a.txt"), "one\nTWO\n");
		git(repo, "rm", "-q", "b.txt");
		writeFileSync(join(repo, "new.py"), "print(1)\nprint(2)\n");
		const api = client();
		expect(await api.get(`/api/git/review/list?path=${q(repo)}`)).toEqual({
			status: 200,
			body: {
				base: null,
				files: [
					{ path: "a.txt", added: 1, removed: 1, status: "M", staged: false },
					{ path: "b.txt", added: 0, removed: 1, status: "D", staged: true },
					{ path: "new.py", added: 2, removed: 0, status: "?", staged: false },
				],
			},
		});
		const diff = (await api.get(`/api/git/review/diff?path=${q(repo)}&file=a.txt`)).body.diff;
		expect(diff).toContain("-two\n+TWO");
		const staged = (await api.get(`/api/git/review/diff?path=${q(repo)}&file=b.txt&staged=true`)).body.diff;
		expect(staged).toContain("deleted file mode");
		const added = (await api.get(`/api/git/review/diff?path=${q(repo)}&file=new.py`)).body.diff;
		expect(added).toContain("+print(2)");
		expect((await api.get(`/api/git/file-diff?path=${q(repo)}&file=new.py`)).body.diff).toContain("+print(1)");
		expect((await api.get(`/api/git/file-diff?path=${q(repo)}&file=b.txt`)).body.diff).toContain("-bee");
	});

	it("diffs a branch against its merge-base and a last turn against a given base", async () => {
		const repo = makeRepo();
		const first = git(repo, "rev-parse", "HEAD").trim();
		git(repo, "checkout", "-q", "-b", "feature");
		writeFileSync(join(repo, "b.txt"), "bee\nsting\n");
		git(repo, "commit", "-q", "-am", "feature");
		writeFileSync(join(repo, "u.txt"), "u\n");
		const api = client();
		expect((await api.get(`/api/git/review/list?path=${q(repo)}&scope=branch`)).body).toEqual({
			base: first,
			files: [{ path: "b.txt", added: 1, removed: 0, status: "M", staged: false }],
		});
		expect((await api.get(`/api/git/review/list?path=${q(repo)}&scope=lastTurn&base=${first}`)).body).toEqual({
			base: first,
			files: [
				{ path: "b.txt", added: 1, removed: 0, status: "M", staged: false },
				{ path: "u.txt", added: 1, removed: 0, status: "?", staged: false },
			],
		});
		expect((await api.get(`/api/git/review/list?path=${q(repo)}&scope=lastTurn`)).body).toEqual({
			files: [],
			base: null,
		});
		const branchDiff = await api.get(`/api/git/review/diff?path=${q(repo)}&file=b.txt&scope=branch`);
		expect(branchDiff.body.diff).toContain("+sting");
		expect(await api.get(`/api/git/review/rev-parse?path=${q(repo)}&ref=main`)).toEqual({
			status: 200,
			body: { sha: first },
		});
		expect((await api.get(`/api/git/review/rev-parse?path=${q(repo)}&ref=nope`)).body).toEqual({ sha: null });
	});

	it("refuses option-like refs and files outside the repository", async () => {
		const repo = makeRepo();
		const api = client();
		const out = join(work, "written");
		expect(
			await api.get(`/api/git/review/list?path=${q(repo)}&scope=lastTurn&base=${q(`--output=${out}`)}`),
		).toEqual({
			status: 400,
			body: { detail: `Invalid ref: --output=${out}` },
		});
		writeFileSync(join(work, "secret.txt"), "secret\n");
		expect(await api.get(`/api/git/file-diff?path=${q(repo)}&file=${q("../secret.txt")}`)).toEqual({
			status: 403,
			body: { detail: "Path outside repository" },
		});
	});

	it("stages, unstages, reverts and commits; failures carry git's stderr", async () => {
		const repo = makeRepo();
		writeFileSync(join(repo, "a.txt"), "changed\n");
		writeFileSync(join(repo, "n.txt"), "n\n");
		const api = client();
		expect(await api.post("/api/git/review/stage", { path: repo, file: "a.txt" })).toEqual({
			status: 200,
			body: { ok: true },
		});
		expect(git(repo, "diff", "--cached", "--name-only").trim()).toBe("a.txt");
		await api.post("/api/git/review/unstage", { path: repo });
		expect(git(repo, "diff", "--cached", "--name-only").trim()).toBe("");
		await api.post("/api/git/review/revert", { path: repo, file: "n.txt" });
		expect(git(repo, "status", "--porcelain").trim()).toBe("M a.txt");
		const context = (await api.get(`/api/git/review/commit-context?path=${q(repo)}`)).body;
		expect(context).toEqual({ diff: expect.stringContaining("+changed"), recent: "first" });
		expect(await api.post("/api/git/review/commit", { path: repo, message: "second" })).toEqual({
			status: 200,
			body: { ok: true },
		});
		expect(git(repo, "log", "--pretty=%s").trim().split("\n")).toEqual(["second", "first"]);
		const nothing = await api.post("/api/git/review/commit", { path: repo, message: "empty" });
		expect(nothing.status).toBe(400);
		expect(nothing.body.detail).toMatch(/nothing to commit|nothing added/);
		expect((await api.post("/api/git/review/commit", { path: repo })).status).toBe(422);
	});

	it("reports gh as not ready when absent, and reads a PR when it is there", async () => {
		const repo = makeRepo();
		expect(await client().get(`/api/git/review/ship-info?path=${q(repo)}`)).toEqual({
			status: 200,
			body: { ghReady: false, pr: null },
		});
		expect(await client().post("/api/git/review/create-pr", { path: repo })).toEqual({
			status: 400,
			body: { detail: "gh pr create failed (is gh installed and authenticated?)" },
		});
		const fake = join(bin, "gh");
		writeFileSync(
			fake,
			[
				"#!/bin/sh",
				'case "$1 $2" in',
				'"auth status") exit 0 ;;',
				'"pr view") echo \'{"url":"https://example.invalid/pr/7","state":"OPEN","number":7}\' ;;',
				'"pr create") echo "Creating"; echo "https://example.invalid/pr/8" ;;',
				"*) exit 1 ;;",
				"esac",
			].join("\n"),
		);
		chmodSync(fake, 0o755);
		expect((await client().get(`/api/git/review/ship-info?path=${q(repo)}`)).body).toEqual({
			ghReady: true,
			pr: { url: "https://example.invalid/pr/7", state: "OPEN", number: 7 },
		});
		expect((await client().post("/api/git/review/create-pr", { path: repo })).body).toEqual({
			url: "https://example.invalid/pr/8",
		});
	});
});

describe("worktrees and branches", () => {
	it("adds, lists and removes worktrees, and lists branches", async () => {
		const repo = makeRepo();
		const api = client();
		const added = await api.post("/api/git/worktree/add", { path: repo, name: "Fix Login!" });
		const lane = join(repo, ".worktrees", "fix-login");
		expect(added).toEqual({ status: 200, body: { path: lane, branch: "hermes/fix-login", repoRoot: repo } });
		git(repo, "branch", "old");
		expect((await api.get(`/api/git/worktrees?path=${q(lane)}`)).body).toEqual({
			worktrees: [
				{ path: repo, branch: "main", isMain: true, detached: false, locked: false },
				{ path: lane, branch: "hermes/fix-login", isMain: false, detached: false, locked: false },
			],
		});
		const branches = (await api.get(`/api/git/branches?path=${q(repo)}`)).body.branches;
		expect(branches).toEqual(
			expect.arrayContaining([
				{ name: "main", checkedOut: true, isDefault: true, worktreePath: repo },
				{ name: "hermes/fix-login", checkedOut: true, isDefault: false, worktreePath: lane },
				{ name: "old", checkedOut: false, isDefault: false, worktreePath: null },
			]),
		);
		expect(branches).toHaveLength(3);
		expect((await api.get(`/api/git/base-branches?path=${q(repo)}`)).body.branches).toEqual(
			expect.arrayContaining([{ name: "main", isRemote: false, isDefault: true }]),
		);
		const again = await api.post("/api/git/worktree/add", { path: repo, existingBranch: "old" });
		expect(again.body).toEqual({ path: join(repo, ".worktrees", "old"), branch: "old", repoRoot: repo });
		expect(await api.post("/api/git/worktree/remove", { path: repo, worktreePath: lane })).toEqual({
			status: 200,
			body: { removed: lane },
		});
		expect(git(repo, "worktree", "list").split("\n").filter(Boolean)).toHaveLength(2);
		const missing = await api.post("/api/git/worktree/remove", { path: repo, worktreePath: lane });
		expect(missing.status).toBe(400);
		expect(missing.body.detail).toMatch(/^fatal: /);
	});

	it("makes a plain folder a repository before adding a worktree; reads on it degrade", async () => {
		const plain = join(work, "plain");
		mkdirSync(plain);
		const api = client();
		expect((await api.get(`/api/git/review/list?path=${q(plain)}`)).body).toEqual({ files: [], base: null });
		expect((await api.get(`/api/git/branches?path=${q(plain)}`)).body).toEqual({ branches: [] });
		const added = await api.post("/api/git/worktree/add", { path: plain, name: "first", branch: "feat/one" });
		expect(added.body).toEqual({ path: join(plain, ".worktrees", "first"), branch: "feat/one", repoRoot: plain });
		expect(git(plain, "log", "--pretty=%s").trim()).toBe("Initial commit");
	});

	it("lists remote-tracking branches as remote, with origin's default flagged", async () => {
		const origin = makeRepo("origin");
		execFileSync("git", ["clone", "-q", origin, join(work, "clone")], { env: { ...process.env, ...env } });
		const clone = join(work, "clone");
		const body = (await client().get(`/api/git/base-branches?path=${q(clone)}`)).body;
		expect(body.branches).toEqual(
			expect.arrayContaining([
				{ name: "main", isRemote: false, isDefault: false },
				{ name: "origin/main", isRemote: true, isDefault: true },
			]),
		);
		expect(body.branches).toHaveLength(2);
	});

	it("switches branch; a blank name and an unknown branch are 400s", async () => {
		const repo = makeRepo();
		git(repo, "branch", "dev");
		const api = client();
		expect(await api.post("/api/git/branch/switch", { path: repo, branch: "dev" })).toEqual({
			status: 200,
			body: { branch: "dev" },
		});
		expect(readFileSync(join(repo, ".git", "HEAD"), "utf8").trim()).toBe("ref: refs/heads/dev");
		expect(await api.post("/api/git/branch/switch", { path: repo, branch: " -- " })).toEqual({
			status: 400,
			body: { detail: "Branch name is required." },
		});
		const unknown = await api.post("/api/git/branch/switch", { path: repo, branch: "nope" });
		expect(unknown.status).toBe(400);
		expect(unknown.body.detail).toContain("invalid reference: nope");
	});
});
