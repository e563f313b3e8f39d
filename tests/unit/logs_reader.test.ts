import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import {
	appendFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	renameSync,
	rmSync,
	symlinkSync,
	truncateSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { open } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { ConfinementError, openConfinedFile } from "../../src/hermes/home/confine.ts";
import { type LogFilter, readLastLines, readLogLines } from "../../src/hermes/logs/files.ts";
import { redactLogLines } from "../../src/hermes/logs/redact.ts";
import { followLog, LogFollower } from "../../src/hermes/logs/tail.ts";

function tempFile(content: string): string {
	const path = join(mkdtempSync(join(tmpdir(), "hermes-logs-")), "agent.log");
	writeFileSync(path, content);
	return path;
}

const none: LogFilter = { minLevel: 0, prefixes: null, search: "" };

async function lastLines(path: string, count: number): Promise<string[]> {
	const handle = await open(path, "r");
	try {
		return await readLastLines(handle, count);
	} finally {
		await handle.close();
	}
}

async function logLines(path: string, requested: number, filter: LogFilter): Promise<string[]> {
	return (await readLogLines(dirname(path), path, requested, filter)).lines;
}

function follow(path: string, from?: number): Promise<LogFollower> {
	return LogFollower.open(dirname(path), path, from);
}

describe("readLastLines", async () => {
	it("matches a whole-file split for every count, across chunk edges and multi-byte characters", async () => {
		const lines = Array.from(
			{ length: 3000 },
			(_, i) => `2026-11-16 23:19:46,349 INFO gateway.run: line ${i} ✓ ${"é".repeat(i % 50)}\n`,
		);
		const path = tempFile(lines.join(""));
		for (const count of [1, 2, 10, 499, 500, 2999, 3000, 5000]) {
			expect(await lastLines(path, count)).toEqual(lines.slice(-count));
		}
	});

	it("keeps a partial last line without its newline and handles empty and missing files", async () => {
		const path = tempFile("a\nb\npartial");
		expect(await lastLines(path, 2)).toEqual(["b\n", "partial"]);
		expect(await lastLines(tempFile(""), 5)).toEqual([]);
		expect(await lastLines(tempFile("\n\n"), 5)).toEqual(["\n", "\n"]);
		expect(await logLines(join(tmpdir(), "does-not-exist.log"), 5, none)).toEqual([]);
	});
});

describe("readLogLines filters", async () => {
	const content = [
		"2026-11-19 22:50:58,100 INFO gateway.run: started\n",
		"2026-11-19 22:50:58,200 DEBUG agent.loop: tick\n",
		"2026-11-19 22:50:58,344 ERROR agent.chat_completion_helpers: Failed\n",
		"Traceback (most recent call last):\n",
		'  File "x.py", line 6, in _run\n',
		"AttributeError: boom\n",
		"2026-11-19 22:50:59,000 WARNING [sess_abc] tools.web: slow search\n",
		"2026-11-19 22:50:59,100 INFO hermes_cli.web_server: GET /\n",
	].join("");

	it("applies the minimum level and keeps an error's traceback", async () => {
		const path = tempFile(content);
		expect(await logLines(path, 100, { ...none, minLevel: 40 })).toEqual([
			"2026-11-19 22:50:58,344 ERROR agent.chat_completion_helpers: Failed\n",
			"Traceback (most recent call last):\n",
			'  File "x.py", line 6, in _run\n',
			"AttributeError: boom\n",
		]);
		expect(await logLines(path, 100, { ...none, minLevel: 30 })).toHaveLength(5);
	});

	it("filters by component (logger prefix, session tag skipped) and by search", async () => {
		const path = tempFile(content);
		expect(await logLines(path, 100, { ...none, prefixes: ["tools"] })).toEqual([
			"2026-11-19 22:50:59,000 WARNING [sess_abc] tools.web: slow search\n",
		]);
		expect(await logLines(path, 100, { ...none, prefixes: ["agent"] })).toHaveLength(5);
		expect(await logLines(path, 100, { ...none, search: "SLOW" })).toHaveLength(1);
		expect(await logLines(path, 2, none)).toHaveLength(2);
		expect(await logLines(path, 0, none)).toEqual([]);
	});
});

describe("LogFollower", async () => {
	it("returns appended lines, holds partial lines, follows truncation and rotation", async () => {
		const path = tempFile("old line\n");
		const follower = await follow(path);
		expect(await follower.poll()).toEqual([]);
		appendFileSync(path, "one\ntw");
		expect(await follower.poll()).toEqual(["one\n"]);
		appendFileSync(path, "o\n");
		expect(await follower.poll()).toEqual(["two\n"]);
		truncateSync(path, 0);
		appendFileSync(path, "after truncate\n");
		expect(await follower.poll()).toEqual(["after truncate\n"]);
		appendFileSync(path, "last of old\n");
		renameSync(path, `${path}.1`);
		writeFileSync(path, "first of new\n");
		expect(await follower.poll()).toEqual(["last of old\n", "first of new\n"]);
		appendFileSync(path, "more\n");
		expect(await follower.poll()).toEqual(["more\n"]);
		await follower.close();
	});

	it("waits for a file that does not exist yet and starts at a given offset", async () => {
		const dir = mkdtempSync(join(tmpdir(), "hermes-logs-"));
		const path = join(dir, "late.log");
		const follower = await follow(path);
		expect(await follower.poll()).toEqual([]);
		writeFileSync(path, "hello\n");
		expect(await follower.poll()).toEqual(["hello\n"]);
		await follower.close();
		const from = await follow(path, 2);
		expect(await from.poll()).toEqual(["llo\n"]);
		await from.close();
		const beyond = await follow(path, 1000);
		expect(await beyond.poll()).toEqual(["hello\n"]);
		await beyond.close();
	});
});

/** Descriptors this process holds on `path` (a closed follower holds none). */
function openDescriptors(path: string): number {
	return readdirSync("/proc/self/fd").filter((fd) => {
		try {
			return readlinkSync(join("/proc/self/fd", fd)) === path;
		} catch {
			return false;
		}
	}).length;
}

describe("followLog", () => {
	it("yields new lines that pass the filter, redacted, and closes the file when aborted", async () => {
		const path = tempFile("2026-11-19 22:50:58,100 ERROR agent.loop: before the tail\n");
		const stop = new AbortController();
		const events = followLog(
			await follow(path),
			{ ...none, minLevel: 40 },
			{
				clock: fixedClock(0),
				signal: stop.signal,
				pollMs: 5,
			},
		);
		const next = events.next();
		appendFileSync(
			path,
			"2026-11-19 22:50:59,000 INFO agent.loop: quiet\n2026-11-19 22:50:59,100 ERROR agent.loop: key AKIAIOSFODNN7EXAMPLE\n",
		);
		expect((await next).value).toEqual({
			type: "lines",
			offset: Buffer.byteLength(readFileSync(path)),
			lines: ["2026-11-19 22:50:59,100 ERROR agent.loop: key AKIAIO...MPLE\n"],
		});
		expect(openDescriptors(path)).toBe(1);
		stop.abort();
		expect((await events.next()).done).toBe(true);
		expect(openDescriptors(path)).toBe(0);
	});

	it("sends a heartbeat when the app clock says the stream has been quiet long enough", async () => {
		const path = tempFile("");
		const clock = fixedClock(1_000_000);
		const stop = new AbortController();
		const events = followLog(await follow(path), none, {
			clock,
			signal: stop.signal,
			pollMs: 5,
			heartbeatMs: 15_000,
		});
		const next = events.next();
		clock.advance(15_000);
		expect((await next).value).toEqual({ type: "heartbeat" });
		stop.abort();
		await events.return(undefined);
	});
});

describe("confinement of log paths", () => {
	function homeWithLogs(): { home: string; logs: string } {
		const home = join(mkdtempSync(join(tmpdir(), "hermes-confine-")), "home");
		mkdirSync(join(home, "logs"), { recursive: true });
		return { home, logs: join(home, "logs") };
	}

	it("refuses a symlink to a file outside the home, on reads and on the tail", async () => {
		const { home, logs } = homeWithLogs();
		const outside = tempFile("outside the home\n");
		symlinkSync(outside, join(logs, "agent.log"));
		await expect(readLogLines(home, join(logs, "agent.log"), 10, none)).rejects.toMatchObject({
			reason: "outside-home",
		});
		await expect(LogFollower.open(home, join(logs, "agent.log"))).rejects.toBeInstanceOf(ConfinementError);
		// `..` in the name is resolved before the check, like a symlink.
		await expect(readLogLines(home, `${logs}/../${relative(home, outside)}`, 10, none)).rejects.toMatchObject({
			reason: "outside-home",
		});
	});

	it("follows a symlink that stays inside the home", async () => {
		const { home, logs } = homeWithLogs();
		writeFileSync(join(home, "elsewhere.log"), "inside the home\n");
		symlinkSync(join(home, "elsewhere.log"), join(logs, "agent.log"));
		expect((await readLogLines(home, join(logs, "agent.log"), 10, none)).lines).toEqual(["inside the home\n"]);
		const follower = await LogFollower.open(home, join(logs, "agent.log"), 0);
		expect(await follower.poll()).toEqual(["inside the home\n"]);
		await follower.close();
	});

	it("does not follow a rotation into a symlink out of the home, and picks up a real file again", async () => {
		const { home, logs } = homeWithLogs();
		const path = join(logs, "agent.log");
		writeFileSync(path, "");
		const follower = await LogFollower.open(home, path);
		appendFileSync(path, "before\n");
		expect(await follower.poll()).toEqual(["before\n"]);
		renameSync(path, `${path}.1`);
		symlinkSync(tempFile("outside the home\n"), path);
		expect(await follower.poll()).toEqual([]);
		expect(await follower.poll()).toEqual([]);
		rmSync(path);
		writeFileSync(path, "after\n");
		expect(await follower.poll()).toEqual(["after\n"]);
		await follower.close();
	});

	it("opens only regular files: a FIFO is refused at once, without waiting for a writer", async () => {
		const { home, logs } = homeWithLogs();
		execFileSync("mkfifo", [join(logs, "agent.log")]);
		await expect(openConfinedFile(home, join(logs, "agent.log"))).rejects.toMatchObject({
			reason: "not-regular-file",
		});
		await expect(openConfinedFile(home, logs)).rejects.toMatchObject({ reason: "not-regular-file" });
		expect(await openConfinedFile(home, join(logs, "missing.log"))).toBeNull();
	});
});

describe("redactLogLines", () => {
	it("redacts record by record, as Hermes formats them, keeping every newline", () => {
		const lines = [
			"2026-11-19 22:50:58,100 ERROR agent.loop: bad key\n",
			"-----BEGIN RSA PRIVATE KEY-----\n",
			"MIIEowIBAAKCAQEAfake\n",
			"-----END RSA PRIVATE KEY-----\n",
			"2026-11-19 22:50:59,000 INFO gateway.run: password=hunter2\n",
			"password=hunter2\n",
			"2026-11-19 22:50:59,100 INFO gateway.run: plain line\n",
		];
		expect(redactLogLines(lines)).toEqual([
			"2026-11-19 22:50:58,100 ERROR agent.loop: bad key\n",
			"[REDACTED PRIVATE KEY]\n",
			"2026-11-19 22:50:59,000 INFO gateway.run: password=hunter2\n",
			"password=***\n",
			"2026-11-19 22:50:59,100 INFO gateway.run: plain line\n",
		]);
		// Lines of another format (no record head) are redacted one by one; a partial last line keeps no newline.
		expect(redactLogLines(["a=1&token=abc\n", "partial"])).toEqual(["a=1&token=***\n", "partial"]);
	});
});
