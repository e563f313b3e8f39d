/**
 * The flock(1) helper: mutual exclusion with another process that takes the same
 * `flock(LOCK_EX)` (util-linux's flock, as Hermes's Python `fcntl.flock` does), and a
 * clear error where the lock cannot be had.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileLockError, withFileLock } from "../../src/hermes/home/flock.ts";

describe("withFileLock", () => {
	it("waits while another process holds the lock", async () => {
		const lock = join(mkdtempSync(join(tmpdir(), "flock-")), ".jobs.lock");
		const holder = spawn("flock", ["--exclusive", lock, "sh", "-c", "echo held; sleep 0.4"], { stdio: "pipe" });
		await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
		const heldAt = performance.now();
		const ranAt = await withFileLock(lock, () => performance.now());
		// The other process keeps the lock for 400 ms after saying so.
		expect(ranAt - heldAt).toBeGreaterThanOrEqual(350);
	});

	it("serialises tasks inside this process", async () => {
		const lock = join(mkdtempSync(join(tmpdir(), "flock-")), "auth.lock");
		const order: string[] = [];
		await Promise.all(
			["a", "b", "c"].map((name) =>
				withFileLock(lock, async () => {
					order.push(`${name}+`);
					await new Promise((resolve) => setTimeout(resolve, 20));
					order.push(`${name}-`);
				}),
			),
		);
		expect(order).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
	});

	it("fails with a clear error when flock(1) is missing", async () => {
		const lock = join(mkdtempSync(join(tmpdir(), "flock-")), "auth.lock");
		const attempt = withFileLock(lock, () => "ran", { command: "no-such-flock", what: "the credential pool" });
		await expect(attempt).rejects.toBeInstanceOf(FileLockError);
		await expect(attempt).rejects.toThrow(
			"Cannot lock the credential pool: no-such-flock (util-linux flock) is not installed",
		);
	});
});
