/**
 * Shell hooks and memory (api-contract A.11, A.12): hooks written into config.yaml with
 * every comment kept (read back by PyYAML), consent recorded and revoked; the memory
 * provider choice and the reset of the built-in files.
 */
import { describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { pythonYAML } from "../helpers/python_yaml.ts";

const JSON_HEADERS = { "content-type": "application/json" };

function send(request: ReturnType<typeof testClient>, method: string, path: string, body: unknown): Promise<Response> {
	return request(path, { method, headers: JSON_HEADERS, body: JSON.stringify(body) });
}

describe("shell hooks", () => {
	it("create appends under hooks.<event>, keeps comments, records consent; list shows it", async () => {
		const context = makeContext();
		const configPath = join(context.home, "config.yaml");
		const original = `# My Hermes config — keep this note\n${readFileSync(configPath, "utf8")}\n# trailing note\n`;
		writeFileSync(configPath, original);
		writeFileSync(join(context.home, "..", "before.yaml"), original);
		const script = join(context.home, "scripts", "audit.sh");
		writeFileSync(script, "#!/bin/sh\nexit 0\n");
		chmodSync(script, 0o755);
		const request = testClient(context);
		const created = await send(request, "POST", "/api/ops/hooks", {
			event: "pre_tool_call",
			command: ` ${script} --json `,
			matcher: "terminal",
			timeout: 30,
		});
		expect(await created.json()).toEqual({
			ok: true,
			event: "pre_tool_call",
			command: `${script} --json`,
			approved: true,
		});
		await send(request, "POST", "/api/ops/hooks", {
			event: "on_session_end",
			command: "notify-send done",
			approve: false,
		});

		const text = readFileSync(configPath, "utf8");
		expect(text.startsWith("# My Hermes config — keep this note\n")).toBe(true);
		expect(text).toContain("# trailing note");
		const parsed = pythonYAML(configPath);
		expect(parsed.hooks).toEqual({
			pre_tool_call: [{ command: `${script} --json`, matcher: "terminal", timeout: 30 }],
			on_session_end: [{ command: "notify-send done" }],
		});
		// Everything else reads back as before.
		const before = pythonYAML(join(context.home, "..", "before.yaml"));
		expect({ ...parsed, hooks: undefined }).toEqual({ ...before, hooks: undefined });

		const allowlist = JSON.parse(readFileSync(join(context.home, "shell-hooks-allowlist.json"), "utf8"));
		expect(allowlist.approvals).toEqual([
			expect.objectContaining({
				event: "pre_tool_call",
				command: `${script} --json`,
				approved_at: "2026-11-23T23:19:46Z",
			}),
		]);
		const listed = await (await request("/api/ops/hooks")).json();
		expect(listed.valid_events).toContain("pre_tool_call");
		expect(listed.valid_events).toEqual([...listed.valid_events].sort());
		expect(listed.hooks).toEqual([
			{
				event: "pre_tool_call",
				matcher: "terminal",
				command: `${script} --json`,
				timeout: 30,
				allowed: true,
				approved_at: "2026-11-23T23:19:46Z",
				executable: true,
			},
			{
				event: "on_session_end",
				matcher: null,
				command: "notify-send done",
				timeout: 60,
				allowed: false,
				approved_at: null,
				executable: false,
			},
		]);
	});

	it("delete removes the entry, drops the empty hooks block, revokes consent; 404 and 400 as Hermes", async () => {
		const context = makeContext();
		const request = testClient(context);
		await send(request, "POST", "/api/ops/hooks", { event: "post_tool_call", command: "/bin/true" });
		const removed = await send(request, "DELETE", "/api/ops/hooks", {
			event: "post_tool_call",
			command: "/bin/true",
		});
		expect(await removed.json()).toEqual({ ok: true });
		expect(pythonYAML(join(context.home, "config.yaml"))).not.toHaveProperty("hooks");
		const allowlist = JSON.parse(readFileSync(join(context.home, "shell-hooks-allowlist.json"), "utf8"));
		expect(allowlist).toEqual({ approvals: [] });
		const again = await send(request, "DELETE", "/api/ops/hooks", {
			event: "post_tool_call",
			command: "/bin/true",
		});
		expect(again.status).toBe(404);
		expect(await again.json()).toEqual({ detail: "No matching hook found" });
		const blank = await send(request, "DELETE", "/api/ops/hooks", { event: " ", command: "x" });
		expect(await blank.json()).toEqual({ detail: "event and command are required" });
	});

	it("refuses an unknown event and empty fields with Hermes's texts", async () => {
		const request = testClient(makeContext());
		const unknown = await send(request, "POST", "/api/ops/hooks", { event: "on_boot", command: "x" });
		expect(unknown.status).toBe(400);
		expect((await unknown.json()).detail).toMatch(
			/^Unknown event 'on_boot'\. Valid: api_request_error, kanban_task_blocked, /,
		);
		const empty = await send(request, "POST", "/api/ops/hooks", { event: "pre_tool_call", command: "" });
		expect(await empty.json()).toEqual({ detail: "event and command are required" });
		const badTimeout = await send(request, "POST", "/api/ops/hooks", {
			event: "pre_tool_call",
			command: "x",
			timeout: "soon",
		});
		expect(badTimeout.status).toBe(422);
	});
});

describe("memory", () => {
	it("GET reports the built-in files and the providers", async () => {
		const context = makeContext();
		mkdirSync(join(context.home, "memories"), { recursive: true });
		const notes = "note one\n§\nnote two\n";
		writeFileSync(join(context.home, "memories", "MEMORY.md"), notes);
		const request = testClient(context);
		const memory = await (await request("/api/memory")).json();
		expect(memory.active).toBe("");
		expect(memory.builtin_files).toEqual({ memory: Buffer.byteLength(notes), user: 0 });
		const names = memory.providers.map((p: { name: string }) => p.name);
		expect(names).toEqual([...names].sort());
		expect(names).toEqual(expect.arrayContaining(["honcho", "holographic", "mem0"]));
		expect(memory.providers.find((p: { name: string }) => p.name === "mem0")).toMatchObject({
			status: "needs_config",
			configured: false,
		});
	});

	it("PUT provider: ready ones are saved (comments kept), others refused with Hermes's texts", async () => {
		const context = makeContext();
		const request = testClient(context);
		const unknown = await send(request, "PUT", "/api/memory/provider", { provider: "nope" });
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({ detail: "Unknown memory provider 'nope'." });
		const unready = await send(request, "PUT", "/api/memory/provider", { provider: "mem0" });
		expect(await unready.json()).toEqual({
			detail: "Memory provider 'mem0' is not ready (needs config). Configure it in the dashboard first.",
		});
		writeFileSync(
			join(context.home, ".env"),
			`${readFileSync(join(context.home, ".env"), "utf8")}MEM0_API_KEY=m0-test-key\n`,
		);
		const ok = await send(request, "PUT", "/api/memory/provider", { provider: "Mem0" });
		expect(await ok.json()).toEqual({ ok: true, active: "mem0" });
		expect((pythonYAML(join(context.home, "config.yaml")).memory as Record<string, unknown>).provider).toBe("mem0");
		const builtin = await send(request, "PUT", "/api/memory/provider", { provider: "built-in" });
		expect(await builtin.json()).toEqual({ ok: true, active: "" });
		expect((await (await request("/api/memory")).json()).active).toBe("");
	});

	it("POST reset deletes the chosen files; a bad target is 400", async () => {
		const context = makeContext();
		const dir = join(context.home, "memories");
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, "MEMORY.md"), "m");
		writeFileSync(join(dir, "USER.md"), "u");
		const request = testClient(context);
		expect(await (await send(request, "POST", "/api/memory/reset", { target: "user" })).json()).toEqual({
			ok: true,
			deleted: ["USER.md"],
		});
		expect(existsSync(join(dir, "MEMORY.md"))).toBe(true);
		expect(await (await send(request, "POST", "/api/memory/reset", {})).json()).toEqual({
			ok: true,
			deleted: ["MEMORY.md"],
		});
		const bad = await send(request, "POST", "/api/memory/reset", { target: "everything" });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ detail: "target must be all, memory, or user" });
	});
});

describe("GET /api/ops/checkpoints", () => {
	it("sums each top-level folder of checkpoints/, without following symlinks", async () => {
		const { symlinkSync } = await import("node:fs");
		const context = makeContext();
		const root = join(context.home, "checkpoints");
		mkdirSync(join(root, "store", "objects", "ab"), { recursive: true });
		mkdirSync(join(root, "legacy-20261101"), { recursive: true });
		writeFileSync(join(root, "store", "objects", "ab", "cdef"), "x".repeat(100));
		writeFileSync(join(root, "store", "HEAD"), "ref\n");
		writeFileSync(join(root, "legacy-20261101", "old.tar"), "y".repeat(10));
		writeFileSync(join(root, ".last_prune"), "1");
		symlinkSync("/etc", join(root, "store", "outside"));
		const usage = await (await testClient(context)("/api/ops/checkpoints")).json();
		expect(usage).toEqual({
			sessions: [
				{ session: "legacy-20261101", files: 1, bytes: 10 },
				{ session: "store", files: 2, bytes: 104 },
			],
			total_bytes: 114,
		});
	});
});
