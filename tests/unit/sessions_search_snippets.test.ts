/**
 * Search snippets are computed after ranking, for the kept hits only, in one pass: each
 * must be the very snippet Hermes's search computes inline for that message (fixture
 * home, both FTS tables, prefix and exact terms), whatever subset of the matches is asked.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { ftsSnippets, searchSessions } from "../../src/hermes/sessions/search.ts";
import { closeReaders } from "../../src/hermes/sessions/state_db.ts";

const home = copyFixtureHome();
afterAll(() => {
	closeReaders();
	rmSync(dirname(home), { recursive: true, force: true });
});

/** Hermes's query (hermes-home §4.4): snippet() beside the rank, on every match. */
const HERMES_SNIPPETS = (table: string): string =>
	`SELECT m.id, snippet(${table}, 0, '>>>', '<<<', '...', 40) AS snippet
	FROM ${table} JOIN messages m ON m.id = ${table}.rowid
	WHERE ${table} MATCH ? AND (m.active = 1 OR m.compacted = 1) ORDER BY rank`;

const QUERIES = [
	["messages_fts", "deploy*"],
	["messages_fts", "config* OR session*"],
	["messages_fts", "the*"],
	["messages_fts", "the"],
	["messages_fts_trigram", '"整理成"'],
	["messages_fts_trigram", '"the"'],
] as const;

describe("full-text snippets", () => {
	it("are each message's own snippet, for all matches or any subset", () => {
		const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
		try {
			for (const [table, match] of QUERIES) {
				const hermes = db.prepare(HERMES_SNIPPETS(table)).all(match) as { id: number; snippet: string }[];
				expect(hermes.length, `${table} ${match}`).toBeGreaterThan(0);
				const expected = new Map(hermes.map((entry) => [entry.id, entry.snippet]));
				expect(ftsSnippets(db, table, match, [...expected.keys()]), `${table} ${match}`).toEqual(expected);
				// Every other match, and the last one alone: rows outside the set get no snippet.
				const some = hermes.filter((_, index) => index % 2 === 1).map((entry) => entry.id);
				expect(ftsSnippets(db, table, match, some)).toEqual(new Map(some.map((id) => [id, expected.get(id)])));
				const last = hermes[hermes.length - 1]!.id;
				expect(ftsSnippets(db, table, match, [last])).toEqual(new Map([[last, expected.get(last)]]));
			}
		} finally {
			db.close();
		}
	});

	it("reach the search results: every content hit shows a snippet of its own session's match", () => {
		const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
		try {
			const results = searchSessions(join(home, "state.db"), "the", 50);
			expect(results.length).toBeGreaterThan(2);
			const bySession = new Map<string, Set<string>>();
			for (const entry of db
				.prepare(
					`SELECT m.session_id, snippet(messages_fts, 0, '>>>', '<<<', '...', 40) AS snippet
					FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH 'the*'`,
				)
				.all() as { session_id: string; snippet: string }[]) {
				const set = bySession.get(entry.session_id) ?? new Set();
				set.add(entry.snippet);
				bySession.set(entry.session_id, set);
			}
			// A hit is reported on its lineage tip: its snippet comes from some session of that lineage.
			const lineage = (root: string): string[] =>
				(
					db
						.prepare(
							`WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT s.id FROM sessions s JOIN chain ON s.parent_session_id = chain.id)
							SELECT id FROM chain`,
						)
						.all(root) as { id: string }[]
				).map((entry) => entry.id);
			for (const result of results) {
				const candidates = lineage(result.lineage_root).flatMap((id) => [...(bySession.get(id) ?? [])]);
				expect(candidates, result.session_id).toContain(result.snippet);
			}
			expect(new Set(results.map((result) => result.snippet)).size).toBeGreaterThan(2);
		} finally {
			db.close();
		}
	});
});
