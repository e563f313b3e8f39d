import { describe, expect, it } from "vitest";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { makeContext, testClient } from "../helpers/app.ts";
import {
	ARCHIVED,
	BRANCH_CHILD,
	BRANCH_PARENT,
	COMPRESSION_ROOT,
	COMPRESSION_TIP,
	DELEGATE_CHILD,
	OPEN_CLI,
} from "../helpers/fixture_sessions.ts";
import { $$, parseHTML, textOf } from "../helpers/dom.ts";

function setup() {
	const context = makeContext();
	return { context, request: testClient(context), db: join(context.home, "state.db") };
}

async function json(response: Response): Promise<any> {
	return await response.json();
}

describe("GET /api/sessions", () => {
	it("lists visible sessions newest first, hides continuations and delegates, projects compression roots", async () => {
		const { request } = setup();
		const body = await json(await request("/api/sessions?limit=100"));
		expect(body.total).toBe(32);
		expect(body.limit).toBe(100);
		expect(body.offset).toBe(0);
		const ids = body.sessions.map((row: any) => row.id);
		expect(ids.length).toBe(32);
		expect(ids[0]).toBe(OPEN_CLI);
		expect(ids).not.toContain(DELEGATE_CHILD);
		expect(ids).not.toContain(ARCHIVED);
		expect(ids).not.toContain(COMPRESSION_ROOT);
		expect(ids).toContain(BRANCH_CHILD);
		expect(ids).toContain(BRANCH_PARENT);
		const projected = body.sessions.find((row: any) => row.id === COMPRESSION_TIP);
		expect(projected._lineage_root_id).toBe(COMPRESSION_ROOT);
		expect(projected.started_at).toBe(1794129470);
		expect(projected.title).toBe("Async migration of legacy modules #2");
		expect(projected.message_count).toBe(4);
		expect(projected.preview).toBe("Continue with the remaining modules and run the test suite.");
		const started = body.sessions.map((row: any) => row.started_at);
		expect([...started].sort((a, b) => b - a)).toEqual(started);
		for (const row of body.sessions) {
			expect(typeof row.archived).toBe("boolean");
			expect(typeof row.is_active).toBe("boolean");
			expect(typeof row.last_active).toBe("number");
			expect(row).not.toHaveProperty("system_prompt");
			expect(row).not.toHaveProperty("model_config");
			expect(row).toHaveProperty("cwd");
		}
	});

	it("computes preview and last_active as Hermes does", async () => {
		const { request } = setup();
		const rows = (await json(await request("/api/sessions?limit=100"))).sessions;
		const open = rows.find((row: any) => row.id === OPEN_CLI);
		expect(open.preview).toBe("Ctrl-C test — what's the uptime of this box?");
		expect(open.last_active).toBeGreaterThanOrEqual(open.started_at);
		const cron = rows.find((row: any) => row.id === "cron_9d03a760d759_20261123_180030");
		// Hermes keeps the two spaces the blank line between the job header and the prompt leaves.
		expect(cron.preview).toBe('[SYSTEM: scheduled job "Backup check"]  Check that last nigh...');
		expect(cron.last_active).toBe(1795457065.0482156);
	});

	it("applies archived, source, exclude_sources, min_messages, full and paging", async () => {
		const { request } = setup();
		const only = await json(await request("/api/sessions?archived=only"));
		expect(only.total).toBe(1);
		expect(only.sessions[0].id).toBe(ARCHIVED);
		expect(only.sessions[0].archived).toBe(true);
		expect((await json(await request("/api/sessions?archived=include"))).total).toBe(33);
		const cron = await json(await request("/api/sessions?source=cron&limit=50"));
		expect(cron.total).toBe(6);
		expect(cron.sessions.every((row: any) => row.source === "cron")).toBe(true);
		const noChat = await json(await request("/api/sessions?exclude_sources=telegram,discord&limit=50"));
		expect(noChat.sessions.some((row: any) => row.source === "telegram" || row.source === "discord")).toBe(false);
		expect(noChat.total).toBe(32 - 6 - 5);
		const busy = await json(await request("/api/sessions?min_messages=10&limit=50"));
		expect(busy.sessions.every((row: any) => row.message_count >= 10 || row._lineage_root_id)).toBe(true);
		expect(busy.total).toBe(4);
		expect((await json(await request("/api/sessions?min_messages=-5"))).total).toBe(32);
		const full = await json(await request("/api/sessions?full=1&limit=1"));
		expect(full.sessions[0]).toHaveProperty("system_prompt");
		expect(full.sessions[0]).toHaveProperty("model_config");
		const page2 = await json(await request("/api/sessions?limit=5&offset=5"));
		const all = await json(await request("/api/sessions?limit=10"));
		expect(page2.sessions.map((row: any) => row.id)).toEqual(all.sessions.slice(5).map((row: any) => row.id));
	});

	it("orders by recent activity across a compression chain", async () => {
		const { context, request, db } = setup();
		// Fresh activity on the compression tip must lift the whole chain to the top.
		const write = new DatabaseSync(db);
		write
			.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES (?, 'user', 'again', ?)")
			.run(COMPRESSION_TIP, context.clock.now() / 1000);
		write.close();
		const recent = await json(await request("/api/sessions?order=recent&limit=3"));
		expect(recent.sessions[0].id).toBe(COMPRESSION_TIP);
		expect(recent.sessions[0]._lineage_root_id).toBe(COMPRESSION_ROOT);
		const created = await json(await request("/api/sessions?order=created&limit=3"));
		expect(created.sessions[0].id).toBe(OPEN_CLI);
	});

	it("marks sessions active within 300 s and counts them on /api/status", async () => {
		const { context, request, db } = setup();
		expect((await json(await request("/api/status"))).active_sessions).toBe(0);
		const write = new DatabaseSync(db);
		write
			.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES (?, 'user', 'hello?', ?)")
			.run(OPEN_CLI, context.clock.now() / 1000 - 10);
		write.close();
		const rows = (await json(await request("/api/sessions"))).sessions;
		expect(rows.find((row: any) => row.id === OPEN_CLI).is_active).toBe(true);
		expect(rows.filter((row: any) => row.is_active).length).toBe(1);
		expect((await json(await request("/api/status"))).active_sessions).toBe(1);
	});

	it("rejects bad archived/order values with Hermes's texts and bad integers with 422", async () => {
		const { request } = setup();
		const archived = await request("/api/sessions?archived=maybe");
		expect(archived.status).toBe(400);
		expect(await archived.json()).toEqual({ detail: "archived must be one of: exclude, only, include" });
		const order = await request("/api/sessions?order=oldest");
		expect(order.status).toBe(400);
		expect(await order.json()).toEqual({ detail: "order must be one of: created, recent" });
		const limit = await request("/api/sessions?limit=ten");
		expect(limit.status).toBe(422);
		expect((await limit.json()).detail[0].loc).toEqual(["query", "limit"]);
		expect((await request("/api/sessions?full=perhaps")).status).toBe(422);
	});

	it("needs the session token", async () => {
		const { request } = setup();
		expect((await request("/api/sessions", { token: false })).status).toBe(401);
	});
});

describe("GET /api/sessions/{id}, /messages, /export", () => {
	it("resolves exact ids and unique prefixes; ambiguous or wildcard prefixes are 404", async () => {
		const { request } = setup();
		const exact = await json(await request(`/api/sessions/${COMPRESSION_ROOT}`));
		expect(exact.id).toBe(COMPRESSION_ROOT);
		expect(exact.system_prompt).toBeDefined();
		expect(exact.archived).toBe(0);
		expect((await json(await request("/api/sessions/20261108_0917"))).id).toBe(COMPRESSION_ROOT);
		for (const bad of ["2026111", "%25", "2026_", "nope"]) {
			const response = await request(`/api/sessions/${bad}`);
			expect(response.status).toBe(404);
			expect(await response.json()).toEqual({ detail: "Session not found" });
		}
	});

	it("forwards messages to the compression tip and pages them", async () => {
		const { request } = setup();
		const page = await json(await request(`/api/sessions/${COMPRESSION_ROOT}/messages?limit=2&offset=1`));
		expect(page.session_id).toBe(COMPRESSION_TIP);
		expect(page.pagination).toEqual({ limit: 2, offset: 1, returned: 2 });
		expect(page.messages.map((message: any) => message.id)).toEqual([120, 121]);
		expect(Array.isArray(page.messages[0].tool_calls)).toBe(true);
		expect(page.messages[0].tool_calls[0].function.name).toBeTypeOf("string");
		const all = await json(await request(`/api/sessions/${COMPRESSION_TIP}/messages`));
		expect(all.pagination.limit).toBeNull();
		expect(all.messages.length).toBe(4);
		const capped = await json(await request(`/api/sessions/20261013_103306_20be06/messages?limit=100000`));
		expect(capped.pagination.limit).toBe(500);
		expect((await request("/api/sessions/nope/messages")).status).toBe(404);
	});

	it("exports the row with its active messages", async () => {
		const { request } = setup();
		const exported = await json(await request("/api/sessions/20261120_211929_7ea877/export"));
		expect(exported.id).toBe("20261120_211929_7ea877");
		expect(exported.title).toBe("Plan Lisbon trip ✈️");
		expect(exported.messages.length).toBe(exported.message_count);
		expect((await request("/api/sessions/nope/export")).status).toBe(404);
	});
});

describe("GET /api/sessions/search", () => {
	it("finds Latin terms with >>>/<<< markers", async () => {
		const { request } = setup();
		for (const term of ["idempotency", "Lisbon", "ECONNRESET"]) {
			const { results } = await json(await request(`/api/sessions/search?q=${encodeURIComponent(term)}`));
			expect(results.length).toBeGreaterThan(0);
			expect(results[0].snippet.toLowerCase()).toContain(`>>>${term.toLowerCase()}`);
			expect(Object.keys(results[0]).sort()).toEqual([
				"lineage_root",
				"model",
				"role",
				"session_id",
				"session_started",
				"snippet",
				"source",
			]);
		}
	});

	it("finds CJK text (trigram for 3+ chars, LIKE for shorter)", async () => {
		const { request } = setup();
		const japanese = (await json(await request(`/api/sessions/search?q=${encodeURIComponent("エラー")}`))).results;
		expect(japanese.length).toBe(2);
		expect(japanese[0].snippet).toContain(">>>エラー<<<");
		const chinese = (await json(await request(`/api/sessions/search?q=${encodeURIComponent("周报")}`))).results;
		expect(chinese.map((hit: any) => hit.session_id)).toContain("20261118_171527_1b1d70");
	});

	it("reports a compression lineage once, on its tip, and keeps branch hits apart", async () => {
		const { request } = setup();
		const byId = (await json(await request("/api/sessions/search?q=20261108_0917"))).results;
		expect(byId[0]).toMatchObject({ session_id: COMPRESSION_TIP, lineage_root: COMPRESSION_ROOT, role: null });
		const dates = (await json(await request("/api/sessions/search?q=date&limit=100"))).results;
		const ids = dates.map((hit: any) => hit.session_id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toContain(BRANCH_PARENT);
		expect(ids).toContain(BRANCH_CHILD);
		const migration = (await json(await request("/api/sessions/search?q=migration&limit=50"))).results;
		const lineage = migration.filter((hit: any) => hit.lineage_root === COMPRESSION_ROOT);
		expect(lineage.length).toBe(1);
		expect(lineage[0].session_id).toBe(COMPRESSION_TIP);
	});

	it("never fails on hostile or odd input", async () => {
		const { request } = setup();
		const inputs = [
			'"',
			'""',
			"NEAR(",
			"a OR",
			"AND",
			"*",
			"**x",
			"(((",
			"foo:bar",
			"a-b.c_d",
			"'; DROP TABLE sessions; --",
			"😀",
			"✈️ trip",
			"^x",
			"{x}",
			"+x",
			"%",
			"_",
			"\\",
			"x".repeat(5000),
			"日本",
			"NOT NOT NOT",
		];
		for (const q of inputs) {
			const response = await request(`/api/sessions/search?q=${encodeURIComponent(q)}`);
			expect(response.status, q).toBe(200);
			expect(Array.isArray((await response.json()).results)).toBe(true);
		}
		expect(await json(await request("/api/sessions/search?q=%20%20"))).toEqual({ results: [] });
		expect(await json(await request("/api/sessions/search"))).toEqual({ results: [] });
	});

	it("clamps limit to 1..100", async () => {
		const { request } = setup();
		expect((await json(await request("/api/sessions/search?q=the&limit=0"))).results.length).toBe(1);
		expect((await json(await request("/api/sessions/search?q=the&limit=2"))).results.length).toBe(2);
		expect((await json(await request("/api/sessions/search?q=the&limit=1000"))).results.length).toBeLessThanOrEqual(
			100,
		);
	});
});

describe("GET /api/sessions/stats", () => {
	it("counts all rows, archived, messages and visible sessions per source", async () => {
		const { request } = setup();
		expect(await json(await request("/api/sessions/stats"))).toEqual({
			total: 35,
			active_store: 34,
			archived: 1,
			messages: 223,
			by_source: { cli: 16, cron: 6, telegram: 6, discord: 5 },
		});
	});
});

describe("profile parameter", () => {
	it("rejects bad names with 400 and unknown profiles with 404", async () => {
		const { request } = setup();
		const missing = await request("/api/sessions?profile=worker");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Profile 'worker' does not exist." });
		expect((await request("/api/sessions/stats?profile=..%2Fetc")).status).toBe(400);
		const current = await json(await request("/api/sessions?profile=current&limit=1"));
		expect(current.total).toBe(32);
		const named = await json(await request("/api/sessions?profile=default&limit=1"));
		expect(named.sessions[0]).toMatchObject({ profile: "default", is_default_profile: true });
	});
});

describe("a missing or broken state.db", () => {
	it("treats a missing file as an empty store", async () => {
		const { request, db } = setup();
		for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
		expect(await json(await request("/api/sessions"))).toEqual({ sessions: [], total: 0, limit: 20, offset: 0 });
		expect(await json(await request("/api/sessions/stats"))).toEqual({
			total: 0,
			active_store: 0,
			archived: 0,
			messages: 0,
			by_source: {},
		});
		expect(await json(await request("/api/sessions/search?q=x"))).toEqual({ results: [] });
		expect((await request(`/api/sessions/${OPEN_CLI}`)).status).toBe(404);
		expect(await json(await request(`/api/sessions/${OPEN_CLI}`, { method: "DELETE" }))).toEqual({
			ok: true,
			already_absent: true,
		});
		expect((await json(await request("/api/analytics/usage"))).totals.total_sessions).toBe(0);
		expect((await json(await request("/api/status"))).active_sessions).toBe(0);
		expect((await request("/sessions")).status).toBe(200);
		expect($$(parseHTML(await (await request("/")).text()), '[data-testid="no-sessions"]')).toHaveLength(1);
	});

	it("answers a corrupt file with a clear 503, and status still works", async () => {
		const { request, db } = setup();
		for (const suffix of ["-wal", "-shm"]) rmSync(db + suffix, { force: true });
		writeFileSync(db, "this is not a sqlite database ".repeat(200));
		for (const path of [
			"/api/sessions",
			"/api/sessions/stats",
			"/api/sessions/search?q=x",
			"/api/analytics/usage",
		]) {
			const response = await request(path);
			expect(response.status, path).toBe(503);
			expect((await response.json()).detail).toBe("state.db is damaged or not a SQLite database");
		}
		const status = await request("/api/status");
		expect(status.status).toBe(200);
		expect((await status.json()).active_sessions).toBe(0);
		const page = await request("/sessions");
		expect(page.status).toBe(200);
		expect(textOf(parseHTML(await page.text()).body)).toContain("state.db is damaged");
	});
});
