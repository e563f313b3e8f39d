/**
 * @module
 * Worktrees and branches for the Desktop coding rail: list, add and remove worktrees,
 * list local and base branches, switch branch. New worktrees go to
 * `<main worktree>/.worktrees/<slug>`, as Hermes places them.
 */
import { randomBytes } from "node:crypto";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { worktreeRecords } from "./porcelain.ts";
import { GitError, isDirectory, type Repo, requireRef } from "./run.ts";

const TRUNK_BRANCHES = ["main", "master"];

export interface Worktree {
	path: string;
	branch: string | null;
	isMain: boolean;
	detached: boolean;
	locked: boolean;
}

export async function worktreeList(repo: Repo): Promise<Worktree[]> {
	if (!(await isDirectory(repo.cwd))) return [];
	return worktreeRecords(await repo.out(["worktree", "list", "--porcelain"])).map((tree, index) => ({
		path: tree.path,
		branch: tree.branch,
		isMain: index === 0,
		detached: tree.detached,
		locked: tree.locked,
	}));
}

async function mainRoot(repo: Repo): Promise<string> {
	return (await worktreeList(repo)).find((tree) => tree.isMain)?.path ?? repo.cwd;
}

/** A typed branch name made safe: no spaces, odd characters, `..` or leading/trailing `-./`. */
export function sanitizeBranch(name: string): string {
	return name
		.replace(/\s+/g, "-")
		.replace(/[^\p{L}\p{N}_./-]/gu, "")
		.replace(/-{2,}/g, "-")
		.replace(/\/{2,}/g, "/")
		.replace(/\.{2,}/g, ".")
		.replace(/^[-./]+|[-./]+$/g, "");
}

export function slugify(name: string): string {
	const slug = name
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-+|-+$/g, "")
		.slice(0, 40)
		.replace(/-+$/, "");
	return slug || "work";
}

/** The trunk: origin/HEAD's branch, `init.defaultBranch`, else main/master when present. */
async function defaultBranch(repo: Repo, cwd: string = repo.cwd): Promise<string> {
	const remote = (await repo.out(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], cwd))
		.trim()
		.replace(/^origin\//, "");
	if (remote !== "") return remote;
	const configured = (await repo.out(["config", "--get", "init.defaultBranch"], cwd)).trim();
	if (configured !== "") return configured;
	for (const branch of TRUNK_BRANCHES) {
		if ((await repo.out(["show-ref", "--verify", `refs/heads/${branch}`], cwd)).trim() !== "") return branch;
	}
	return "";
}

/** A folder that is not a repository yet (or has no commit) gets one, so worktrees work. */
async function ensureRepo(repo: Repo): Promise<void> {
	let needsRoot = false;
	if ((await repo.out(["rev-parse", "--is-inside-work-tree"])).trim() !== "true") {
		await repo.ok(["init"]);
		needsRoot = true;
	} else {
		needsRoot = (await repo.run(["rev-parse", "--verify", "HEAD"])).code !== 0;
	}
	if (needsRoot) {
		await repo.ok([
			"-c",
			"user.email=hermes@localhost",
			"-c",
			"user.name=Hermes",
			"commit",
			"--allow-empty",
			"-m",
			"Initial commit",
		]);
	}
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch {
		return false;
	}
}

async function uniqueDir(base: string): Promise<string> {
	let candidate = base;
	for (let n = 2; await exists(candidate); n++) candidate = `${base}-${n}`;
	return candidate;
}

export interface WorktreeOptions {
	name?: string;
	branch?: string;
	base?: string;
	existingBranch?: string;
}

export async function worktreeAdd(
	repo: Repo,
	options: WorktreeOptions,
): Promise<{ path: string; branch: string; repoRoot: string }> {
	if (!(await isDirectory(repo.cwd))) throw new GitError(400, "git invocation failed");
	await ensureRepo(repo);
	const root = await mainRoot(repo);
	if (options.existingBranch) {
		const existing = sanitizeBranch(options.existingBranch);
		if (existing === "") throw new GitError(400, "Branch name is required.");
		if (existing === (await defaultBranch(repo, root))) {
			await repo.ok(["switch", existing], root);
			return { path: root, branch: existing, repoRoot: root };
		}
		const target = await uniqueDir(join(root, ".worktrees", slugify(existing)));
		await repo.ok(["worktree", "add", target, existing], root);
		return { path: target, branch: existing, repoRoot: root };
	}
	const slug = slugify(options.name || `work-${randomBytes(4).toString("hex")}`);
	const branch = sanitizeBranch(options.branch ?? "") || `hermes/${slug}`;
	const target = await uniqueDir(join(root, ".worktrees", slug));
	const args = ["worktree", "add", "-b", branch, target];
	if (options.base) args.push(requireRef(options.base));
	const result = await repo.run(args, root);
	if (result.code !== 0) {
		// The branch is already there: check it out into the new worktree instead.
		if (!result.stderr.toLowerCase().includes("already exists")) {
			throw new GitError(400, result.stderr.trim() || "git worktree add failed");
		}
		await repo.ok(["worktree", "add", target, branch], root);
	}
	return { path: target, branch, repoRoot: root };
}

export async function worktreeRemove(repo: Repo, worktreePath: string, force: boolean): Promise<{ removed: string }> {
	if (!(await isDirectory(repo.cwd))) throw new GitError(400, "git invocation failed");
	const root = await mainRoot(repo);
	await repo.ok(["worktree", "remove", ...(force ? ["--force"] : []), "--", worktreePath], root);
	return { removed: worktreePath };
}

async function refRows(repo: Repo, ...patterns: string[]): Promise<[short: string, full: string][]> {
	const out = await repo.out([
		"for-each-ref",
		"--format=%(refname:short)%09%(refname)",
		"--sort=-committerdate",
		...patterns,
	]);
	return out
		.split("\n")
		.filter((line) => line.trim() !== "")
		.map((line): [string, string] => {
			const [short = "", full = short] = line.split("\t");
			return [short, full];
		});
}

export interface Branch {
	name: string;
	checkedOut: boolean;
	isDefault: boolean;
	worktreePath: string | null;
}

/** Local branches, newest commit first, with the worktree each is checked out in. */
export async function branchList(repo: Repo): Promise<Branch[]> {
	if (!(await isDirectory(repo.cwd))) return [];
	const rows = await refRows(repo, "refs/heads");
	if (rows.length === 0) return [];
	const pathByBranch = new Map<string, string>();
	for (const tree of await worktreeList(repo)) if (tree.branch) pathByBranch.set(tree.branch, tree.path);
	const trunk = await defaultBranch(repo);
	return rows.map(([name]) => ({
		name,
		checkedOut: pathByBranch.has(name),
		isDefault: trunk !== "" && name === trunk,
		worktreePath: pathByBranch.get(name) ?? null,
	}));
}

/** Local and remote-tracking branches for the base picker; the remote default flagged. */
export async function baseBranchList(repo: Repo): Promise<{ name: string; isRemote: boolean; isDefault: boolean }[]> {
	if (!(await isDirectory(repo.cwd))) return [];
	const rows = await refRows(repo, "refs/heads", "refs/remotes");
	const remoteDefault = (await repo.out(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])).trim();
	const localDefault = remoteDefault === "" ? await defaultBranch(repo) : "";
	return (
		rows
			// `<remote>/HEAD` shortens to the bare remote name, which reads as a branch.
			.filter(([, full]) => !/^refs\/remotes\/[^/]+\/HEAD$/.test(full))
			.map(([name, full]) => {
				const isRemote = full.startsWith("refs/remotes/");
				const isDefault = remoteDefault !== "" ? name === remoteDefault : !isRemote && name === localDefault;
				return { name, isRemote, isDefault: localDefault === "" && remoteDefault === "" ? false : isDefault };
			})
	);
}

export async function branchSwitch(repo: Repo, branch: string): Promise<{ branch: string }> {
	const target = sanitizeBranch(branch);
	if (target === "") throw new GitError(400, "Branch name is required.");
	if (!(await isDirectory(repo.cwd))) throw new GitError(400, "git invocation failed");
	await repo.ok(["switch", target]);
	return { branch: target };
}
