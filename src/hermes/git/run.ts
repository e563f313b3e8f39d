/**
 * @module
 * Runs the `git` and `gh` CLIs for the Desktop git endpoints (api-contract-clients §8):
 * argument arrays (never a shell), a timeout, no terminal prompts, stdin closed, and a
 * cap on what is kept of stdout/stderr. A missing binary fails the one request with a
 * `GitError`, never the server: the `'error'` listener is attached before anything else.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";

export const GIT_TIMEOUT_MS = 30_000;
export const GH_TIMEOUT_MS = 30_000;
/** Output kept per stream; more is a failed command (a diff this large is not reviewable). */
export const OUTPUT_CAP = 32 * 1024 * 1024;

/** A refusal with its HTTP status; the route answers `{"detail": message}`. */
export class GitError extends Error {
	readonly status: 400 | 403 | 404 | 503;
	constructor(status: GitError["status"], message: string) {
		super(message);
		this.name = "GitError";
		this.status = status;
	}
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface GitTools {
	/** The environment the CLIs run with (its PATH finds them). */
	env: Record<string, string | undefined>;
	/** Overrides of the time limit and output cap (tests). */
	timeoutMs?: number;
	outputCap?: number;
}

/** The spawn's environment: the caller's, never prompting, never taking optional locks. */
function childEnv(env: Record<string, string | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) {
		if (value !== undefined) out[key] = value;
	}
	out.GIT_TERMINAL_PROMPT = "0";
	// `git status` would otherwise refresh the index under its lock beside a running agent.
	out.GIT_OPTIONAL_LOCKS = "0";
	out.GH_PROMPT_DISABLED = "1";
	out.GH_NO_UPDATE_NOTIFIER = "1";
	return out;
}

/** SIGKILL to the child's process group; to the child alone where there is no group. */
function killGroup(child: ReturnType<typeof spawn>): void {
	try {
		if (child.pid === undefined) throw new Error("no pid");
		process.kill(-child.pid, "SIGKILL");
	} catch {
		child.kill("SIGKILL");
	}
}

/**
 * Runs `command args` in `cwd`. Resolves with the exit code and output; rejects only when
 * the program cannot be started (ENOENT/EACCES), with a `GitError` 503 naming it.
 */
export function runCommand(
	tools: GitTools,
	command: "git" | "gh",
	cwd: string,
	args: readonly string[],
	timeoutMs: number,
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		let settled = false;
		let child: ReturnType<typeof spawn>;
		try {
			// Its own process group, so a timeout also ends what git started (ssh, hooks).
			child = spawn(command, args, {
				cwd,
				env: childEnv(tools.env),
				stdio: ["ignore", "pipe", "pipe"],
				detached: process.platform !== "win32",
			});
		} catch (error) {
			reject(new GitError(503, `Could not run ${command}: ${(error as Error).message}`));
			return;
		}
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		const sizes: [number, number] = [0, 0];
		let overflow = false;
		let timedOut = false;
		child.on("error", (error) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			reject(new GitError(503, `Could not run ${command}: ${error.message}`));
		});
		const collect = (index: 0 | 1, into: Buffer[]) => (chunk: Buffer) => {
			sizes[index] += chunk.length;
			if (sizes[index] > (tools.outputCap ?? OUTPUT_CAP)) {
				overflow = true;
				killGroup(child);
				return;
			}
			into.push(chunk);
		};
		child.stdout?.on("data", collect(0, stdout));
		child.stderr?.on("data", collect(1, stderr));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child);
		}, tools.timeoutMs ?? timeoutMs);
		child.on("close", (code) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			const err = Buffer.concat(stderr).toString("utf8");
			if (timedOut || overflow) {
				const why = timedOut
					? `timed out after ${(tools.timeoutMs ?? timeoutMs) / 1000} s`
					: "output is too large";
				resolve({ code: 1, stdout: "", stderr: `${command} ${args[0] ?? ""} ${why}` });
				return;
			}
			resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: err });
		});
	});
}

/** Whether `path` is a directory (a read on anything else answers "no repository"). */
export async function isDirectory(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isDirectory();
	} catch {
		return false;
	}
}

/** One repository working directory and the tools to run in it. */
export class Repo {
	readonly cwd: string;
	readonly tools: GitTools;
	constructor(cwd: string, tools: GitTools) {
		this.cwd = cwd;
		this.tools = tools;
	}

	/** `git args` in this directory; a non-zero exit is returned, not thrown. */
	run(args: readonly string[], cwd: string = this.cwd): Promise<RunResult> {
		return runCommand(this.tools, "git", cwd, args, GIT_TIMEOUT_MS);
	}

	/** stdout, or "" on any non-zero exit (reads degrade, as in Hermes). */
	async out(args: readonly string[], cwd: string = this.cwd): Promise<string> {
		const result = await this.run(args, cwd);
		return result.code === 0 ? result.stdout : "";
	}

	/**
	 * A mutation: a non-zero exit is a 400 with git's stderr (or its stdout when stderr is
	 * empty: `commit` says "nothing to commit" there).
	 */
	async ok(args: readonly string[], cwd: string = this.cwd): Promise<string> {
		const result = await this.run(args, cwd);
		if (result.code !== 0) {
			throw new GitError(400, result.stderr.trim() || result.stdout.trim() || `git ${args.join(" ")} failed`);
		}
		return result.stdout;
	}

	/** `gh args`: `[ok, stdout]`; a missing `gh` is simply not ok. */
	async gh(args: readonly string[]): Promise<[boolean, string]> {
		try {
			const result = await runCommand(this.tools, "gh", this.cwd, args, GH_TIMEOUT_MS);
			return [result.code === 0, result.stdout];
		} catch (error) {
			if (error instanceof GitError) return [false, ""];
			throw error;
		}
	}
}

/** Refuses a ref that git would read as an option (`--output=…` writes a file). */
export function requireRef(ref: string): string {
	if (ref.startsWith("-") || ref.includes("\0") || ref.trim() === "") {
		throw new GitError(400, `Invalid ref: ${ref}`);
	}
	return ref;
}
