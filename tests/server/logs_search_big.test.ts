/**
 * The streamed log search returns exactly what the whole-window search returned, on a
 * log bigger than the 40,000-line window: tracebacks that inherit their record's level,
 * lines before the first record head, secrets the redactor masks, multi-byte text across
 * 64 KiB chunk edges, and a last line without a newline.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
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

describe("streamed log search", () => {
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
