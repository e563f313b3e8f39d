/**
 * Query plans of the request paths: every statement the sessions, stats, usage, search
 * and status reads prepare against state.db (after an agent-style write, so the ledger
 * refresh runs too) is run through EXPLAIN QUERY PLAN, and none may scan the `sessions`
 * or `messages` table. Index walks are allowed only where they are bounded: an ordered
 * walk that stops at a LIMIT, and the id-substring match, which reads the id index only.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_NOW_MS } from "../helpers/app.ts";

const recorded = new Set<string>();
const prepare = DatabaseSync.prototype.prepare;
let previousCache: string | undefined;

beforeAll(() => {
	previousCache = process.env.XDG_CACHE_HOME;
	process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "plan-cache-"));
	DatabaseSync.prototype.prepare = function (this: DatabaseSync, sql: string) {
		recorded.add(sql);
		return prepare.call(this, sql);
	} as typeof prepare;
});
afterAll(() => {
	DatabaseSync.prototype.prepare = prepare;
	if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
	else process.env.XDG_CACHE_HOME = previousCache;
});

/** Aliases the statement gives the two big tables (`FROM sessions s`, `JOIN messages m`…). */
function bigTableAliases(sql: string): Set<string> {
	const aliases = new Set<string>();
	for (const match of sql.matchAll(/\b(sessions|messages)\b(?:\s+(?:AS\s+)?(\w+))?/gi)) {
		aliases.add(match[1]!.toLowerCase());
		const alias = match[2];
		if (
			alias !== undefined &&
			!/^(WHERE|ON|JOIN|SET|GROUP|ORDER|LIMIT|AND|OR|WITH|INNER|LEFT|VALUES)$/i.test(alias)
		) {
			aliases.add(alias);
		}
	}
	return aliases;
}

/** The plan lines that read a whole table (or a whole index without a stopping LIMIT). */
function unboundedScans(db: DatabaseSync, sql: string): string[] {
	let plan: { detail: string }[];
	try {
		plan = prepare.call(db, `EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
	} catch {
		return []; // The ledger's own statements (its tables are not in state.db).
	}
	const aliases = bigTableAliases(sql);
	return plan
		.map((step) => step.detail)
		.filter((detail) => {
			const scan = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(detail);
			if (scan === null || !aliases.has(scan[1]!)) return false;
			const index = scan[2];
			// A walk from the newest rowid that stops at a LIMIT.
			if (index === undefined) return !/ORDER BY id DESC LIMIT/i.test(sql);
			if (/\bLIMIT\b/i.test(sql) && /ORDER BY/i.test(sql)) return false;
			// Hermes matches ids anywhere in the id: only the id index can answer that.
			if (/^SELECT id FROM sessions WHERE id LIKE/.test(sql)) return false;
			return true;
		});
}

describe("request-path query plans", () => {
	it("never scan the sessions or messages table", async () => {
		const { listSessions } = await import("../../src/hermes/sessions/query.ts");
		const { sessionStats } = await import("../../src/hermes/sessions/stats.ts");
		const { ledgerUsageReport } = await import("../../src/hermes/sessions/analytics.ts");
		const { searchSessions } = await import("../../src/hermes/sessions/search.ts");
		const { countActiveSessions, getMessages } = await import("../../src/hermes/sessions/query.ts");
		const path = join(copyFixtureHome(), "state.db");
		const now = FIXTURE_NOW_MS / 1000;
		sessionStats(path);
		const writer = new DatabaseSync(path);
		const open = writer.prepare("SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1").get() as { id: string };
		writer.exec("BEGIN IMMEDIATE");
		writer
			.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES (?, 'user', 'plan check', ?)")
			.run(open.id, now);
		writer.prepare("UPDATE sessions SET message_count = message_count + 1 WHERE id = ?").run(open.id);
		writer.exec("COMMIT");
		writer.close();
		recorded.clear();
		for (const order of ["created", "recent"] as const) {
			listSessions(path, { limit: 20, offset: 0, order }, now);
			listSessions(
				path,
				{ limit: 20, offset: 40, order, archived: "include", source: "cli", minMessages: 1 },
				now,
			);
		}
		sessionStats(path);
		expect(ledgerUsageReport(path, 90, now)).not.toBeNull();
		for (const query of ["deploy", "config.yaml", open.id.slice(0, 6), "周报整理", "部署"]) {
			searchSessions(path, query, 20);
		}
		getMessages(path, open.id, 100, 0);
		countActiveSessions(path, now);
		const { countEmptySessions } = await import("../../src/hermes/sessions/write.ts");
		countEmptySessions(path);
		expect(recorded.size).toBeGreaterThan(10);
		const db = new DatabaseSync(path, { readOnly: true });
		const offenders = [...recorded].flatMap((sql) =>
			unboundedScans(db, sql).map((line) => `${line}\n  in: ${sql.replace(/\s+/g, " ").slice(0, 200)}`),
		);
		db.close();
		expect(offenders).toEqual([]);
	});

	it("flags a full scan (the check itself can fail)", () => {
		const db = new DatabaseSync(join(copyFixtureHome(), "state.db"), { readOnly: true });
		expect(unboundedScans(db, "SELECT COUNT(*) FROM sessions WHERE archived = 1")).not.toEqual([]);
		expect(unboundedScans(db, "SELECT * FROM messages m WHERE m.content LIKE '%x%'")).not.toEqual([]);
		expect(unboundedScans(db, "SELECT * FROM sessions WHERE id = 'x'")).toEqual([]);
		db.close();
	});
});
