/**
 * @module
 * `/api/git/*` (api-contract-clients §8): the Desktop coding rail and review pane over
 * REST. Every `path` goes through the desktop path rules (§4.3, confined to the files
 * root when one is locked); no `?profile=` (§0.2). The git work is in src/hermes/git.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { ApiError, jsonBody, queryBoolean, queryParams } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";
import { FilesError, filesPolicy } from "../hermes/files/policy.ts";
import { desktopPath } from "../hermes/files/desktop.ts";
import { GitError, Repo } from "../hermes/git/run.ts";
import {
	commitContext,
	fileDiffVsHead,
	repoStatus,
	reviewDiff,
	reviewList,
	revParse,
	type Scope,
} from "../hermes/git/review.ts";
import { commit, createPR, push, revert, shipInfo, stage, unstage } from "../hermes/git/ship.ts";
import {
	baseBranchList,
	branchList,
	branchSwitch,
	worktreeAdd,
	worktreeList,
	worktreeRemove,
} from "../hermes/git/branches.ts";
import type { AppContext, AppEnv } from "../context.ts";

const PathQuery = v.object({ path: v.string() });
const ListQuery = v.object({ path: v.string(), scope: v.optional(v.string()), base: v.optional(v.string()) });
const DiffQuery = v.object({
	path: v.string(),
	file: v.string(),
	scope: v.optional(v.string()),
	base: v.optional(v.string()),
	staged: v.optional(queryBoolean, "false"),
});
const FileDiffQuery = v.object({ path: v.string(), file: v.string() });
const RevParseQuery = v.object({ path: v.string(), ref: v.optional(v.string()) });
const PathBody = v.object({ path: v.string() });
const FileBody = v.object({ path: v.string(), file: v.optional(v.nullable(v.string())) });
const CommitBody = v.object({ path: v.string(), message: v.string(), push: v.optional(v.boolean(), false) });
const optionalText = v.optional(v.nullable(v.string()));
const WorktreeAddBody = v.object({
	path: v.string(),
	name: optionalText,
	branch: optionalText,
	base: optionalText,
	existingBranch: optionalText,
});
const WorktreeRemoveBody = v.object({
	path: v.string(),
	worktreePath: v.string(),
	force: v.optional(v.boolean(), false),
});
const BranchSwitchBody = v.object({ path: v.string(), branch: v.string() });

const GETS: [string, string, v.GenericSchema][] = [
	["/api/git/status", "Working-tree status of a repository (null when not one)", PathQuery],
	["/api/git/worktrees", "The repository's worktrees", PathQuery],
	["/api/git/branches", "Local branches, newest first", PathQuery],
	["/api/git/base-branches", "Local and remote-tracking branches for a base picker", PathQuery],
	["/api/git/review/list", "Changed files for a review scope", ListQuery],
	["/api/git/review/diff", "One file's diff for a review scope", DiffQuery],
	["/api/git/file-diff", "One file's work tree against HEAD", FileDiffQuery],
	["/api/git/review/commit-context", "Diff and recent subjects for drafting a commit message", PathQuery],
	["/api/git/review/rev-parse", "The commit a ref names", RevParseQuery],
	["/api/git/review/ship-info", "Whether gh is ready, and the branch's pull request", PathQuery],
];
for (const [path, summary, query] of GETS) describeRoute({ method: "GET", path, summary, query });
const POSTS: [string, string, v.GenericSchema][] = [
	["/api/git/review/stage", "Stage a file (or everything)", FileBody],
	["/api/git/review/unstage", "Unstage a file (or everything)", FileBody],
	["/api/git/review/revert", "Discard a file's changes (or all)", FileBody],
	["/api/git/review/commit", "Commit (staging all when nothing is staged), optionally push", CommitBody],
	["/api/git/review/push", "Push the current branch", PathBody],
	["/api/git/review/create-pr", "Open a pull request with gh", PathBody],
	["/api/git/worktree/add", "Add a worktree under .worktrees/", WorktreeAddBody],
	["/api/git/worktree/remove", "Remove a worktree", WorktreeRemoveBody],
	["/api/git/branch/switch", "Switch branch", BranchSwitchBody],
];
for (const [path, summary, body] of POSTS) describeRoute({ method: "POST", path, summary, body });

function scopeOf(raw: string | undefined): Scope {
	return raw === "branch" || raw === "lastTurn" ? raw : "uncommitted";
}

/** A data-layer refusal as its HTTP answer. */
function answered(error: unknown): never {
	if (error instanceof FilesError || error instanceof GitError) throw new ApiError(error.status, error.message);
	throw error;
}

export function gitRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const tools = { env: app.env };

	async function resolvedPath(raw: string): Promise<string> {
		const policy = await filesPolicy(app.env, app.home).catch(answered);
		return desktopPath(policy, raw).catch(answered);
	}

	async function repoAt(raw: string): Promise<Repo> {
		return new Repo(await resolvedPath(raw), tools);
	}

	routes.get("/api/git/status", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json(await repoStatus(await repoAt(path)).catch(answered));
	});

	routes.get("/api/git/worktrees", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json({ worktrees: await worktreeList(await repoAt(path)).catch(answered) });
	});

	routes.get("/api/git/branches", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json({ branches: await branchList(await repoAt(path)).catch(answered) });
	});

	routes.get("/api/git/base-branches", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json({ branches: await baseBranchList(await repoAt(path)).catch(answered) });
	});

	routes.get("/api/git/review/list", async (c) => {
		const query = queryParams(c, ListQuery);
		return c.json(await reviewList(await repoAt(query.path), scopeOf(query.scope), query.base).catch(answered));
	});

	routes.get("/api/git/review/diff", async (c) => {
		const query = queryParams(c, DiffQuery);
		const repo = await repoAt(query.path);
		const diff = await reviewDiff(repo, query.file, scopeOf(query.scope), query.base, query.staged).catch(answered);
		return c.json({ diff });
	});

	routes.get("/api/git/file-diff", async (c) => {
		const query = queryParams(c, FileDiffQuery);
		return c.json({ diff: await fileDiffVsHead(await repoAt(query.path), query.file).catch(answered) });
	});

	routes.get("/api/git/review/commit-context", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json(await commitContext(await repoAt(path)).catch(answered));
	});

	routes.get("/api/git/review/rev-parse", async (c) => {
		const query = queryParams(c, RevParseQuery);
		return c.json({ sha: await revParse(await repoAt(query.path), query.ref).catch(answered) });
	});

	routes.get("/api/git/review/ship-info", async (c) => {
		const { path } = queryParams(c, PathQuery);
		return c.json(await shipInfo(await repoAt(path)).catch(answered));
	});

	for (const [route, action] of [
		["/api/git/review/stage", stage],
		["/api/git/review/unstage", unstage],
		["/api/git/review/revert", revert],
	] as const) {
		routes.post(route, async (c) => {
			const body = await jsonBody(c, FileBody);
			return c.json(await action(await repoAt(body.path), body.file).catch(answered));
		});
	}

	routes.post("/api/git/review/commit", async (c) => {
		const body = await jsonBody(c, CommitBody);
		return c.json(await commit(await repoAt(body.path), body.message, body.push).catch(answered));
	});

	routes.post("/api/git/review/push", async (c) => {
		const body = await jsonBody(c, PathBody);
		return c.json(await push(await repoAt(body.path)).catch(answered));
	});

	routes.post("/api/git/review/create-pr", async (c) => {
		const body = await jsonBody(c, PathBody);
		return c.json(await createPR(await repoAt(body.path)).catch(answered));
	});

	routes.post("/api/git/worktree/add", async (c) => {
		const body = await jsonBody(c, WorktreeAddBody);
		const options = {
			name: body.name ?? undefined,
			branch: body.branch ?? undefined,
			base: body.base ?? undefined,
			existingBranch: body.existingBranch ?? undefined,
		};
		return c.json(await worktreeAdd(await repoAt(body.path), options).catch(answered));
	});

	routes.post("/api/git/worktree/remove", async (c) => {
		const body = await jsonBody(c, WorktreeRemoveBody);
		const repo = await repoAt(body.path);
		const worktreePath = await resolvedPath(body.worktreePath);
		return c.json(await worktreeRemove(repo, worktreePath, body.force).catch(answered));
	});

	routes.post("/api/git/branch/switch", async (c) => {
		const body = await jsonBody(c, BranchSwitchBody);
		return c.json(await branchSwitch(await repoAt(body.path), body.branch).catch(answered));
	});

	return routes;
}
