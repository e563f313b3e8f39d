import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { makeContext, testClient } from "../helpers/app.ts";
import {
	BRANCH_CHILD,
	BRANCH_PARENT,
	COMPRESSION_ROOT,
	COMPRESSION_TIP,
	DELEGATE_CHILD,
	DELEGATE_PARENT,
	LISBON,
} from "../helpers/fixture_sessions.ts";

function setup() {
	const context = makeContext();
	const path = join(context.home, "state.db");
	return {
		context,
		request: testClient(context),
		sql: <T = any>(query: string, ...params: (string | number | null)[]): T[] => {
			const db = new DatabaseSync(path, { readOnly: true });
			try {
				return db.prepare(query).all(...params) as T[];
			} finally {
				db.close();
			}
		},
		path,
	};
}

function patch(body: unknown) {
	return { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function post(body: unknown) {
	return { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** A fingerprint of every session row and message except the given sessions. */
function fingerprint(sql: ReturnType<typeof setup>["sql"], except: string[]): string {
	const marks = except.map(() => "?").join(",") || "''";
	const sessions = sql(`SELECT * FROM sessions WHERE id NOT IN (${marks}) ORDER BY id`, ...except).map(
		(row: any) => ({
			...row,
			parent_session_id: except.includes(row.parent_session_id) ? "<orphaned>" : row.parent_session_id,
		}),
	);
	const messages = sql(
		`SELECT id, session_id, content FROM messages WHERE session_id NOT IN (${marks}) ORDER BY id`,
		...except,
	);
	return JSON.stringify([sessions, messages]);
}

/** FTS must mirror `messages` exactly after any change (Hermes's triggers do the work). */
function expectFTSConsistent(sql: ReturnType<typeof setup>["sql"]): void {
	const messages = sql("SELECT COUNT(*) AS n FROM messages")[0].n;
	expect(sql("SELECT COUNT(*) AS n FROM messages_fts")[0].n).toBe(messages);
	expect(sql("SELECT COUNT(*) AS n FROM messages_fts_trigram")[0].n).toBe(messages);
	expect(sql("SELECT COUNT(*) AS n FROM messages_fts WHERE rowid NOT IN (SELECT id FROM messages)")[0].n).toBe(0);
	expect(
		sql("SELECT COUNT(*) AS n FROM session_model_usage WHERE session_id NOT IN (SELECT id FROM sessions)")[0].n,
	).toBe(0);
}

describe("PATCH /api/sessions/{id}", () => {
	it("renames with sanitised, unique titles and clears with an empty string", async () => {
		const { request, sql } = setup();
		const before = fingerprint(sql, [LISBON]);
		const renamed = await request(`/api/sessions/${LISBON}`, patch({ title: "  Lisbon\u200b\ttrip\n 2027 ✈️ " }));
		expect(await renamed.json()).toEqual({ ok: true, title: "Lisbon trip 2027 ✈️" });
		expect(sql("SELECT title FROM sessions WHERE id = ?", LISBON)[0].title).toBe("Lisbon trip 2027 ✈️");
		expect(fingerprint(sql, [LISBON])).toBe(before);

		const duplicate = await request(`/api/sessions/${LISBON}`, patch({ title: "周报整理" }));
		expect(duplicate.status).toBe(400);
		expect(await duplicate.json()).toEqual({
			detail: "Title '周报整理' is already in use by session 20261118_171527_1b1d70",
		});
		const long = await request(`/api/sessions/${LISBON}`, patch({ title: "x".repeat(101) }));
		expect(long.status).toBe(400);
		expect(sql("SELECT title FROM sessions WHERE id = ?", LISBON)[0].title).toBe("Lisbon trip 2027 ✈️");

		expect(await (await request(`/api/sessions/${LISBON}`, patch({ title: "" }))).json()).toEqual({
			ok: true,
			title: "",
		});
		expect(sql("SELECT title FROM sessions WHERE id = ?", LISBON)[0].title).toBeNull();
	});

	it("moves a title held by a compression ancestor to the tip", async () => {
		const { request, sql } = setup();
		const response = await request(
			`/api/sessions/${COMPRESSION_TIP}`,
			patch({ title: "Async migration of legacy modules" }),
		);
		expect(await response.json()).toEqual({ ok: true, title: "Async migration of legacy modules" });
		expect(
			sql("SELECT id, title FROM sessions WHERE id IN (?, ?) ORDER BY id", COMPRESSION_ROOT, COMPRESSION_TIP),
		).toEqual([
			{ id: COMPRESSION_ROOT, title: null },
			{ id: COMPRESSION_TIP, title: "Async migration of legacy modules" },
		]);
	});

	it("archives the whole compression lineage and reports archived only when sent", async () => {
		const { request, sql } = setup();
		const before = fingerprint(sql, [COMPRESSION_ROOT, COMPRESSION_TIP]);
		const archived = await request(`/api/sessions/${COMPRESSION_TIP}`, patch({ archived: true }));
		expect(await archived.json()).toEqual({
			ok: true,
			title: "Async migration of legacy modules #2",
			archived: true,
		});
		expect(
			sql("SELECT archived FROM sessions WHERE id IN (?, ?)", COMPRESSION_ROOT, COMPRESSION_TIP).map(
				(row) => row.archived,
			),
		).toEqual([1, 1]);
		expect(fingerprint(sql, [COMPRESSION_ROOT, COMPRESSION_TIP])).toBe(before);
		const list = await (await request("/api/sessions?archived=only")).json();
		expect(list.sessions.map((row: any) => row.id)).toContain(COMPRESSION_TIP);
		await request(`/api/sessions/${COMPRESSION_ROOT}`, patch({ archived: false }));
		expect(
			sql("SELECT archived FROM sessions WHERE id IN (?, ?)", COMPRESSION_ROOT, COMPRESSION_TIP).map(
				(row) => row.archived,
			),
		).toEqual([0, 0]);
		const titleOnly = await (await request(`/api/sessions/${LISBON}`, patch({ title: "T" }))).json();
		expect(titleOnly).not.toHaveProperty("archived");
	});

	it("answers 404 first, then 400 for an empty body, 422 for wrong types", async () => {
		const { request } = setup();
		const unknown = await request("/api/sessions/nope", patch({}));
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ detail: "Session not found" });
		const empty = await request(`/api/sessions/${LISBON}`, patch({}));
		expect(empty.status).toBe(400);
		expect(await empty.json()).toEqual({ detail: "Nothing to update; provide 'title' and/or 'archived'." });
		expect((await request(`/api/sessions/${LISBON}`, patch({ archived: "yes please" }))).status).toBe(422);
		expect(
			(
				await request(`/api/sessions/${LISBON}`, {
					method: "PATCH",
					body: "{not json",
					headers: { "content-type": "application/json" },
				})
			).status,
		).toBe(422);
	});

	it("waits for a locked database, then gives a clear 503 and changes nothing", async () => {
		const { request, sql, path } = setup();
		const holder = new DatabaseSync(path);
		holder.exec("BEGIN IMMEDIATE");
		try {
			const response = await request(`/api/sessions/${LISBON}`, patch({ title: "while locked" }));
			expect(response.status).toBe(503);
			expect((await response.json()).detail).toBe("state.db is locked by another process; try again shortly");
		} finally {
			holder.exec("ROLLBACK");
			holder.close();
		}
		expect(sql("SELECT title FROM sessions WHERE id = ?", LISBON)[0].title).toBe("Plan Lisbon trip ✈️");
		expect((await request(`/api/sessions/${LISBON}`, patch({ title: "after" }))).status).toBe(200);
	});
});

describe("DELETE /api/sessions/{id} and friends", () => {
	it("deletes a session with its delegate children, messages, FTS rows and usage rows", async () => {
		const { request, sql } = setup();
		const before = fingerprint(sql, [DELEGATE_PARENT, DELEGATE_CHILD]);
		const doomedMessages = sql(
			"SELECT id FROM messages WHERE session_id IN (?, ?)",
			DELEGATE_PARENT,
			DELEGATE_CHILD,
		).map((row) => row.id);
		expect(doomedMessages.length).toBe(8);
		expect(await (await request(`/api/sessions/${DELEGATE_PARENT}`, { method: "DELETE" })).json()).toEqual({
			ok: true,
		});
		expect(sql("SELECT id FROM sessions WHERE id IN (?, ?)", DELEGATE_PARENT, DELEGATE_CHILD)).toEqual([]);
		expect(sql(`SELECT COUNT(*) AS n FROM messages WHERE id IN (${doomedMessages.join(",")})`)[0].n).toBe(0);
		expect(sql(`SELECT COUNT(*) AS n FROM messages_fts WHERE rowid IN (${doomedMessages.join(",")})`)[0].n).toBe(0);
		expectFTSConsistent(sql);
		expect(fingerprint(sql, [DELEGATE_PARENT, DELEGATE_CHILD])).toBe(before);
		expect(await (await request(`/api/sessions/${DELEGATE_PARENT}`, { method: "DELETE" })).json()).toEqual({
			ok: true,
			already_absent: true,
		});
	});

	it("orphans branch children instead of deleting them, and resolves prefixes", async () => {
		const { request, sql } = setup();
		expect(await (await request("/api/sessions/20261117_1135", { method: "DELETE" })).json()).toEqual({ ok: true });
		expect(
			sql("SELECT id, parent_session_id FROM sessions WHERE id IN (?, ?)", BRANCH_PARENT, BRANCH_CHILD),
		).toEqual([{ id: BRANCH_CHILD, parent_session_id: null }]);
		expect(sql("SELECT COUNT(*) AS n FROM messages WHERE session_id = ?", BRANCH_CHILD)[0].n).toBe(2);
		expectFTSConsistent(sql);
	});

	it("bulk-deletes known ids, skips unknown ones and caps the batch at 500", async () => {
		const { request, sql } = setup();
		const many = await request(
			"/api/sessions/bulk-delete",
			post({ ids: Array.from({ length: 501 }, (_, i) => `x${i}`) }),
		);
		expect(many.status).toBe(400);
		expect(await many.json()).toEqual({ detail: "ids must contain at most 500 entries" });
		expect(await (await request("/api/sessions/bulk-delete", post({ ids: [] }))).json()).toEqual({
			ok: true,
			deleted: 0,
		});
		expect(
			await (await request("/api/sessions/bulk-delete", post({ ids: [LISBON, BRANCH_PARENT, "nope"] }))).json(),
		).toEqual({ ok: true, deleted: 2 });
		expect(sql("SELECT COUNT(*) AS n FROM sessions")[0].n).toBe(33);
		expect((await request("/api/sessions/bulk-delete", post({}))).status).toBe(422);
		expectFTSConsistent(sql);
	});

	it("counts and removes only ended, unarchived, empty sessions", async () => {
		const { request, sql, path } = setup();
		expect(await (await request("/api/sessions/empty/count")).json()).toEqual({ count: 0 });
		const db = new DatabaseSync(path);
		const insert = db.prepare(
			"INSERT INTO sessions (id, source, started_at, ended_at, message_count, archived) VALUES (?, 'cli', 1, ?, 0, ?)",
		);
		insert.run("empty_ended", 2, 0);
		insert.run("empty_open", null, 0);
		insert.run("empty_archived", 2, 1);
		db.close();
		expect(await (await request("/api/sessions/empty/count")).json()).toEqual({ count: 1 });
		expect(await (await request("/api/sessions/empty", { method: "DELETE" })).json()).toEqual({
			ok: true,
			deleted: 1,
		});
		expect(sql("SELECT id FROM sessions WHERE id LIKE 'empty_%' ORDER BY id").map((row) => row.id)).toEqual([
			"empty_archived",
			"empty_open",
		]);
	});
});

describe("POST /api/sessions/prune", () => {
	it("previews oldest first, then prunes only ended, unarchived, old sessions and their transcripts", async () => {
		const { context, request, sql } = setup();
		const cutoff = context.clock.now() / 1000 - 30 * 86400;
		const expected = sql(
			"SELECT id FROM sessions WHERE ended_at IS NOT NULL AND archived = 0 AND started_at < ? ORDER BY started_at",
			cutoff,
		).map((row) => row.id);
		expect(expected.length).toBeGreaterThan(0);
		const preview = await (
			await request("/api/sessions/prune", post({ older_than_days: 30, dry_run: true }))
		).json();
		expect(preview).toMatchObject({ ok: true, removed: 0, matched: expected.length });
		expect(preview.sessions.map((row: any) => row.id)).toEqual(expected);
		expect(Object.keys(preview.sessions[0]).sort()).toEqual([
			"id",
			"message_count",
			"model",
			"source",
			"started_at",
			"title",
		]);
		expect(preview.oldest_started_at).toBe(preview.sessions[0].started_at);
		expect(sql("SELECT COUNT(*) AS n FROM sessions")[0].n).toBe(35);

		mkdirSync(join(context.home, "sessions"), { recursive: true });
		const transcript = join(context.home, "sessions", `${expected[0]}.jsonl`);
		const dump = join(context.home, "sessions", `request_dump_${expected[0]}_1.json`);
		const kept = join(context.home, "sessions", "keep_me.json");
		for (const file of [transcript, dump, kept]) writeFileSync(file, "{}");

		const real = await (await request("/api/sessions/prune", post({ older_than_days: 30 }))).json();
		expect(real).toEqual({ ok: true, removed: expected.length });
		expect(
			sql(`SELECT COUNT(*) AS n FROM sessions WHERE id IN (${expected.map(() => "?").join(",")})`, ...expected)[0]
				.n,
		).toBe(0);
		expect(sql("SELECT COUNT(*) AS n FROM sessions WHERE id = '20261016_200917_847bd9'")[0].n).toBe(1);
		expect(existsSync(transcript)).toBe(false);
		expect(existsSync(dump)).toBe(false);
		expect(existsSync(kept)).toBe(true);
		expectFTSConsistent(sql);
	});

	it("applies attribute filters without the implicit 90-day cutoff and validates days", async () => {
		const { request } = setup();
		const cron = await (await request("/api/sessions/prune", post({ source: "cron", dry_run: true }))).json();
		expect(cron.matched).toBe(6);
		const model = await (
			await request("/api/sessions/prune", post({ model_like: "HAIKU", min_messages: 4, dry_run: true }))
		).json();
		expect(model.sessions.every((row: any) => row.model.includes("haiku") && row.message_count >= 4)).toBe(true);
		const zero = await request("/api/sessions/prune", post({ older_than_days: 0 }));
		expect(zero.status).toBe(400);
		expect(await zero.json()).toEqual({ detail: "older_than_days must be >= 1" });
		const windowed = await request(
			"/api/sessions/prune",
			post({ older_than_days: 0, started_after: 0, started_before: 1, dry_run: true }),
		);
		expect(windowed.status).toBe(200);
		expect((await request("/api/sessions/prune", post({ older_than_days: "many" }))).status).toBe(422);
	});
});
