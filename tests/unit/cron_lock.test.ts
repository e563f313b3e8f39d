/**
 * The jobs.json lock: it excludes another flock holder, and where it cannot be taken
 * (no flock(1), or held past the timeout) the caller gets a clear FileLockError and the
 * API a 503 with that reason, never a crash.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileLockError, withFileLock } from "../../src/hermes/home/flock.ts";
import { createJob } from "../../src/hermes/cron/jobs.ts";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";

/** A python3 process holding flock on `path` until its stdin closes. */
async function holdLock(path: string): Promise<{ release: () => Promise<void> }> {
	const child = spawn(
		"python3",
		[
			"-c",
			"import fcntl,sys; f=open(sys.argv[1],'a+'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
			path,
		],
		{ stdio: ["pipe", "pipe", "inherit"] },
	);
	await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
	const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
	return {
		release: async () => {
			child.stdin.end();
			await exited;
		},
	};
}

describe("withFileLock", () => {
	it("waits for another process's flock and runs once it is released", async () => {
		const path = join(mkdtempSync(join(tmpdir(), "cron-lock-")), ".jobs.lock");
		const holder = await holdLock(path);
		const order: string[] = [];
		const locked = withFileLock(path, () => order.push("dashboard"));
		// The python holder releases only after we record; the dashboard task must come after.
		await new Promise((resolve) => setImmediate(resolve));
		order.push("holder releases");
		await holder.release();
		await locked;
		expect(order).toEqual(["holder releases", "dashboard"]);
	});

	it("times out with a clear error while another process holds the lock", async () => {
		const path = join(mkdtempSync(join(tmpdir(), "cron-lock-")), ".jobs.lock");
		const holder = await holdLock(path);
		try {
			await expect(
				withFileLock(path, () => 1, { timeoutSeconds: 1, what: "the cron jobs file" }),
			).rejects.toThrow(/^Timed out after 1s waiting for the lock on the cron jobs file/);
		} finally {
			await holder.release();
		}
	});

	it("says so when flock(1) is not installed", async () => {
		const path = join(mkdtempSync(join(tmpdir(), "cron-lock-")), ".jobs.lock");
		const missing = withFileLock(path, () => 1, { command: "/nonexistent/flock", what: "the cron jobs file" });
		await expect(missing).rejects.toBeInstanceOf(FileLockError);
		await expect(missing).rejects.toThrow(
			"Cannot lock the cron jobs file: /nonexistent/flock (util-linux flock) is not installed",
		);
	});

	it("a create without the lock fails cleanly and leaves jobs.json alone", async () => {
		const context = makeContext();
		const scope = {
			home: context.home,
			profile: "default",
			nowMs: FIXTURE_NOW_MS,
			zone: "UTC",
			lock: { command: "/nonexistent/flock" },
		};
		await expect(createJob(scope, { prompt: "p", schedule: "every 5m" })).rejects.toBeInstanceOf(FileLockError);
	});

	it("the API answers 503 with the reason when flock(1) cannot be found", async () => {
		const context = makeContext();
		const request = testClient(context);
		const path = process.env.PATH;
		process.env.PATH = "/nonexistent";
		try {
			const response = await request("/api/cron/jobs", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ prompt: "p", schedule: "every 5m" }),
			});
			expect(response.status).toBe(503);
			expect(await response.json()).toEqual({
				detail: "Cannot lock the cron jobs file: flock (util-linux flock) is not installed",
			});
		} finally {
			process.env.PATH = path;
		}
	});
});
