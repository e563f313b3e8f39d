/**
 * Config API (api-contract A.3) on copies of the fixture home written by real Hermes.
 */
import { describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { makeContext, testClient } from "../helpers/app.ts";
import { isInContainer } from "../../src/hermes/home/container.ts";

function setup(env: Record<string, string> = {}) {
	const context = makeContext({ env });
	const path = join(context.home, "config.yaml");
	return { context, path, request: testClient(context) };
}

function put(body: unknown, headers: Record<string, string> = {}): RequestInit {
	return { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } };
}

describe("GET /api/config", () => {
	it("returns the effective config in Hermes's shape with a version", async () => {
		const { request } = setup({ NOTES_MCP_TOKEN: "tok-123" });
		const response = await request("/api/config");
		expect(response.status).toBe(200);
		expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
		const body = await response.json();
		expect(Object.keys(body).filter((key) => key.startsWith("_"))).toEqual([]);
		expect(body.model).toBe("claude-sonnet-4-6");
		expect(body.model_context_length).toBe(0);
		expect(body.agent.max_turns).toBe(60);
		expect(body.mcp_servers["local-notes"].headers.Authorization).toBe("Bearer tok-123");
		// Defaults fill what the file does not say.
		expect(body.kanban.external_lanes.claude.allowed_tools).toContain("Bash(git diff:*)");
	});

	it("expands templates from the home's .env too (the process environment wins)", async () => {
		const { request, context } = setup();
		const dotenv = readFileSync(join(context.home, ".env"), "utf8");
		const token = /^NOTES_MCP_TOKEN=(.*)$/m.exec(dotenv)![1]!.replace(/^["']|["']$/g, "");
		const body = await (await request("/api/config")).json();
		expect(body.mcp_servers["local-notes"].headers.Authorization).toBe(`Bearer ${token}`);
		const path = join(context.home, "config.yaml");
		const before = readFileSync(path, "utf8");
		expect((await request("/api/config", put({ config: body }))).status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("falls back to defaults for a broken file, as Hermes does", async () => {
		const { request, path } = setup();
		writeFileSync(path, "agent:\n  max_turns: [1,\n");
		const body = await (await request("/api/config")).json();
		expect(body.agent.max_turns).toBe(90);
	});

	it("is token-protected while defaults and schema are public", async () => {
		const { request } = setup();
		expect((await request("/api/config", { token: false })).status).toBe(401);
		expect((await request("/api/config/schema", { token: false })).status).toBe(200);
		expect((await request("/api/config/defaults", { token: false })).status).toBe(200);
	});

	it("answers 404 for an unknown profile and 400 for an invalid name", async () => {
		const { request, context } = setup();
		expect((await request("/api/config?profile=nope")).status).toBe(404);
		expect((await (await request("/api/config?profile=Bad%20Name")).json()).detail).toMatch(/Invalid profile name/);
		mkdirSync(join(context.home, "profiles", "work"), { recursive: true });
		writeFileSync(join(context.home, "profiles", "work", "config.yaml"), "model: work-model\n");
		expect((await (await request("/api/config?profile=work")).json()).model).toBe("work-model");
	});
});

describe("GET /api/config/defaults and /schema", () => {
	it("returns DEFAULT_CONFIG verbatim, truncated reference values included", async () => {
		const { request } = setup();
		const body = await (await request("/api/config/defaults")).json();
		expect(body.model).toBe("");
		expect(body._config_version).toBe(33);
		expect(body.discord.voice_fx.ack_phrases).toHaveLength(5);
		expect(body.model_catalog.url).toBe("https://hermes-agent.nousresearch.com/docs/api/model-catalog.json");
		expect(body.moa.presets.default.reference_models[1]).toEqual({
			provider: "openrouter",
			model: "deepseek/deepseek-v4-pro",
		});
		expect(Object.keys(body)[0]).toBe("model");
	});

	it("builds the schema by Hermes's rules", async () => {
		const { request } = setup();
		const { fields, category_order } = await (await request("/api/config/schema")).json();
		const keys = Object.keys(fields);
		expect(keys.length).toBeGreaterThan(550);
		expect(keys.slice(0, 2)).toEqual(["model", "model_context_length"]);
		expect(keys).not.toContain("_config_version");
		expect(category_order.slice(0, 3)).toEqual(["general", "agent", "terminal"]);
		expect(fields["agent.max_turns"]).toEqual({
			type: "number",
			description: "Agent → Max Turns",
			category: "agent",
		});
		expect(fields["memory.provider"].options.slice(0, 2)).toEqual(["", "builtin"]);
		expect(fields["approvals.mode"]).toMatchObject({
			type: "select",
			category: "security",
			options: ["manual", "smart", "off"],
		});
		expect(fields["updates.refresh_cua_driver"].type).toBe("bool");
		expect(fields.providers.type).toBe("object");
		const counts = new Map<string, number>();
		for (const field of Object.values(fields) as { type: string; category: string; options?: string[] }[]) {
			counts.set(field.category, (counts.get(field.category) ?? 0) + 1);
			if (field.type === "select") {
				expect(field.options!.length).toBeGreaterThan(1);
			}
		}
		for (const merged of [
			"privacy",
			"context",
			"skills",
			"cron",
			"dashboard",
			"telegram",
			"approvals",
			"updates",
		]) {
			expect(counts.has(merged)).toBe(false);
		}
		expect([...counts.values()].every((count) => count > 1)).toBe(true);
	});
});

describe("PUT /api/config", () => {
	it("changes one value and leaves every other byte, comments included", async () => {
		const { request, path } = setup();
		const before = readFileSync(path, "utf8");
		const response = await request("/api/config", put({ config: { approvals: { mode: "manual" } } }));
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ ok: true });
		const after = readFileSync(path, "utf8");
		expect(after).toBe(before.replace("approvals:\n  mode: smart\n", "approvals:\n  mode: manual\n"));
		expect(after).toContain("# ── Fallback Model");
	});

	it("saving the whole GET result back changes nothing and never persists an expanded secret", async () => {
		const { request, path } = setup({ NOTES_MCP_TOKEN: "tok-123" });
		const before = readFileSync(path, "utf8");
		const config = await (await request("/api/config")).json();
		expect((await request("/api/config", put({ config }))).status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(before);
		config.display.compact = true;
		await request("/api/config", put({ config }));
		const after = readFileSync(path, "utf8");
		expect(after).toContain("Bearer ${NOTES_MCP_TOKEN}");
		expect(after).not.toContain("tok-123");
		expect(after).toBe(before.replace("  compact: false\n", "  compact: true\n"));
	});

	it("keeps model subkeys and unknown sections; folds model and context length back", async () => {
		const { request, path } = setup();
		await request("/api/config", put({ config: { model: "claude-opus-4-8", model_context_length: 200000 } }));
		let disk = parse(readFileSync(path, "utf8"));
		expect(disk.model).toEqual({ default: "claude-opus-4-8", provider: "anthropic", context_length: 200000 });
		expect(disk.mcp_servers["local-notes"].url).toBe("http://127.0.0.1:8931/mcp");
		expect(disk.platforms.telegram.enabled).toBe(true);
		await request("/api/config", put({ config: { model: "claude-opus-4-8", model_context_length: 0 } }));
		disk = parse(readFileSync(path, "utf8"));
		expect(disk.model).toEqual({ default: "claude-opus-4-8", provider: "anthropic" });
	});

	it("drops values equal to defaults unless the file had them, and quotes YAML 1.1 words", async () => {
		const { request, path } = setup();
		writeFileSync(path, "# mine\nmodel: gpt-x  # inline\nterminal:\n  cwd: .\n");
		const config = await (await request("/api/config")).json();
		config.human_delay.mode = "on";
		await request("/api/config", put({ config }));
		const after = readFileSync(path, "utf8");
		expect(after).toBe("# mine\nmodel: gpt-x  # inline\nterminal:\n  cwd: .\nhuman_delay:\n  mode: 'on'\n");
	});

	it("splices scalar edits into hand-formatted files without touching anything else", async () => {
		const { request, path } = setup();
		const text =
			"# mine\nmodel: gpt-x  # two spaces\nagent:\n    max_turns: 60   # four-space indent\nterminal: {backend: local,  cwd: .}\ntoolsets: [ a,b ]\n";
		writeFileSync(path, text);
		await request("/api/config", put({ config: { agent: { max_turns: 70 }, terminal: { backend: "docker" } } }));
		expect(readFileSync(path, "utf8")).toBe(text.replace("60", "70").replace("backend: local", "backend: docker"));
	});

	it("answers 409 for a stale version and accepts the current one", async () => {
		const { request, path } = setup();
		const etag = (await request("/api/config")).headers.get("etag")!;
		writeFileSync(path, readFileSync(path, "utf8").replace("max_turns: 60", "max_turns: 61"));
		const stale = await request(
			"/api/config",
			put({ config: { display: { compact: true } } }, { "if-match": etag }),
		);
		expect(stale.status).toBe(409);
		expect((await stale.json()).detail).toMatch(/changed since it was loaded/);
		expect(readFileSync(path, "utf8")).not.toContain("compact: true");
		const fresh = (await request("/api/config")).headers.get("etag")!;
		expect(fresh).not.toBe(etag);
		const ok = await request(
			"/api/config",
			put({ config: { display: { compact: true } }, version: fresh.slice(1, -1) }),
		);
		expect(ok.status).toBe(200);
		expect(ok.headers.get("etag")).not.toBe(fresh);
	});

	it("answers 409 and never overwrites a file that does not parse", async () => {
		const { request, path } = setup();
		const broken = "agent:\n  max_turns: 60\n bad indent: [\n";
		writeFileSync(path, broken);
		const response = await request("/api/config", put({ config: { display: { compact: true } } }));
		expect(response.status).toBe(409);
		expect((await response.json()).detail).toMatch(/does not parse.*line \d+, column \d+/);
		expect(readFileSync(path, "utf8")).toBe(broken);
	});

	it("keeps the file mode (0600 as Hermes; other modes only in containers)", async () => {
		const { request, path } = setup();
		chmodSync(path, 0o600);
		await request("/api/config", put({ config: { display: { compact: true } } }));
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const container = setup({ HERMES_CONTAINER: "1" });
		chmodSync(container.path, 0o640);
		await container.request("/api/config", put({ config: { display: { compact: true } } }));
		expect(statSync(container.path).mode & 0o777).toBe(0o640);
		const plain = setup();
		chmodSync(plain.path, 0o644);
		await plain.request("/api/config", put({ config: { display: { compact: true } } }));
		expect(statSync(plain.path).mode & 0o777).toBe(isInContainer({}) ? 0o644 : 0o600);
	});

	it("serialises 100 concurrent saves: all land, the file stays parseable", async () => {
		const { request, path } = setup();
		const responses = await Promise.all(
			Array.from({ length: 100 }, (_, index) =>
				request("/api/config", put({ config: { stress: { [`k${index}`]: index } } })),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
		const disk = parse(readFileSync(path, "utf8"));
		expect(Object.keys(disk.stress)).toHaveLength(100);
		for (let index = 0; index < 100; index++) {
			expect(disk.stress[`k${index}`]).toBe(index);
		}
		expect(disk.mcp_servers["local-notes"]).toBeDefined();
	});

	it("lets exactly one of 100 concurrent saves against the same version win", async () => {
		const { request, path } = setup();
		const version = (await (await request("/api/config/raw")).json()).version;
		const responses = await Promise.all(
			Array.from({ length: 100 }, (_, index) =>
				request("/api/config", put({ config: { race: { winner: index } }, version })),
			),
		);
		const statuses = responses.map((response) => response.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(1);
		expect(statuses.filter((status) => status === 409)).toHaveLength(99);
		const winner = statuses.indexOf(200);
		expect(parse(readFileSync(path, "utf8")).race.winner).toBe(winner);
	});

	it("rejects a body without config (422)", async () => {
		const { request } = setup();
		const response = await request("/api/config", put({ nope: 1 }));
		expect(response.status).toBe(422);
		expect((await response.json()).detail[0].loc).toEqual(["body", "config"]);
	});
});

describe("/api/config/raw", () => {
	it("returns the file as-is with its path and version", async () => {
		const { request, path } = setup();
		const body = await (await request("/api/config/raw")).json();
		expect(body.yaml).toBe(readFileSync(path, "utf8"));
		expect(body.path).toBe(path);
		expect(body.version).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	it("writes the text as given, and refuses non-mappings and invalid YAML with line and column", async () => {
		const { request, path } = setup();
		const text = "# kept\nmodel: x\n\nagent:\n  max_turns: 5 # five\n";
		expect((await request("/api/config/raw", put({ yaml_text: text }))).status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(text);
		const list = await request("/api/config/raw", put({ yaml_text: "- a\n- b\n" }));
		expect(list.status).toBe(400);
		expect((await list.json()).detail).toBe("YAML must be a mapping");
		const invalid = await request("/api/config/raw", put({ yaml_text: "a: 1\n b: [\n" }));
		expect(invalid.status).toBe(400);
		expect((await invalid.json()).detail).toMatch(/^Invalid YAML: .*line \d+, column \d+/);
		expect(readFileSync(path, "utf8")).toBe(text);
	});
});

describe("preview and history", () => {
	it("previews a save as a diff without writing", async () => {
		const { request, path } = setup();
		const before = readFileSync(path, "utf8");
		const response = await request("/api/config/preview", {
			method: "POST",
			body: JSON.stringify({ config: { approvals: { mode: "off" } } }),
		});
		const body = await response.json();
		expect(body.changed).toBe(true);
		expect(body.diff).toContain("-  mode: smart\n+  mode: 'off'");
		expect(readFileSync(path, "utf8")).toBe(before);
		const invalid = await request("/api/config/preview", {
			method: "POST",
			body: JSON.stringify({ yaml_text: "a: [1,\n" }),
		});
		expect(invalid.status).toBe(400);
		expect((await invalid.json()).detail).toMatch(/^Invalid YAML: .*line \d+, column \d+/);
	});

	it("keeps the last 10 saved versions with diffs and restores one", async () => {
		const { request, path } = setup();
		const original = readFileSync(path, "utf8");
		for (let index = 0; index < 12; index++) {
			await request("/api/config", put({ config: { agent: { max_turns: 100 + index } } }));
		}
		const { entries } = await (await request("/api/config/history")).json();
		expect(entries).toHaveLength(10);
		expect(statSync(path + ".history").mode & 0o777).toBe(0o700);
		expect(statSync(join(path + ".history", `${entries[0].id}.yaml`)).mode & 0o777).toBe(0o600);
		expect(readFileSync(join(path + ".history", `${entries[0].id}.yaml`), "utf8")).toBe(readFileSync(path, "utf8"));
		const older = entries[3];
		const detail = await (await request(`/api/config/history/${older.id}`)).json();
		expect(detail.diff).toContain("+  max_turns: 108");
		expect((await request(`/api/config/history/${older.id}/restore`, { method: "POST" })).status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(original.replace("max_turns: 60", "max_turns: 108"));
		expect((await request("/api/config/history/..%2Fconfig")).status).toBe(404);
	});
});
