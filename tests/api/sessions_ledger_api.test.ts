/**
 * The ledger-backed endpoints over HTTP on a fixture copy: after a message appended the
 * way Hermes appends it, /api/sessions/stats, /api/sessions?order=recent,
 * /api/analytics/usage and /api/sessions/empty/count answer the new state at once, in
 * Hermes's shapes.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";

let previousCache: string | undefined;
beforeAll(() => {
	previousCache = process.env.XDG_CACHE_HOME;
	process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "ledger-api-"));
});
afterAll(() => {
	if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
	else process.env.XDG_CACHE_HOME = previousCache;
});

function agentTurn(path: string, sessionId: string, at: number): void {
	const db = new DatabaseSync(path);
	db.exec("BEGIN IMMEDIATE");
	db.prepare(
		"INSERT INTO messages (session_id, role, content, timestamp, finish_reason) VALUES (?, 'assistant', 'ok', ?, 'stop')",
	).run(sessionId, at);
	db.prepare(
		`UPDATE sessions SET message_count = message_count + 1, input_tokens = input_tokens + 5000,
		api_call_count = api_call_count + 1 WHERE id = ?`,
	).run(sessionId);
	db.exec("COMMIT");
	db.close();
}

describe("ledger-backed endpoints", () => {
	it("follow an agent write at once", async () => {
		const context = makeContext();
		const request = testClient(context);
		const path = join(context.home, "state.db");
		const get = async (url: string) => {
			const response = await request(url);
			expect(response.status, url).toBe(200);
			return response.json();
		};
		const stats = await get("/api/sessions/stats");
		expect(Object.keys(stats)).toEqual(["total", "active_store", "archived", "messages", "by_source"]);
		const usage = await get("/api/analytics/usage?days=3650");
		const page = await get("/api/sessions?order=recent&limit=50");
		const oldest = page.sessions.at(-1);
		expect(page.sessions[0].id).not.toBe(oldest.id);
		const empty = await get("/api/sessions/empty/count");
		expect(typeof empty.count).toBe("number");

		agentTurn(path, oldest.id, FIXTURE_NOW_MS / 1000 - 1);

		expect((await get("/api/sessions/stats")).messages).toBe(stats.messages + 1);
		const after = await get("/api/sessions?order=recent&limit=50");
		expect(after.sessions[0].id).toBe(oldest.id);
		expect(after.total).toBe(page.total);
		const usageAfter = await get("/api/analytics/usage?days=3650");
		expect(usageAfter.totals.total_input).toBe(usage.totals.total_input + 5000);
		expect(usageAfter.totals.total_api_calls).toBe(usage.totals.total_api_calls + 1);
		expect(usageAfter.totals.total_sessions).toBe(usage.totals.total_sessions);
	});
});
