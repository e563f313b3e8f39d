/**
 * `POST /api/git/review/push` and `commit` with `push: true` against a bare repository
 * made in the test: a branch with an upstream pushes to it, a new branch is pushed with
 * `-u origin <branch>`, and a push that git refuses is a 400 with git's message.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, symlinkSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";

let work: string;
let env: Record<string, string>;

function git(cwd: string, ...args: string[]): string {
	return execFileSync("git", args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", stdio: "pipe" });
}

beforeEach(() => {
	work = realpathSync(mkdtempSync(join(tmpdir(), "git-push-")));
	const bin = join(work, "bin");
	mkdirSync(bin);
	symlinkSync("/usr/bin/git", join(bin, "git"));
	env = {
		GIT_AUTHOR_NAME: "Test",
		GIT_AUTHOR_EMAIL: "test@example.invalid",
		GIT_COMMITTER_NAME: "Test",
		GIT_COMMITTER_EMAIL: "test@example.invalid",
		GIT_CONFIG_NOSYSTEM: "1",
		PATH: bin,
		HOME: work,
	};
});

/** A bare "origin" with one commit on main, and a clone of it. */
function cloneOfBare(): { origin: string; clone: string } {
	const origin = join(work, "origin.git");
	git(work, "init", "-q", "--bare", "-b", "main", origin);
	const clone = join(work, "clone");
	git(work, "clone", "-q", origin, clone);
	git(clone, "checkout", "-q", "-b", "main");
	writeFileSync(join(clone, "a.txt"), "a\n");
	git(clone, "add", "-A");
	git(clone, "commit", "-q", "-m", "first");
	git(clone, "push", "-q", "-u", "origin", "main");
	return { origin, clone };
}

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
	const request = testClient(makeContext({ home: copyFixtureHome(), env }));
	const response = await request(path, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

describe("push", () => {
	it("commits and pushes to the upstream", async () => {
		const { origin, clone } = cloneOfBare();
		writeFileSync(join(clone, "a.txt"), "b\n");
		expect(await post("/api/git/review/commit", { path: clone, message: "second", push: true })).toEqual({
			status: 200,
			body: { ok: true },
		});
		expect(git(origin, "log", "--pretty=%s", "main").trim().split("\n")).toEqual(["second", "first"]);
	});

	it("pushes a branch without upstream to origin and sets it", async () => {
		const { origin, clone } = cloneOfBare();
		git(clone, "checkout", "-q", "-b", "topic");
		writeFileSync(join(clone, "t.txt"), "t\n");
		git(clone, "add", "-A");
		git(clone, "commit", "-q", "-m", "topic work");
		expect(await post("/api/git/review/push", { path: clone })).toEqual({ status: 200, body: { ok: true } });
		expect(git(origin, "log", "--pretty=%s", "-1", "topic").trim()).toBe("topic work");
		expect(git(clone, "rev-parse", "--abbrev-ref", "topic@{u}").trim()).toBe("origin/topic");
	});

	it("answers 400 with git's message when the push is refused", async () => {
		const { clone } = cloneOfBare();
		const other = join(work, "other");
		git(work, "clone", "-q", join(work, "origin.git"), other);
		writeFileSync(join(other, "a.txt"), "theirs\n");
		git(other, "commit", "-q", "-am", "theirs");
		git(other, "push", "-q");
		writeFileSync(join(clone, "a.txt"), "ours\n");
		git(clone, "commit", "-q", "-am", "ours");
		const refused = await post("/api/git/review/push", { path: clone });
		expect(refused.status).toBe(400);
		expect(refused.body.detail).toContain("[rejected]");
	});
});
