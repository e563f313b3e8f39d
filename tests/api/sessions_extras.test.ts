/**
 * Session extras (api-contract-clients §6): latest-descendant over every child edge,
 * the import format with its limits and structured errors (nothing written on error,
 * FTS consistent after a write, checked with Python's sqlite3), and `?order=` values.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";

let home: string;
let request: ReturnType<typeof testClient>;

beforeEach(() => {
	home = copyFixtureHome();
	request = testClient(makeContext({ home }));
});

type Answer = { status: number; body: any };

async function json(path: string, init: RequestInit = {}): Promise<Answer> {
	const response = await request(path, init);
	return { status: response.status, body: await response.json() };
}

function post(body: unknown): RequestInit {
	return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function sqlite(query: string): unknown {
	const script =
		"import json,sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nprint(json.dumps(c.execute(sys.argv[2]).fetchall()))";
	return JSON.parse(execFileSync("python3", ["-c", script, join(home, "state.db"), query], { encoding: "utf8" }));
}

async function exported(id: string): Promise<Record<string, unknown>> {
	return (await json(`/api/sessions/${id}/export`)).body;
}

describe("GET /api/sessions/{id}/latest-descendant", () => {
	it("follows a compression continuation to its leaf, by unique prefix", async () => {
		expect(await json("/api/sessions/20261108_0917/latest-descendant")).toEqual({
			status: 200,
			body: {
				requested_session_id: "20261108_091750_dade6a",
				session_id: "20261108_095611_3a23f8",
				path: ["20261108_091750_dade6a", "20261108_095611_3a23f8"],
				changed: true,
			},
		});
	});

	it("a leaf is its own latest descendant; unknown ids are 404", async () => {
		const leaf = await json("/api/sessions/20261108_095611_3a23f8/latest-descendant");
		expect(leaf.body).toMatchObject({ session_id: "20261108_095611_3a23f8", changed: false });
		expect(await json("/api/sessions/nope/latest-descendant")).toEqual({
			status: 404,
			body: { detail: "Session not found" },
		});
	});

	it("takes the newest child among branches, whatever the edge kind", async () => {
		const base = await exported("20261117_114318_b66487");
		const older = {
			...base,
			id: "child_old",
			parent_session_id: "20261117_114318_b66487",
			title: null,
			started_at: 1795000000,
		};
		const newer = { ...older, id: "child_new", started_at: 1795100000 };
		const grandchild = { ...older, id: "grandchild", parent_session_id: "child_new", started_at: 1795100001 };
		expect((await json("/api/sessions/import", post({ sessions: [older, newer, grandchild] }))).body.imported).toBe(
			3,
		);
		expect((await json("/api/sessions/20261117_113511_5fb513/latest-descendant")).body).toEqual({
			requested_session_id: "20261117_113511_5fb513",
			session_id: "grandchild",
			path: ["20261117_113511_5fb513", "20261117_114318_b66487", "child_new", "grandchild"],
			changed: true,
		});
	});
});

describe("POST /api/sessions/import", () => {
	it("imports an exported session with its messages, searchable at once; existing ids are skipped", async () => {
		const source = await exported("20261108_095611_3a23f8");
		const messages = source.messages as Record<string, unknown>[];
		const copy = {
			...source,
			id: "imported_1",
			title: "Imported copy",
			parent_session_id: null,
			source: undefined,
			messages: [
				...messages,
				{ role: "user", content: "zanzibarquokka appears only here", timestamp: 1795000000 },
			],
		};
		const { status, body } = await json("/api/sessions/import", post({ sessions: [copy, { ...source }] }));
		expect(status).toBe(200);
		expect(body).toEqual({
			ok: true,
			imported: 1,
			skipped: 1,
			detached: 0,
			imported_ids: ["imported_1"],
			skipped_ids: ["20261108_095611_3a23f8"],
			errors: [],
		});
		const row = sqlite("SELECT source, message_count, title FROM sessions WHERE id = 'imported_1'");
		expect(row).toEqual([["import", messages.length + 1, "Imported copy"]]);
		expect(sqlite("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zanzibarquokka'")).toEqual([[1]]);
		const search = await json("/api/sessions/search?q=zanzibarquokka");
		expect(search.body.results.map((hit: { session_id: string }) => hit.session_id)).toContain("imported_1");
		const again = await json("/api/sessions/import", post({ sessions: [copy] }));
		expect(again.body).toMatchObject({ imported: 0, skipped: 1 });
	});

	it("detaches a child whose parent is unknown or would close a cycle", async () => {
		const base = { source: "cli", started_at: 1795000000, messages: [] };
		const sessions = [
			{ ...base, id: "orphan", parent_session_id: "no_such_parent" },
			{ ...base, id: "loop_a", parent_session_id: "loop_b" },
			{ ...base, id: "loop_b", parent_session_id: "loop_a" },
			{ ...base, id: "kid", parent_session_id: "20261108_095611_3a23f8" },
		];
		const { body } = await json("/api/sessions/import", post({ sessions }));
		expect(body).toMatchObject({ imported: 4, detached: 2 });
		expect(
			sqlite(
				"SELECT id, parent_session_id FROM sessions WHERE id IN ('orphan','loop_a','loop_b','kid') ORDER BY id",
			),
		).toEqual([
			["kid", "20261108_095611_3a23f8"],
			["loop_a", "loop_b"],
			["loop_b", null],
			["orphan", null],
		]);
	});

	it("collects every session's error and writes nothing", async () => {
		const before = sqlite("SELECT count(*) FROM sessions");
		const sessions = [
			{ id: "good", messages: [] },
			"text",
			{ id: " " },
			{ id: "good" },
			{ id: "m1", messages: {} },
			{ id: "m2", messages: [1] },
			{ id: "m3", messages: [{ role: "" }] },
			{ id: "f1", model: 3 },
			{ id: "f2", model_config: "{bad" },
			{ id: "f3", model_config: "[1]" },
			{ id: "f4", messages: [{ role: "user", token_count: "many" }] },
		];
		const { status, body } = await json("/api/sessions/import", post({ sessions }));
		expect(status).toBe(400);
		expect(body.detail).toEqual({
			ok: false,
			imported: 0,
			skipped: 0,
			detached: 0,
			errors: [
				{ index: 1, error: "session must be an object" },
				{ index: 2, error: "session id is required" },
				{ index: 3, session_id: "good", error: "duplicate session id" },
				{ index: 4, session_id: "m1", error: "messages must be a list" },
				{ index: 5, session_id: "m2", error: "messages must contain only objects" },
				{ index: 6, session_id: "m3", error: "messages[0].role must be a non-empty string" },
				{ index: 7, session_id: "f1", error: "model must be a string" },
				{ index: 8, session_id: "f2", error: "model_config must be valid JSON" },
				{ index: 9, session_id: "f3", error: "model_config must be a JSON object" },
				{ index: 10, session_id: "f4", error: "token_count must be an integer" },
			],
		});
		expect(sqlite("SELECT count(*) FROM sessions")).toEqual(before);
	});

	it("refuses bad payloads, too many sessions and oversized bodies with Hermes's texts", async () => {
		for (const payload of ["{", "[]", '{"sessions": 3}', '{"sessions": [], "profile": 3}']) {
			const answer = await json("/api/sessions/import", { method: "POST", body: payload });
			expect(answer, payload).toEqual({ status: 400, body: { detail: "Invalid session import payload" } });
		}
		const many = Array.from({ length: 501 }, (_, index) => ({ id: `s${index}` }));
		expect(await json("/api/sessions/import", post({ sessions: many }))).toEqual({
			status: 400,
			body: { detail: "sessions must contain at most 500 entries" },
		});
		const huge = JSON.stringify({ sessions: [{ id: "x", title: "a".repeat(26 * 1024 * 1024) }] });
		expect(await json("/api/sessions/import", { method: "POST", body: huge })).toEqual({
			status: 413,
			body: { detail: "Session import payload is too large" },
		});
	});

	it("takes the profile from the body only", async () => {
		const answer = await json("/api/sessions/import?profile=nosuch", post({ sessions: [] }));
		expect(answer.status).toBe(200);
		expect((await json("/api/sessions/import", post({ sessions: [], profile: "nosuch" }))).status).toBe(404);
	});
});

describe("?order= on GET /api/sessions", () => {
	it("created (default) and recent order differently; anything else is 400", async () => {
		const created = (await json("/api/sessions?limit=50&order=created")).body.sessions.map(
			(s: { id: string }) => s.id,
		);
		const byDefault = (await json("/api/sessions?limit=50")).body.sessions.map((s: { id: string }) => s.id);
		const recent = (await json("/api/sessions?limit=50&order=recent")).body.sessions;
		expect(byDefault).toEqual(created);
		const lastActive = recent.map((s: { last_active: number }) => s.last_active);
		expect(lastActive).toEqual([...lastActive].sort((a: number, b: number) => b - a));
		expect(await json("/api/sessions?order=oldest")).toEqual({
			status: 400,
			body: { detail: "order must be one of: created, recent" },
		});
	});
});
