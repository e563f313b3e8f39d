/**
 * jobs.json written byte for byte as Python's `json.dump(indent=2)` writes it, and the
 * reader's tolerance (bare list, control characters) as Hermes's `load_jobs`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CronStoreError, loadJobs, serializeJobs } from "../../src/hermes/cron/store.ts";
import { FIXTURE_HOME } from "../helpers/app.ts";

function pythonDump(jobs: unknown[], updatedAt: string): string {
	return execFileSync(
		"python3",
		[
			"-c",
			"import json,sys; sys.stdout.write(json.dumps({'jobs': json.loads(sys.argv[1]), 'updated_at': sys.argv[2]}, indent=2))",
			JSON.stringify(jobs),
			updatedAt,
		],
		{ encoding: "utf8" },
	);
}

function homeWith(jobsText: string): string {
	const home = mkdtempSync(join(tmpdir(), "cron-store-"));
	mkdirSync(join(home, "cron"));
	writeFileSync(join(home, "cron", "jobs.json"), jobsText);
	return home;
}

describe("serializeJobs", () => {
	it("matches Python's json.dump(indent=2) on the fixture and on non-ASCII text", () => {
		const jobs = loadJobs(FIXTURE_HOME);
		jobs.push({
			id: "abc",
			name: "周报 ✈️ café",
			empty: [],
			nested: { list: [1, { a: null }] },
			ctrl: "a\tb\u0001",
		});
		const updatedAt = "2026-11-23T23:19:46.123456+00:00";
		expect(serializeJobs(jobs, updatedAt)).toBe(pythonDump(jobs, updatedAt));
	});

	it("re-serialising the fixture reproduces the file Hermes wrote", () => {
		const text = readFileSync(join(FIXTURE_HOME, "cron", "jobs.json"), "utf8");
		const { updated_at } = JSON.parse(text) as { updated_at: string };
		expect(serializeJobs(loadJobs(FIXTURE_HOME), updated_at)).toBe(text);
	});
});

describe("loadJobs", () => {
	it("accepts a bare list and raw control characters in strings", () => {
		expect(loadJobs(homeWith('[{"id": "a"}]'))).toEqual([{ id: "a" }]);
		expect(loadJobs(homeWith('{"jobs": [{"id": "a", "prompt": "line1\nline2"}]}'))).toEqual([
			{ id: "a", prompt: "line1\nline2" },
		]);
	});

	it("a missing file is no jobs; other shapes are a clear error", () => {
		expect(loadJobs(mkdtempSync(join(tmpdir(), "cron-none-")))).toEqual([]);
		expect(() => loadJobs(homeWith('"text"'))).toThrow(
			new CronStoreError("Cron database corrupted: expected {'jobs': [...]}, got str"),
		);
		expect(() => loadJobs(homeWith("{nope"))).toThrow(CronStoreError);
	});
});
