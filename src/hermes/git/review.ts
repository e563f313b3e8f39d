/**
 * @module
 * The read side of the Desktop coding rail and review pane (api-contract-clients §8):
 * repository status, the changed-file list per scope, per-file diffs, commit-message
 * material and rev-parse. Reads degrade to `null`/empty on a non-repository, as Hermes's.
 */
import { open } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { isWithin, realPathAllowingMissing } from "../home/confine.ts";
import { classify, isStaged, numstat, statusEntries, statusHeader, statusLetter } from "./porcelain.ts";
import { GitError, isDirectory, type Repo, requireRef } from "./run.ts";

const UNTRACKED_LINE_MAX_BYTES = 1024 * 1024;
const UNTRACKED_SCAN_CAP = 500;
const STATUS_FILES_CAP = 200;
const COMMIT_CONTEXT_DIFF_MAX_CHARS = 120_000;
const COMMIT_CONTEXT_UNTRACKED_MAX = 80;

export type Scope = "uncommitted" | "branch" | "lastTurn";

const STATUS_ARGS = ["status", "--porcelain=v2", "-z"];

async function numstatOf(repo: Repo, args: readonly string[]): Promise<Map<string, [number, number]>> {
	return numstat(await repo.out(["diff", "--numstat", "-z", ...args]));
}

/** Lines of an untracked file (so a new file shows +N); binary, large or non-files → 0. */
async function untrackedLines(repo: Repo, rel: string): Promise<number> {
	try {
		const handle = await open(join(repo.cwd, rel), "r");
		try {
			const info = await handle.stat();
			if (!info.isFile() || info.size > UNTRACKED_LINE_MAX_BYTES) return 0;
			const data = await handle.readFile();
			if (data.includes(0)) return 0;
			let lines = 0;
			for (const byte of data) if (byte === 10) lines++;
			return data.length > 0 && data[data.length - 1] !== 10 ? lines + 1 : lines;
		} finally {
			await handle.close();
		}
	} catch {
		return 0;
	}
}

/** The merge-base with the remote default branch, for "all branch changes". */
async function branchBase(repo: Repo): Promise<string | null> {
	const candidates: string[] = [];
	const head = (await repo.out(["rev-parse", "--abbrev-ref", "origin/HEAD"])).trim();
	if (head !== "") candidates.push(head);
	candidates.push("origin/main", "origin/master", "main", "master");
	for (const ref of candidates) {
		const base = (await repo.out(["merge-base", "HEAD", ref])).trim();
		if (base !== "") return base;
	}
	return null;
}

/** The trunk's name for the status rail: origin/HEAD's branch, else main/master if present. */
async function defaultBranchName(repo: Repo): Promise<string | null> {
	const head = (await repo.out(["rev-parse", "--abbrev-ref", "origin/HEAD"])).trim();
	if (head !== "" && head !== "origin/HEAD") return head.split("/").slice(1).join("/") || head;
	for (const ref of [
		"refs/heads/main",
		"refs/heads/master",
		"refs/remotes/origin/main",
		"refs/remotes/origin/master",
	]) {
		if ((await repo.run(["rev-parse", "--verify", "--quiet", ref])).code === 0) return ref.split("/").pop() ?? null;
	}
	return null;
}

export interface RepoStatus {
	branch: string | null;
	defaultBranch: string | null;
	detached: boolean;
	ahead: number;
	behind: number;
	staged: number;
	unstaged: number;
	untracked: number;
	conflicted: number;
	changed: number;
	added: number;
	removed: number;
	files: ReturnType<typeof classify>[];
}

/** The coding rail's compact status; null when `cwd` is not inside a work tree. */
export async function repoStatus(repo: Repo): Promise<RepoStatus | null> {
	if (!(await isDirectory(repo.cwd))) return null;
	const result = await repo.run(["status", "--porcelain=v2", "--branch", "-z"]);
	if (result.code !== 0) return null;
	const header = statusHeader(result.stdout);
	const files = statusEntries(result.stdout).map(classify);
	let added = 0;
	let removed = 0;
	for (const [a, r] of (await numstatOf(repo, ["HEAD"])).values()) {
		added += a;
		removed += r;
	}
	// `git diff HEAD` leaves untracked files out; a turn that only added files would read +0.
	for (const file of files.slice(0, UNTRACKED_SCAN_CAP)) {
		if (file.untracked) added += await untrackedLines(repo, file.path);
	}
	const count = (key: "staged" | "unstaged" | "untracked" | "conflicted") => files.filter((f) => f[key]).length;
	return {
		branch: header.branch,
		defaultBranch: await defaultBranchName(repo),
		detached: header.detached,
		ahead: header.ahead,
		behind: header.behind,
		staged: count("staged"),
		unstaged: count("unstaged"),
		untracked: count("untracked"),
		conflicted: count("conflicted"),
		changed: files.length,
		added,
		removed,
		files: files.slice(0, STATUS_FILES_CAP),
	};
}

export interface ReviewFile {
	path: string;
	added: number;
	removed: number;
	status: string;
	staged: boolean;
}

async function fillUntracked(repo: Repo, files: ReviewFile[]): Promise<void> {
	for (const file of files) {
		if (file.status === "?" && file.added === 0 && file.removed === 0)
			file.added = await untrackedLines(repo, file.path);
	}
}

const byPath = (a: ReviewFile, b: ReviewFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The review pane's changed files for a scope. */
export async function reviewList(
	repo: Repo,
	scope: Scope,
	baseRef: string | undefined,
): Promise<{ files: ReviewFile[]; base: string | null }> {
	if (!(await isDirectory(repo.cwd))) return { files: [], base: null };
	if (scope === "branch" || scope === "lastTurn") {
		const base = scope === "branch" ? await branchBase(repo) : baseRef ? requireRef(baseRef) : null;
		if (base === null) return { files: [], base: null };
		const range = scope === "branch" ? `${base}...HEAD` : base;
		const files: ReviewFile[] = [...(await numstatOf(repo, [range, "--"])).entries()].map(([path, [a, r]]) => ({
			path,
			added: a,
			removed: r,
			status: "M",
			staged: false,
		}));
		if (scope === "lastTurn") {
			const seen = new Set(files.map((f) => f.path));
			for (const entry of statusEntries(await repo.out(STATUS_ARGS))) {
				if (entry.tag === "?" && !seen.has(entry.path)) {
					files.push({ path: entry.path, added: 0, removed: 0, status: "?", staged: false });
				}
			}
		}
		files.sort(byPath);
		await fillUntracked(repo, files);
		return { files, base };
	}
	const result = await repo.run(STATUS_ARGS);
	if (result.code !== 0) return { files: [], base: null };
	const staged = await numstatOf(repo, ["--cached"]);
	const unstaged = await numstatOf(repo, []);
	const files = statusEntries(result.stdout).map((entry): ReviewFile => {
		const [sa, sr] = staged.get(entry.path) ?? [0, 0];
		const [ua, ur] = unstaged.get(entry.path) ?? [0, 0];
		return {
			path: entry.path,
			added: sa + ua,
			removed: sr + ur,
			status: statusLetter(entry),
			staged: isStaged(entry),
		};
	});
	files.sort(byPath);
	await fillUntracked(repo, files);
	return { files, base: null };
}

/**
 * A `file` parameter, required to stay inside the repository's work tree: `..` or a
 * symlinked parent cannot point `git diff --no-index` at a file outside it.
 */
export async function repoFile(repo: Repo, file: string): Promise<string> {
	if (file.includes("\0") || file.trim() === "") throw new GitError(400, "Invalid path");
	const top = (await repo.out(["rev-parse", "--show-toplevel"])).trim();
	const root = top !== "" ? top : repo.cwd;
	const lexical = isAbsolute(file) ? resolve(file) : resolve(repo.cwd, file);
	const real = join(await realPathAllowingMissing(dirname(lexical)), basename(lexical));
	if (!isWithin(await realPathAllowingMissing(root), real)) throw new GitError(403, "Path outside repository");
	return file.startsWith("-") ? `./${file}` : file;
}

/** An untracked file as an all-added diff (`--no-index` exits 1 by design). */
async function untrackedDiff(repo: Repo, file: string): Promise<string> {
	return (await repo.run(["diff", "--no-index", "--", "/dev/null", file])).stdout;
}

/** One file's diff in the review pane. */
export async function reviewDiff(
	repo: Repo,
	file: string,
	scope: Scope,
	baseRef: string | undefined,
	staged: boolean,
): Promise<string> {
	if (!(await isDirectory(repo.cwd))) return "";
	const path = await repoFile(repo, file);
	if (scope === "branch") {
		const base = await branchBase(repo);
		return base === null ? "" : repo.out(["diff", `${base}...HEAD`, "--", path]);
	}
	if (scope === "lastTurn") {
		return baseRef ? repo.out(["diff", requireRef(baseRef), "--", path]) : "";
	}
	if (staged) return repo.out(["diff", "--cached", "--", path]);
	const worktree = await repo.out(["diff", "--", path]);
	return worktree.trim() !== "" ? worktree : untrackedDiff(repo, path);
}

/** Work tree vs HEAD for one file; an all-added diff only for a truly untracked file. */
export async function fileDiffVsHead(repo: Repo, file: string): Promise<string> {
	if (!(await isDirectory(repo.cwd))) return "";
	const path = await repoFile(repo, file);
	const head = await repo.out(["diff", "HEAD", "--", path]);
	if (head.trim() !== "") return head;
	const status = await repo.out(["status", "--porcelain", "--", path]);
	return status.trim().startsWith("??") ? untrackedDiff(repo, path) : "";
}

/** What a commit would contain, plus the last ten subjects, for drafting its message. */
export async function commitContext(repo: Repo): Promise<{ diff: string; recent: string }> {
	if (!(await isDirectory(repo.cwd))) return { diff: "", recent: "" };
	const result = await repo.run(STATUS_ARGS);
	if (result.code !== 0) return { diff: "", recent: "" };
	const entries = statusEntries(result.stdout);
	let diff = await repo.out(entries.some(isStaged) ? ["diff", "--cached"] : ["diff", "HEAD"]);
	if (diff.length > COMMIT_CONTEXT_DIFF_MAX_CHARS) {
		const omitted = diff.length - COMMIT_CONTEXT_DIFF_MAX_CHARS;
		diff = `${diff.slice(0, COMMIT_CONTEXT_DIFF_MAX_CHARS)}\n# diff truncated: ${omitted} chars omitted\n`;
	}
	const untracked = entries.filter((e) => e.tag === "?").map((e) => e.path);
	if (untracked.length > 0) {
		const shown = untracked.slice(0, COMMIT_CONTEXT_UNTRACKED_MAX);
		let note = `\n# New (untracked) files:\n${shown.map((p) => `#   ${p}\n`).join("")}`;
		if (untracked.length > shown.length) note += `#   ... ${untracked.length - shown.length} more omitted\n`;
		diff = diff !== "" ? `${diff}${note}` : note;
	}
	const recent = (await repo.out(["log", "-n", "10", "--pretty=format:%s"])).trim();
	return { diff, recent };
}

/** The commit a ref names, or null. */
export async function revParse(repo: Repo, ref: string | undefined): Promise<string | null> {
	if (!(await isDirectory(repo.cwd))) return null;
	const sha = (await repo.out(["rev-parse", "--verify", "--quiet", `${requireRef(ref || "HEAD")}^{commit}`])).trim();
	return sha === "" ? null : sha;
}
