/**
 * The streamed log search returns exactly what the whole-window search returned, on a
 * log bigger than the 40,000-line window: tracebacks that inherit their record's level,
 * lines before the first record head, secrets the redactor masks, multi-byte text across
 * 64 KiB chunk edges, and a last line without a newline. The unfiltered search reads only
 * the tail it can keep: records straddling that edge (a traceback longer than a read
 * chunk, a private-key block the redactor folds into fewer lines) and logs without any
 * record head must still give the same answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type LogFilter, searchWindow, searchWindowInMemory } from "../../src/hermes/logs/files.ts";

function bigLog(): string {
	const levels = ["INFO", "DEBUG", "WARNING", "ERROR", "INFO"];
	const loggers = ["gateway.run", "agent.loop", "tools.web", "cron.tick", "hermes_cli.main"];
	const lines = ["orphan continuation before any record\n", "  another one\n"];
	for (let i = 0; lines.length < 52_000; i++) {
		const level = levels[i % levels.length]!;
		lines.push(
			`2026-11-19 22:${String(i % 60).padStart(2, "0")}:00,${String(i % 1000).padStart(3, "0")} ${level} [sess_${i % 13}] ${loggers[i % loggers.length]}: step ${i} 周报 ✓ needle${i % 7}\n`,
		);
		if (i % 50 === 0) {
			lines.push("Traceback (most recent call last):\n", `  File "x.py", line ${i}, in run needle3\n`);
		}
		if (i % 333 === 0) {
			lines.push(
				`2026-11-19 23:00:00,000 INFO [sess_k] gateway.auth: using key sk-ant-api03-${"A".repeat(40)} needle3\n`,
			);
		}
	}
	return `${lines.join("")}2026-11-19 23:59:59,999 ERROR [s] agent.loop: last line without newline needle3`;
}

const head = (i: number, text: string): string =>
	`2026-11-19 22:${String(i % 60).padStart(2, "0")}:00,000 INFO [s] agent.loop: ${text}\n`;

/** Records that straddle the last 2,000 lines: a long traceback, then key blocks that fold. */
function straddlingLog(): string {
	const lines: string[] = [];
	for (let i = 0; i < 3000; i++) lines.push(head(i, `before ${i} needle`));
	lines.push(head(1, "traceback follows needle"));
	for (let i = 0; i < 1500; i++) lines.push(`  File "deep.py", line ${i}, in frame ${"x".repeat(60)} needle\n`);
	for (let k = 0; k < 100; k++) {
		lines.push(head(k, "loaded key needle"), "-----BEGIN PRIVATE KEY-----\n");
		for (let i = 0; i < 20; i++) lines.push(`${"Q".repeat(64)}\n`);
		lines.push("-----END PRIVATE KEY-----\n");
	}
	for (let i = 0; i < 100; i++) lines.push(head(i, `after ${i} needle`));
	return lines.join("");
}

async function compareSearches(text: string, filters: LogFilter[]): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), "logs-big-"));
	const path = join(dir, "agent.log");
	writeFileSync(path, text);
	const handle = await open(path, "r");
	try {
		for (const filter of filters) {
			for (const lines of [1, 500]) {
				expect(await searchWindow(handle, lines, filter), JSON.stringify({ filter, lines })).toEqual(
					await searchWindowInMemory(handle, lines, filter),
				);
			}
		}
	} finally {
		await handle.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

describe("streamed log search", () => {
	it("reads only the tail it keeps, with the same answer at the tail's edge", async () => {
		const unfiltered: LogFilter = { minLevel: 0, prefixes: null, search: "needle" };
		await compareSearches(straddlingLog(), [unfiltered, { ...unfiltered, search: "PRIVATE" }]);
		// No record head at all, fewer lines than the tail, and an empty file.
		await compareSearches(Array.from({ length: 5000 }, (_, i) => `plain ${i} needle\n`).join(""), [unfiltered]);
		await compareSearches(Array.from({ length: 300 }, (_, i) => head(i, `short ${i} needle`)).join(""), [
			unfiltered,
		]);
		await compareSearches("", [unfiltered]);
	});

	it("matches the whole-window search for every filter", { timeout: 120_000 }, async () => {
		const path = join(mkdtempSync(join(tmpdir(), "logs-big-")), "agent.log");
		writeFileSync(path, bigLog());
		const handle = await open(path, "r");
		try {
			const filters: LogFilter[] = [
				{ minLevel: 0, prefixes: null, search: "needle3" },
				{ minLevel: 40, prefixes: null, search: "NEEDLE3" },
				{ minLevel: 0, prefixes: ["tools"], search: "周报" },
				{ minLevel: 30, prefixes: ["gateway", "agent"], search: "step" },
				{ minLevel: 0, prefixes: null, search: "sk-ant" },
				{ minLevel: 0, prefixes: null, search: "no such text" },
			];
			for (const filter of filters) {
				for (const lines of filter.search === "needle3" ? [1, 500] : [500]) {
					const streamed = await searchWindow(handle, lines, filter);
					expect(streamed, JSON.stringify({ filter, lines })).toEqual(
						await searchWindowInMemory(handle, lines, filter),
					);
				}
			}
			const hits = await searchWindow(handle, 500, { minLevel: 0, prefixes: null, search: "needle3" });
			expect(hits.length).toBeGreaterThan(100);
			expect(hits.at(-1)).toContain("last line without newline");
			expect(hits.join("")).not.toContain("A".repeat(40));
		} finally {
			await handle.close();
		}
	});
});
