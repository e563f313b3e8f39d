/**
 * A second writer beside the dashboard, as Hermes's scheduler would be: a python3
 * process that, 200 times, takes `flock(LOCK_EX)` on `cron/.jobs.lock`, reads
 * jobs.json, appends a job, replaces the file atomically and releases the lock, while
 * the dashboard creates 200 jobs through its API. Every job of both sides must be in
 * the file at the end, and the two sides' writes must really have interleaved.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";

const WRITES = 200;

const PYTHON_WRITER = `
import fcntl, json, os, sys, tempfile, time
cron = os.path.join(sys.argv[1], "cron")
jobs_file = os.path.join(cron, "jobs.json")
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    with open(os.path.join(cron, ".jobs.lock"), "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with open(jobs_file, encoding="utf-8") as f:
            data = json.load(f)
        time.sleep(0.002)  # a tick's work between load and save
        data["jobs"].append({"id": "py%04d" % i, "name": "python %d" % i, "prompt": "p", "schedule": {"kind": "interval", "minutes": 5, "display": "every 5m"}})
        fd, tmp = tempfile.mkstemp(dir=cron, prefix=".jobs_", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, jobs_file)
        fcntl.flock(lock, fcntl.LOCK_UN)
    time.sleep(0.003)
print("done", flush=True)
`;

function startPythonWriter(home: string): { ready: Promise<void>; done: Promise<void> } {
	const child = spawn("python3", ["-c", PYTHON_WRITER, home, String(WRITES)], { stdio: ["ignore", "pipe", "pipe"] });
	let stdout = "";
	let stderr = "";
	let onReady: () => void = () => {};
	const ready = new Promise<void>((resolve) => {
		onReady = resolve;
	});
	child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
		stdout += chunk;
		if (stdout.includes("ready")) onReady();
	});
	child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
		stderr += chunk;
	});
	const done = new Promise<void>((resolve, reject) => {
		child.once("close", (code) =>
			code === 0 ? resolve() : reject(new Error(`python writer failed (${code}): ${stderr}`)),
		);
	});
	return { ready, done };
}

describe("jobs.json shared with a concurrent Hermes writer", () => {
	it("keeps every job of both writers", { timeout: 120_000 }, async () => {
		const context = makeContext();
		const request = testClient(context);
		const python = startPythonWriter(context.home);
		await python.ready;
		const created: string[] = [];
		// Several requests in flight at once, as a busy dashboard would have.
		for (let batch = 0; batch < WRITES; batch += 4) {
			const answers = await Promise.all(
				[0, 1, 2, 3].map(async (offset) => {
					const response = await request("/api/cron/jobs", {
						method: "POST",
						headers: { "content-type": "application/json" },
						body: JSON.stringify({ prompt: `dashboard ${batch + offset}`, schedule: "every 10m" }),
					});
					expect(response.status).toBe(200);
					return ((await response.json()) as { id: string }).id;
				}),
			);
			created.push(...answers);
		}
		await python.done;

		const stored = JSON.parse(readFileSync(join(context.home, "cron", "jobs.json"), "utf8")) as {
			jobs: { id: string }[];
		};
		const ids = stored.jobs.map((job) => job.id);
		const pythonIds = Array.from({ length: WRITES }, (_, i) => `py${String(i).padStart(4, "0")}`);
		expect(ids.filter((id) => id.startsWith("py"))).toEqual(pythonIds);
		expect(new Set(ids)).toEqual(new Set([...ids.slice(0, 5), ...pythonIds, ...created]));
		expect(ids).toHaveLength(5 + 2 * WRITES);
		// The writes interleaved: the file alternates between the two writers many times.
		let switches = 0;
		for (let i = 6; i < ids.length; i++) {
			if (ids[i]!.startsWith("py") !== ids[i - 1]!.startsWith("py")) switches++;
		}
		expect(switches).toBeGreaterThan(20);
	});
});
