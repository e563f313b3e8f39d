/**
 * @module
 * The review pane's mutations (stage, unstage, revert, commit, push) and the ship flow
 * through the `gh` CLI (PR info, create PR). A failing git command is a 400 with git's
 * stderr; a directory that is not there fails like Hermes's ("git invocation failed").
 */
import { isStaged, statusEntries } from "./porcelain.ts";
import { repoFile } from "./review.ts";
import { GitError, isDirectory, type Repo } from "./run.ts";

async function requireDirectory(repo: Repo): Promise<void> {
	if (!(await isDirectory(repo.cwd))) throw new GitError(400, "git invocation failed");
}

async function pathArgs(repo: Repo, file: string | undefined | null): Promise<string[] | null> {
	return file ? ["--", await repoFile(repo, file)] : null;
}

export async function stage(repo: Repo, file?: string | null): Promise<{ ok: true }> {
	await requireDirectory(repo);
	const paths = await pathArgs(repo, file);
	await repo.ok(paths ? ["add", ...paths] : ["add", "-A"]);
	return { ok: true };
}

export async function unstage(repo: Repo, file?: string | null): Promise<{ ok: true }> {
	await requireDirectory(repo);
	const paths = await pathArgs(repo, file);
	await repo.ok(paths ? ["reset", "-q", "HEAD", ...paths] : ["reset", "-q", "HEAD"]);
	return { ok: true };
}

/** Back to the committed state: tracked files restored, untracked ones removed. */
export async function revert(repo: Repo, file?: string | null): Promise<{ ok: true }> {
	await requireDirectory(repo);
	const paths = (await pathArgs(repo, file)) ?? ["--", "."];
	// Hermes ignores both exit codes (an untracked path makes checkout fail, clean succeed).
	await repo.run(["checkout", "HEAD", ...paths]);
	await repo.run(["clean", "-fd", ...paths]);
	return { ok: true };
}

async function pushCurrent(repo: Repo): Promise<void> {
	const upstream = (await repo.out(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])).trim();
	if (upstream !== "") {
		await repo.ok(["push"]);
		return;
	}
	const branch = (await repo.out(["rev-parse", "--abbrev-ref", "HEAD"])).trim();
	if (branch !== "" && branch !== "HEAD") await repo.ok(["push", "-u", "origin", branch]);
}

/** Commits (staging everything first when nothing is staged), then pushes if asked. */
export async function commit(repo: Repo, message: string, push: boolean): Promise<{ ok: true }> {
	await requireDirectory(repo);
	if (!statusEntries(await repo.out(["status", "--porcelain=v2", "-z"])).some(isStaged)) {
		await repo.ok(["add", "-A"]);
	}
	await repo.ok(["commit", "-m", message]);
	if (push) await pushCurrent(repo);
	return { ok: true };
}

export async function push(repo: Repo): Promise<{ ok: true }> {
	await requireDirectory(repo);
	await pushCurrent(repo);
	return { ok: true };
}

export interface ShipInfo {
	ghReady: boolean;
	pr: { url: string; state: unknown; number: unknown } | null;
}

/** Whether `gh` is installed and signed in, and this branch's PR if it has one. */
export async function shipInfo(repo: Repo): Promise<ShipInfo> {
	if (!(await isDirectory(repo.cwd))) return { ghReady: false, pr: null };
	const [authed] = await repo.gh(["auth", "status"]);
	if (!authed) return { ghReady: false, pr: null };
	const [viewed, out] = await repo.gh(["pr", "view", "--json", "url,state,number"]);
	if (!viewed) return { ghReady: true, pr: null };
	try {
		const pr = JSON.parse(out) as { url?: unknown; state?: unknown; number?: unknown } | null;
		if (pr && typeof pr.url === "string" && pr.url !== "") {
			return { ghReady: true, pr: { url: pr.url, state: pr.state ?? null, number: pr.number ?? null } };
		}
	} catch {
		// Not JSON: gh answered something else; no PR to show.
	}
	return { ghReady: true, pr: null };
}

/** Pushes (best effort) and opens a PR with gh's filled-in title and body. */
export async function createPR(repo: Repo): Promise<{ url: string }> {
	await requireDirectory(repo);
	try {
		await pushCurrent(repo);
	} catch (error) {
		if (!(error instanceof GitError)) throw error;
	}
	const [created, out] = await repo.gh(["pr", "create", "--fill"]);
	if (!created) throw new GitError(400, "gh pr create failed (is gh installed and authenticated?)");
	const lines = out
		.trim()
		.split("\n")
		.filter((line) => line.trim() !== "");
	return { url: lines.at(-1) ?? "" };
}
