/**
 * The id-substring match takes a faster LIKE form when the needle holds no LIKE
 * metacharacter; for every needle it must find exactly what the escaped pattern finds.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { ID_MATCH_SQL, matchingSessionIds } from "../../src/hermes/sessions/search.ts";
import { likeEscape } from "../../src/hermes/sessions/rows.ts";

const home = copyFixtureHome();
afterAll(() => rmSync(dirname(home), { recursive: true, force: true }));

describe("id-substring match", () => {
	it("finds what the escaped LIKE pattern finds, metacharacters included", () => {
		const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
		try {
			const reference = (needle: string): string[] =>
				(db.prepare(ID_MATCH_SQL).all(`%${likeEscape(needle)}%`) as { id: string }[]).map((entry) => entry.id);
			// "2026110_": an unescaped "_" would match the 20261108_… ids; escaped it matches none.
			const needles = ["dade6a", "DADE6A", "0917", "20261108_0917", "2026110_", "%", "_", "\\", "1108%0917"];
			for (const needle of needles) {
				expect(matchingSessionIds(db, needle), needle).toEqual(reference(needle));
			}
			expect(matchingSessionIds(db, "DADE6A")).toEqual(["20261108_091750_dade6a"]);
			expect(matchingSessionIds(db, "2026110_")).toEqual([]);
		} finally {
			db.close();
		}
	});
});
