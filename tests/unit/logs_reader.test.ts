import { describe, expect, it } from "vitest";
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLastLines, readLogLines } from "../../src/hermes/logs/files.ts";
import { LogFollower } from "../../src/hermes/logs/tail.ts";

function tempFile(content: string): string {
	const path = join(mkdtempSync(join(tmpdir(), "hermes-logs-")), "agent.log");
	writeFileSync(path, content);
	return path;
}

const none = { minLevel: 0, prefixes: null, search: "" };

describe("readLastLines", () => {
	it("matches a whole-file split for every count, across chunk edges and multi-byte characters", () => {
		const lines = Array.from(
			{ length: 3000 },
			(_, i) => `2026-11-16 23:19:46,349 INFO gateway.run: line ${i} ✓ ${"é".repeat(i % 50)}\n`,
		);
		const path = tempFile(lines.join(""));
		for (const count of [1, 2, 10, 499, 500, 2999, 3000, 5000]) {
			expect(readLastLines(path, count)).toEqual(lines.slice(-count));
		}
	});

	it("keeps a partial last line without its newline and handles empty and missing files", () => {
		const path = tempFile("a\nb\npartial");
		expect(readLastLines(path, 2)).toEqual(["b\n", "partial"]);
		expect(readLastLines(tempFile(""), 5)).toEqual([]);
		expect(readLastLines(tempFile("\n\n"), 5)).toEqual(["\n", "\n"]);
		expect(readLastLines(join(tmpdir(), "does-not-exist.log"), 5)).toEqual([]);
	});
});

describe("readLogLines filters", () => {
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

	it("applies the minimum level and keeps an error's traceback", () => {
		const path = tempFile(content);
		expect(readLogLines(path, 100, { ...none, minLevel: 40 })).toEqual([
			"2026-11-19 22:50:58,344 ERROR agent.chat_completion_helpers: Failed\n",
			"Traceback (most recent call last):\n",
			'  File "x.py", line 6, in _run\n',
			"AttributeError: boom\n",
		]);
		expect(readLogLines(path, 100, { ...none, minLevel: 30 })).toHaveLength(5);
	});

	it("filters by component (logger prefix, session tag skipped) and by search", () => {
		const path = tempFile(content);
		expect(readLogLines(path, 100, { ...none, prefixes: ["tools"] })).toEqual([
			"2026-11-19 22:50:59,000 WARNING [sess_abc] tools.web: slow search\n",
		]);
		expect(readLogLines(path, 100, { ...none, prefixes: ["agent"] })).toHaveLength(5);
		expect(readLogLines(path, 100, { ...none, search: "SLOW" })).toHaveLength(1);
		expect(readLogLines(path, 2, none)).toHaveLength(2);
		expect(readLogLines(path, 0, none)).toEqual([]);
	});
});

describe("LogFollower", () => {
	it("returns appended lines, holds partial lines, follows truncation and rotation", () => {
		const path = tempFile("old line\n");
		const follower = new LogFollower(path);
		expect(follower.poll()).toEqual([]);
		appendFileSync(path, "one\ntw");
		expect(follower.poll()).toEqual(["one\n"]);
		appendFileSync(path, "o\n");
		expect(follower.poll()).toEqual(["two\n"]);
		truncateSync(path, 0);
		appendFileSync(path, "after truncate\n");
		expect(follower.poll()).toEqual(["after truncate\n"]);
		appendFileSync(path, "last of old\n");
		renameSync(path, `${path}.1`);
		writeFileSync(path, "first of new\n");
		expect(follower.poll()).toEqual(["last of old\n", "first of new\n"]);
		appendFileSync(path, "more\n");
		expect(follower.poll()).toEqual(["more\n"]);
		follower.close();
	});

	it("waits for a file that does not exist yet and starts at a given offset", () => {
		const dir = mkdtempSync(join(tmpdir(), "hermes-logs-"));
		const path = join(dir, "late.log");
		const follower = new LogFollower(path);
		expect(follower.poll()).toEqual([]);
		writeFileSync(path, "hello\n");
		expect(follower.poll()).toEqual(["hello\n"]);
		follower.close();
		const from = new LogFollower(path, 2);
		expect(from.poll()).toEqual(["llo\n"]);
		from.close();
		const beyond = new LogFollower(path, 1000);
		expect(beyond.poll()).toEqual(["hello\n"]);
		beyond.close();
	});
});
