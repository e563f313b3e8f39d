/**
 * The bounded full-text ranking keeps Hermes's order: with no more matches than the
 * candidate bound it returns exactly what `ORDER BY rank` returns (fixture home, both
 * FTS tables); with more, the best-ranked of the newest matches, in rank order.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { ftsCandidatesSQL } from "../../src/hermes/sessions/search.ts";

const HERMES_ORDER = (table: string): string =>
	`SELECT m.id, m.session_id, m.role FROM ${table} JOIN messages m ON m.id = ${table}.rowid
	WHERE ${table} MATCH ? AND (m.active = 1 OR m.compacted = 1) ORDER BY rank LIMIT ?`;

const home = copyFixtureHome();
afterAll(() => rmSync(dirname(home), { recursive: true, force: true }));

describe("bounded full-text ranking", () => {
	it("equals Hermes's rank order when the matches fit the bound", () => {
		const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
		try {
			for (const [table, match] of [
				["messages_fts", "deploy*"],
				["messages_fts", "config* OR session*"],
				["messages_fts", "the*"],
				["messages_fts_trigram", '"整理成"'],
				["messages_fts_trigram", '"the"'],
			] as const) {
				const hermes = db.prepare(HERMES_ORDER(table)).all(match, 50);
				expect(hermes.length, `${table} ${match}`).toBeGreaterThan(0);
				expect(db.prepare(ftsCandidatesSQL(table)).all(match, 2000, 50), `${table} ${match}`).toEqual(hermes);
			}
		} finally {
			db.close();
		}
	});

	it("ranks only the newest matches when there are more than the bound", () => {
		const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
		try {
			const all = db
				.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'the*' ORDER BY rowid DESC")
				.all() as { rowid: number }[];
			expect(all.length).toBeGreaterThan(6);
			const bounded = db.prepare(ftsCandidatesSQL("messages_fts")).all("the*", 5, 50) as { id: number }[];
			const newest = new Set(all.slice(0, 5).map((entry) => entry.rowid));
			expect(bounded.length).toBeGreaterThan(0);
			for (const hit of bounded) expect(newest.has(hit.id)).toBe(true);
		} finally {
			db.close();
		}
	});
});
