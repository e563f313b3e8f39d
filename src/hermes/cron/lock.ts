/**
 * @module
 * The cross-process lock Hermes's scheduler takes around every jobs.json
 * read-modify-write: `flock(LOCK_EX)` on `cron/.jobs.lock` (hermes-home §6.1).
 *
 * Node has no flock(2). Rather than a native addon (fs-ext needs a compiler at install
 * time and does not load under Deno), a small helper process holds the lock: util-linux's
 * `flock(1)` opens the lock file, waits for the exclusive lock (up to 30 s, Hermes's own
 * bound) and then runs `sh`, which reports "locked" and waits for its stdin to close.
 * Closing stdin releases the lock; if the dashboard dies, the pipe closes and the lock
 * is released with it. Where `flock(1)` is missing the write fails with a clear error.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/** The lock could not be taken (no flock(1), or another process held it too long). */
export class CronLockError extends Error {}

export interface LockOptions {
	/** The flock(1) executable (tests point it elsewhere to see the failure). */
	command?: string;
	/** Seconds to wait for the lock (Hermes waits 30). */
	timeoutSeconds?: number;
}

const LOCK_TIMEOUT_SECONDS = 30;

/** Holders waiting in this process, per lock file: one helper at a time. */
const queues = new Map<string, Promise<unknown>>();

function acquire(lockPath: string, options: LockOptions): Promise<() => Promise<void>> {
	const command = options.command ?? "flock";
	const timeout = options.timeoutSeconds ?? LOCK_TIMEOUT_SECONDS;
	mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
	// Hermes opens the lock file with "a+"; create it the same way before flock(1) does.
	closeSync(openSync(lockPath, "a", 0o644));
	return new Promise((resolve, reject) => {
		const helper = spawn(
			command,
			["--exclusive", "--wait", String(timeout), lockPath, "sh", "-c", "echo locked; exec cat >/dev/null"],
			{ stdio: ["pipe", "pipe", "pipe"] },
		);
		let locked = false;
		let stderr = "";
		const exited = new Promise<void>((done) => helper.once("close", () => done()));
		helper.stderr.setEncoding("utf8").on("data", (chunk: string) => {
			stderr += chunk;
		});
		helper.stdout.setEncoding("utf8").on("data", (chunk: string) => {
			if (!locked && chunk.includes("locked")) {
				locked = true;
				resolve(async () => {
					helper.stdin.end();
					await exited;
				});
			}
		});
		helper.once("error", (error: NodeJS.ErrnoException) => {
			reject(
				new CronLockError(
					error.code === "ENOENT"
						? `Cannot lock the cron jobs file: ${command} (util-linux flock) is not installed`
						: `Cannot lock the cron jobs file: ${error.message}`,
				),
			);
		});
		helper.once("close", (code) => {
			if (!locked) {
				reject(
					new CronLockError(
						code === 1 && stderr.trim() === ""
							? `Timed out after ${timeout}s waiting for the cron jobs lock (${lockPath}) — another process is holding it.`
							: `Cannot lock the cron jobs file (${lockPath}): ${stderr.trim() || `flock exited with ${code}`}`,
					),
				);
			}
		});
	});
}

/** Runs `task` while holding `flock(LOCK_EX)` on `lockPath`, as Hermes's `_jobs_lock()` does. */
export async function withFileLock<T>(
	lockPath: string,
	task: () => T | Promise<T>,
	options: LockOptions = {},
): Promise<T> {
	const previous = queues.get(lockPath) ?? Promise.resolve();
	const run = previous
		.catch(() => undefined)
		.then(async () => {
			const release = await acquire(lockPath, options);
			try {
				return await task();
			} finally {
				await release();
			}
		});
	queues.set(lockPath, run);
	try {
		return await run;
	} finally {
		if (queues.get(lockPath) === run) {
			queues.delete(lockPath);
		}
	}
}
