/**
 * The session ledger answers exactly what the direct state.db queries answer — on the
 * fixture home, and after each kind of change Hermes or the dashboard makes: a message
 * appended the way Hermes appends it, a new session, an archive from the dashboard and
 * one from another program, a delete, and a replaced or rewritten state.db.
 */
import { copyFileSync, mkdtempSync, readdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_NOW_MS } from "../helpers/app.ts";
import { ledgerUsageReport, usageReport } from "../../src/hermes/sessions/analytics.ts";
import {
	closeLedgers,
	ledgerBuilt,
	ledgerDirectory,
	ledgerOptions,
	ledgerSettled,
} from "../../src/hermes/sessions/ledger.ts";
import {
	type ListQuery,
	listSessions,
	listSessionsDirect,
	sessionStats,
	sessionStatsDirect,
} from "../../src/hermes/sessions/query.ts";
import { closeReaders } from "../../src/hermes/sessions/state_db.ts";
import { countEmptySessions, deleteSession, patchSession } from "../../src/hermes/sessions/write.ts";

const NOW = FIXTURE_NOW_MS / 1000;
const QUERIES: ListQuery[] = [
	{ limit: 20, offset: 0 },
	{ limit: 20, offset: 0, order: "recent" },
	{ limit: 5, offset: 3, order: "recent", archived: "include" },
	{ limit: -1, offset: 0, archived: "only" },
	{ limit: 50, offset: 0, source: "telegram" },
	{ limit: 50, offset: 0, excludeSources: ["cli"], minMessages: 2, order: "recent" },
	{ limit: 50, offset: 0, cwdPrefix: "/home" },
];

let previousCache: string | undefined;
beforeAll(() => {
	previousCache = process.env.XDG_CACHE_HOME;
	process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "ledger-cache-"));
});
afterAll(() => {
	closeLedgers();
	closeReaders();
	if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
	else process.env.XDG_CACHE_HOME = previousCache;
});

/** Float sums may differ in the last bits (other summation order); everything else is equal. */
function rounded(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value), (_key, entry) =>
		typeof entry === "number" && !Number.isInteger(entry) ? Number(entry.toPrecision(12)) : entry,
	);
}

/** Reads once (the refresh), lets its background re-check step run, then compares. */
async function expectSameAnswers(path: string): Promise<void> {
	sessionStats(path);
	await ledgerSettled(path);
	for (const query of QUERIES) {
		expect(listSessions(path, query, NOW), JSON.stringify(query)).toEqual(listSessionsDirect(path, query, NOW));
	}
	expect(sessionStats(path)).toEqual(sessionStatsDirect(path));
	const reader = new DatabaseSync(path, { readOnly: true });
	const empty = reader
		.prepare("SELECT COUNT(*) AS n FROM sessions WHERE message_count = 0 AND ended_at IS NOT NULL AND archived = 0")
		.get() as { n: number };
	reader.close();
	expect(countEmptySessions(path)).toBe(empty.n);
	for (const days of [1, 7, 30, 90, 3650]) {
		const fast = ledgerUsageReport(path, days, NOW);
		expect(fast, `usage ${days}`).not.toBeNull();
		expect(rounded(fast)).toEqual(rounded(usageReport(path, days, NOW)));
	}
}

/** An agent turn as Hermes writes it (hermes-home §4): the message, then the session counters. */
function appendMessage(path: string, sessionId: string, at: number, toolCall?: string): void {
	const db = new DatabaseSync(path);
	db.exec("BEGIN IMMEDIATE");
	db.prepare(
		`INSERT INTO messages (session_id, role, content, tool_calls, timestamp, finish_reason)
		VALUES (?, 'assistant', ?, ?, ?, ?)`,
	).run(
		sessionId,
		toolCall ? "" : "done",
		toolCall
			? JSON.stringify([
					{ id: "c1", type: "function", function: { name: toolCall, arguments: '{"name":"zz-skill"}' } },
				])
			: null,
		at,
		toolCall ? "tool_calls" : "stop",
	);
	db.prepare(
		`UPDATE sessions SET message_count = message_count + 1, tool_call_count = tool_call_count + ?,
		input_tokens = input_tokens + 1000, output_tokens = output_tokens + 10, api_call_count = api_call_count + 1,
		estimated_cost_usd = COALESCE(estimated_cost_usd, 0) + 0.001 WHERE id = ?`,
	).run(toolCall ? 1 : 0, sessionId);
	db.exec("COMMIT");
	db.close();
}

function newestSession(path: string, where = "1"): string {
	const db = new DatabaseSync(path, { readOnly: true });
	const found = db.prepare(`SELECT id FROM sessions WHERE ${where} ORDER BY started_at DESC LIMIT 1`).get() as {
		id: string;
	};
	db.close();
	return found.id;
}

describe("session ledger", () => {
	it("answers like the direct queries on the fixture home, in its own cache file", async () => {
		const path = join(copyFixtureHome(), "state.db");
		await expectSameAnswers(path);
		expect(readdirSync(ledgerDirectory()).some((name) => name.startsWith("ledger-"))).toBe(true);
	});

	it("builds on its own thread for big homes, answering from state.db meanwhile", async () => {
		const path = join(copyFixtureHome(), "state.db");
		ledgerOptions.syncBuildSessions = 0;
		try {
			const direct = listSessionsDirect(path, { limit: 20, offset: 0 }, NOW);
			expect(listSessions(path, { limit: 20, offset: 0 }, NOW)).toEqual(direct);
			expect(ledgerUsageReport(path, 90, NOW)).toBeNull();
			await ledgerBuilt(path);
			expect(ledgerUsageReport(path, 90, NOW)).not.toBeNull();
			await expectSameAnswers(path);
		} finally {
			ledgerOptions.syncBuildSessions = 3000;
		}
	});

	it("follows messages appended the way Hermes appends them", async () => {
		const path = join(copyFixtureHome(), "state.db");
		await expectSameAnswers(path);
		const open = newestSession(path, "ended_at IS NULL");
		const ended = newestSession(path, "ended_at IS NOT NULL AND parent_session_id IS NULL");
		appendMessage(path, open, NOW - 5, "skill_view");
		await expectSameAnswers(path);
		appendMessage(path, ended, NOW - 2);
		appendMessage(path, ended, NOW - 1, "terminal");
		await expectSameAnswers(path);
		const recent = listSessions(path, { limit: 1, offset: 0, order: "recent" }, NOW).sessions[0];
		expect(recent?.id).toBe(ended);
		const viewed = ledgerUsageReport(path, 3650, NOW)?.skills.top_skills.find(
			(skill) => skill.skill === "zz-skill",
		);
		expect(viewed).toMatchObject({ view_count: 1, last_used_at: NOW - 5 });
	});

	it("follows new sessions, archives (ours and another program's) and deletes", async () => {
		const path = join(copyFixtureHome(), "state.db");
		await expectSameAnswers(path);
		const db = new DatabaseSync(path);
		db.prepare(
			"INSERT INTO sessions (id, source, model, started_at, message_count) VALUES ('ledger_new', 'slack', 'm-new', ?, 0)",
		).run(NOW - 60);
		db.close();
		appendMessage(path, "ledger_new", NOW - 30, "web_search");
		await expectSameAnswers(path);
		const target = newestSession(path, "ended_at IS NOT NULL AND parent_session_id IS NULL AND archived = 0");
		await patchSession(path, target, { archived: true });
		await expectSameAnswers(path);
		expect(sessionStats(path).archived).toBe(sessionStatsDirect(path).archived);
		const other = new DatabaseSync(path);
		other.prepare("UPDATE sessions SET archived = 1 WHERE id = ?").run("ledger_new");
		other.close();
		await expectSameAnswers(path);
		await deleteSession(path, target);
		await expectSameAnswers(path);
		await deleteSession(path, "ledger_new");
		await expectSameAnswers(path);
		// Another program deletes a session (as Hermes's prune does): found by the re-check.
		const gone = newestSession(path, "ended_at IS NOT NULL AND parent_session_id IS NULL");
		const cli = new DatabaseSync(path);
		cli.exec("BEGIN IMMEDIATE");
		cli.prepare("UPDATE sessions SET parent_session_id = NULL WHERE parent_session_id = ?").run(gone);
		cli.prepare("DELETE FROM messages WHERE session_id = ?").run(gone);
		cli.prepare("DELETE FROM sessions WHERE id = ?").run(gone);
		cli.exec("COMMIT");
		cli.close();
		await expectSameAnswers(path);
	});

	it("rebuilds when state.db is replaced by another file", async () => {
		const home = copyFixtureHome();
		const path = join(home, "state.db");
		const before = sessionStats(path);
		await expectSameAnswers(path);
		const replacement = join(home, "replacement.db");
		const writer = new DatabaseSync(path);
		writer.exec(`VACUUM INTO '${replacement}'`);
		writer.close();
		const copy = new DatabaseSync(replacement);
		copy.exec(`DELETE FROM messages WHERE id IN (SELECT id FROM messages ORDER BY id LIMIT 3);
			UPDATE sessions SET message_count = (SELECT COUNT(*) FROM messages m WHERE m.session_id = sessions.id)`);
		copy.close();
		renameSync(replacement, path);
		await expectSameAnswers(path);
		expect(sessionStats(path).messages).toBe(before.messages - 3);
	});

	it("rebuilds when state.db is rewritten in place", async () => {
		const home = copyFixtureHome();
		const path = join(home, "state.db");
		const pristine = join(home, "pristine.db");
		copyFileSync(path, pristine);
		const before = sessionStats(path);
		appendMessage(path, newestSession(path), NOW - 1);
		await expectSameAnswers(path);
		expect(sessionStats(path).messages).toBe(before.messages + 1);
		// A restart, then the same inode with older content (a restore with cp): the
		// persisted ledger's message watermark is ahead of the file, so it is rebuilt.
		const writer = new DatabaseSync(path);
		writer.exec("PRAGMA wal_checkpoint(TRUNCATE)");
		writer.close();
		closeReaders();
		closeLedgers();
		copyFileSync(pristine, path);
		await expectSameAnswers(path);
		expect(sessionStats(path).messages).toBe(before.messages);
	});
});
