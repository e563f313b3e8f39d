/**
 * The admin audit trail: every state-changing /api request of any area leaves one JSON
 * line in logs/dashboard-admin.log (clock time, user, method, path, status, target), no
 * secret value ever appears in it, reads and unauthenticated requests leave none, and
 * the viewer API lists the lines newest first.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { gatedClient, registryOf, StubOAuthProvider } from "../helpers/auth.ts";

const JSON_HEADERS = { "content-type": "application/json" };
const SECRET = "sk-live-audit-secret-9f8e7d6c5b4a3210";

function lines(home: string): Record<string, unknown>[] {
	const path = join(home, "logs", "dashboard-admin.log");
	return existsSync(path)
		? readFileSync(path, "utf8")
				.split("\n")
				.filter((line) => line !== "")
				.map((line) => JSON.parse(line) as Record<string, unknown>)
		: [];
}

describe("admin audit trail", () => {
	it("one line per write across areas, none for reads or refused credentials, no secret anywhere", async () => {
		const context = makeContext();
		const request = testClient(context);
		const writes: [string, string, unknown][] = [
			["POST", "/api/credentials/pool", { provider: "openai", api_key: SECRET, label: "from audit test" }],
			["DELETE", "/api/credentials/pool/openai/1", undefined],
			["POST", "/api/ops/hooks", { event: "pre_llm_call", command: `echo ${SECRET}` }],
			["DELETE", "/api/ops/hooks", { event: "pre_llm_call", command: `echo ${SECRET}` }],
			["PUT", "/api/curator/paused", { paused: true }],
			["POST", "/api/memory/reset", { target: "all" }],
			["PUT", "/api/memory/provider", { provider: "unknown-one" }],
			["POST", "/api/gateway/drain", { action: "drain" }],
			["PUT", `/api/env`, { key: "OPENAI_API_KEY", value: SECRET }],
			["POST", "/api/credentials/pool", { provider: "openai" }],
		];
		const statuses: number[] = [];
		for (const [method, path, body] of writes) {
			const response = await request(path, {
				method,
				headers: JSON_HEADERS,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			statuses.push(response.status);
		}
		await request("/api/credentials/pool");
		await request("/api/memory");
		await request("/api/ops/hooks", { method: "POST", token: false, headers: JSON_HEADERS, body: "{}" });

		const records = lines(context.home);
		expect(records.map((r) => [r.method, r.path, r.status])).toEqual(
			writes.map(([method, path], i) => [method, path, statuses[i]]),
		);
		expect(statuses.slice(-4)).toEqual([400, 200, 200, 422]);
		for (const record of records) {
			expect(record).toMatchObject({ ts: "2026-11-23T23:19:46.000Z", user: "local" });
		}
		expect(records[0]!.target).toBe("credential pool add openai");
		expect(records[2]!.target).toBe("hook add pre_llm_call");
		const raw = readFileSync(join(context.home, "logs", "dashboard-admin.log"), "utf8");
		expect(raw).not.toContain(SECRET);
		expect(raw).not.toContain(SECRET.slice(4, 20));

		const viewer = await (await request("/api/system/admin-log")).json();
		expect(viewer.entries).toHaveLength(writes.length);
		expect(viewer.entries[0]).toMatchObject({ method: "POST", path: "/api/credentials/pool", status: 422 });
		expect(JSON.stringify(viewer)).not.toContain(SECRET);
	});

	it("the viewer shows the last 200, skips torn lines, and redacts what a foreign writer left", async () => {
		const context = makeContext();
		const path = join(context.home, "logs", "dashboard-admin.log");
		const rows = Array.from({ length: 250 }, (_, i) =>
			JSON.stringify({ ts: `t${i}`, user: "local", method: "PUT", path: `/api/x/${i}`, status: 200 }),
		);
		rows.push('{"ts": "torn');
		rows.push(
			JSON.stringify({
				ts: "last",
				user: "local",
				method: "POST",
				path: "/api/y",
				status: 200,
				target: `token=${SECRET}`,
			}),
		);
		writeFileSync(path, `${rows.join("\n")}\n`);
		const viewer = await (await testClient(context)("/api/system/admin-log")).json();
		expect(viewer.entries).toHaveLength(199);
		expect(viewer.entries[0].ts).toBe("last");
		expect(viewer.entries[0].target).not.toContain(SECRET);
		expect(viewer.entries[1].ts).toBe("t249");
		expect(viewer.entries.at(-1).ts).toBe("t52");
	});

	it("gated mode: the signed-in user is the who; a refused credential leaves no line", async () => {
		const stub = new StubOAuthProvider();
		const { context, request } = gatedClient(registryOf(stub));
		const session = stub.mint();
		const init = {
			method: "PUT",
			headers: JSON_HEADERS,
			body: '{"paused": true}',
		};
		expect(
			(await request("/api/curator/paused", { ...init, cookies: { hermes_session_at: session.accessToken } }))
				.status,
		).toBe(200);
		expect(
			(await request("/api/curator/paused", { ...init, cookies: { hermes_session_at: "garbage" } })).status,
		).toBe(401);
		expect(lines(context.home)).toEqual([
			{
				ts: "2026-11-23T23:19:46.000Z",
				user: "u@example.test",
				method: "PUT",
				path: "/api/curator/paused",
				status: 200,
				target: "curator paused=true",
			},
		]);
	});
});
