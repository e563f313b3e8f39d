/**
 * top_skills' last_used_at from the ledger: the per-skill newest-first lookup answers what
 * a grouped MAX over the window answers, and reads through its index, never a scan of
 * every skill row (that scan took 95 ms on the 100k home).
 */
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { ledgerSkillLastUse } from "../../src/hermes/sessions/ledger_queries.ts";
import { LEDGER_DDL } from "../../src/hermes/sessions/ledger_schema.ts";

function ledgerWithSkills(): DatabaseSync {
	const db = new DatabaseSync(":memory:");
	db.exec(LEDGER_DDL);
	const session = db.prepare(
		"INSERT INTO ledger (id, srowid, source_key, archived, visible, started_at, root) VALUES (?, ?, 'cli', 0, 1, ?, ?)",
	);
	const tool = db.prepare("INSERT INTO ledger_tools (id, day, kind, name, n, last) VALUES (?, NULL, ?, ?, 1, ?)");
	for (let i = 0; i < 300; i++) {
		const id = `s${i}`;
		session.run(id, i, i * 1000, id);
		tool.run(id, i % 3 === 0 ? "view" : "manage", `skill-${i % 7}`, i * 1000 + (i % 5) * 400);
		tool.run(id, "call", "terminal", null);
	}
	// A session started before the window that used a skill after every other session.
	session.run("early", 999, 10, "early");
	tool.run("early", "view", "skill-1", 10_000_000);
	return db;
}

describe("ledgerSkillLastUse", () => {
	it("equals the grouped maximum over sessions started in the window", () => {
		const db = ledgerWithSkills();
		for (const since of [0, 50_000, 150_000, 290_000, 400_000]) {
			const expected = new Map(
				(
					db
						.prepare(
							`SELECT t.name, MAX(t.last) AS last FROM ledger_tools t JOIN ledger l ON l.id = t.id
							WHERE t.kind IN ('view', 'manage') AND l.started_at > ? GROUP BY t.name`,
						)
						.all(since) as { name: string; last: number }[]
				).map((row) => [row.name, row.last]),
			);
			const names = Array.from({ length: 8 }, (_, i) => `skill-${i}`);
			expect(ledgerSkillLastUse(db, since, names)).toEqual(expected);
		}
	});

	it("reads each skill through the (name, last) index", () => {
		const db = ledgerWithSkills();
		const plan = (
			db
				.prepare(
					`EXPLAIN QUERY PLAN SELECT t.last FROM ledger_tools t JOIN ledger l ON l.id = t.id
					WHERE t.name = ? AND t.kind IN ('view', 'manage') AND t.last IS NOT NULL AND l.started_at > ?
					ORDER BY t.last DESC LIMIT 1`,
				)
				.all("skill-1", 0) as { detail: string }[]
		).map((step) => step.detail);
		expect(plan.some((line) => line.includes("USING INDEX ledger_tools_skill_last"))).toBe(true);
		expect(plan.filter((line) => line.startsWith("SCAN"))).toEqual([]);
		expect(plan.join("\n")).not.toContain("TEMP B-TREE");
	});
});
