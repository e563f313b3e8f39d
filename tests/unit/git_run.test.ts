/**
 * The git runner's limits (a hung or over-talkative command fails that call only, and
 * what it started is ended with it) and the porcelain parsers on exact bytes: renames,
 * paths with spaces, unmerged entries, `numstat -z` renames, worktree records.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { numstat, statusEntries, statusHeader, statusLetter, worktreeRecords } from "../../src/hermes/git/porcelain.ts";
import { GitError, runCommand } from "../../src/hermes/git/run.ts";

/** A process's state letter from /proc (`Z` = exited, not yet reaped), or "gone". */
function processState(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] ?? "gone";
	} catch {
		return "gone";
	}
}

/** A directory whose `git` is the given shell script. */
function fakeGit(script: string): { dir: string; env: Record<string, string> } {
	const dir = mkdtempSync(join(tmpdir(), "fake-git-"));
	writeFileSync(join(dir, "git"), `#!/bin/sh\n${script}\n`);
	chmodSync(join(dir, "git"), 0o755);
	return { dir, env: { PATH: `${dir}:/usr/bin:/bin` } };
}

describe("runCommand", () => {
	it("kills a command that outlives its time limit, with what it started", async () => {
		const { dir, env } = fakeGit('sleep 30 & echo $! > "$PWD/child.pid"; wait');
		const result = await runCommand({ env, timeoutMs: 300 }, "git", dir, ["status"], 30_000);
		expect(result).toEqual({ code: 1, stdout: "", stderr: "git status timed out after 0.3 s" });
		const pid = Number(readFileSync(join(dir, "child.pid"), "utf8"));
		// The grandchild got the same SIGKILL: it is gone, or a zombie waiting to be reaped.
		expect(processState(pid)).toMatch(/^(gone|Z)$/);
	});

	it("stops reading past the output cap", async () => {
		const { dir, env } = fakeGit("yes diff");
		const result = await runCommand({ env, outputCap: 64 * 1024 }, "git", dir, ["diff"], 30_000);
		expect(result).toEqual({ code: 1, stdout: "", stderr: "git diff output is too large" });
	});

	it("rejects with a GitError when the program is missing", async () => {
		const dir = mkdtempSync(join(tmpdir(), "no-git-"));
		const failure = runCommand({ env: { PATH: dir } }, "git", dir, ["status"], 1000);
		await expect(failure).rejects.toBeInstanceOf(GitError);
		await expect(failure).rejects.toMatchObject({ status: 503 });
	});
});

describe("porcelain parsers", () => {
	const status = [
		"# branch.oid 1111111111111111111111111111111111111111",
		"# branch.head feature/x",
		"# branch.upstream origin/feature/x",
		"# branch.ab +2 -3",
		"1 .M N... 100644 100644 100644 aaaa bbbb dir/with space.txt",
		"2 R. N... 100644 100644 100644 aaaa bbbb R100 new name.txt",
		"old name.txt",
		"u UU N... 100644 100644 100644 100644 aaaa bbbb cccc both.txt",
		"? untracked dir/",
		"! ignored.log",
		"",
	].join("\0");

	it("reads entries, rename targets and the branch header", () => {
		const entries = statusEntries(status);
		expect(entries).toEqual([
			{ tag: "1", xy: ".M", path: "dir/with space.txt" },
			{ tag: "2", xy: "R.", path: "new name.txt" },
			{ tag: "u", xy: "UU", path: "both.txt" },
			{ tag: "?", xy: "??", path: "untracked dir/" },
		]);
		expect(entries.map(statusLetter)).toEqual(["M", "R", "U", "?"]);
		expect(statusHeader(status)).toEqual({ branch: "feature/x", detached: false, ahead: 2, behind: 3 });
		expect(statusHeader("# branch.head (detached)\0")).toMatchObject({ branch: null, detached: true });
	});

	it("reads numstat -z with renames and binary files", () => {
		const raw = ["3\t1\tplain.txt", "-\t-\timage.png", "0\t0\t", "from.txt", "to file.txt", ""].join("\0");
		expect([...numstat(raw)]).toEqual([
			["plain.txt", [3, 1]],
			["image.png", [0, 0]],
			["to file.txt", [0, 0]],
		]);
	});

	it("reads worktree records, main first", () => {
		const raw = [
			"worktree /repo",
			"HEAD 1111",
			"branch refs/heads/main",
			"",
			"worktree /repo/.worktrees/x",
			"HEAD 2222",
			"detached",
			"locked reason here",
			"",
		].join("\n");
		expect(worktreeRecords(raw)).toEqual([
			{ path: "/repo", branch: "main", detached: false, bare: false, locked: false },
			{ path: "/repo/.worktrees/x", branch: null, detached: true, bare: false, locked: true },
		]);
	});
});
