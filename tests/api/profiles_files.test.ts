/**
 * A profile's own files and settings (api-contract-clients §1.3, §2.5–§2.9): SOUL.md,
 * profile.yaml descriptions, the profile's model, setup command and terminal, the
 * cross-profile session list and the dashboard font, on copies of the fixture home.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonCaller, makeContext, testClient } from "../helpers/app.ts";
import { pythonYAML } from "../helpers/python_yaml.ts";

type Loose = any;

function setup(env: Record<string, string> = {}) {
	const context = makeContext({ env });
	const request = testClient(context);
	const json = jsonCaller(request);
	return { context, request, json };
}

describe("SOUL.md", () => {
	it("reads and writes the text verbatim; a missing file reads as absent", async () => {
		const { json, context } = setup();
		const before = await json("/api/profiles/default/soul");
		expect(before.body).toEqual({ content: readFileSync(join(context.home, "SOUL.md"), "utf8"), exists: true });
		expect(
			await json("/api/profiles/default/soul", { method: "PUT", body: { content: "Be terse.\n你好" } }),
		).toEqual({
			status: 200,
			body: { ok: true },
		});
		expect(readFileSync(join(context.home, "SOUL.md"), "utf8")).toBe("Be terse.\n你好");
		await json("/api/profiles", { method: "POST", body: { name: "bare" } });
		await json("/api/profiles/bare/soul", { method: "PUT", body: { content: "x" } });
		expect((await json("/api/profiles/bare/soul")).body).toEqual({ content: "x", exists: true });
		expect((await json("/api/profiles/ghost/soul")).status).toBe(404);
		expect((await json("/api/profiles/default/soul", { method: "PUT", body: {} })).status).toBe(422);
	});
});

describe("descriptions", () => {
	it("stores a trimmed user description in profile.yaml, keeping other keys", async () => {
		const { json, context } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "desk" } });
		const file = join(context.home, "profiles", "desk", "profile.yaml");
		writeFileSync(file, "# mine\nowner: ana\ndescription: old\n");
		expect(
			await json("/api/profiles/desk/description", { method: "PUT", body: { description: "  Writes docs " } }),
		).toEqual({
			status: 200,
			body: { ok: true, description: "Writes docs", description_auto: false },
		});
		expect(pythonYAML(file)).toEqual({ owner: "ana", description: "Writes docs", description_auto: false });
		expect(readFileSync(file, "utf8")).toMatch(/^# mine\nowner: ana\n/);
		expect((await json("/api/profiles")).body.profiles[1].description).toBe("Writes docs");
	});

	it("describe-auto answers the no-LLM reasons and never overwrites a user description", async () => {
		const { json } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "auto1", description: "Mine" } });
		expect((await json("/api/profiles/auto1/describe-auto", { method: "POST", body: {} })).body).toEqual({
			ok: false,
			reason: "profile already has a user-authored description (use --overwrite to replace)",
			description: null,
			description_auto: false,
		});
		expect(
			(await json("/api/profiles/auto1/describe-auto", { method: "POST", body: { overwrite: true } })).body
				.reason,
		).toBe("no auxiliary client configured");
		expect((await json("/api/profiles/auto1/describe-auto", { method: "POST" })).status).toBe(422);
	});
});

describe("PUT /api/profiles/{name}/model", () => {
	it("writes the model block like a main-model assignment and echoes the inputs", async () => {
		const { json, context } = setup();
		expect(
			await json("/api/profiles/default/model", {
				method: "PUT",
				body: { provider: " anthropic ", model: "anthropic/claude-opus-4.6" },
			}),
		).toEqual({ status: 200, body: { ok: true, provider: "anthropic", model: "anthropic/claude-opus-4.6" } });
		expect(pythonYAML(join(context.home, "config.yaml")).model).toEqual({
			default: "claude-opus-4-6",
			provider: "anthropic",
		});
		expect(readFileSync(join(context.home, "config.yaml"), "utf8")).toContain("# ");
		expect(
			(await json("/api/profiles/default/model", { method: "PUT", body: { provider: "", model: "x" } })).body,
		).toEqual({
			detail: "provider and model are required",
		});
	});
});

describe("setup-command and open-terminal", () => {
	it("names the wrapper alias, and opens a terminal found on PATH", async () => {
		const bin = join(makeContext().home, "..", "bin");
		mkdirSync(bin, { recursive: true });
		const marker = join(bin, "ran.txt");
		writeFileSync(join(bin, "xterm"), `#!/bin/sh\nprintf '%s ' "$@" > ${marker}\n`);
		chmodSync(join(bin, "xterm"), 0o755);
		const { json } = setup({ PATH: bin });
		await json("/api/profiles", { method: "POST", body: { name: "shell" } });
		expect((await json("/api/profiles/default/setup-command")).body).toEqual({ command: "hermes setup" });
		expect((await json("/api/profiles/shell/setup-command")).body).toEqual({ command: "shell setup" });
		expect(await json("/api/profiles/shell/open-terminal", { method: "POST" })).toEqual({
			status: 200,
			body: { ok: true, command: "shell setup" },
		});
		await expect
			.poll(() =>
				(() => {
					try {
						return readFileSync(marker, "utf8");
					} catch {
						return "";
					}
				})(),
			)
			.toBe("-e sh -lc shell setup ");
	});

	it("answers 400 when no terminal emulator exists", async () => {
		const { json } = setup({ PATH: "/nonexistent" });
		expect(await json("/api/profiles/default/open-terminal", { method: "POST" })).toEqual({
			status: 400,
			body: { detail: "No supported terminal emulator found" },
		});
	});
});

describe("GET /api/profiles/sessions", () => {
	it("merges every profile's sessions with profile tags and per-profile totals", async () => {
		const { json } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "nodb" } });
		const { status, body } = await json("/api/profiles/sessions?limit=5");
		expect(status).toBe(200);
		expect(body.sessions).toHaveLength(5);
		expect(body.profile_totals).toEqual({ default: body.total });
		expect(body.total).toBeGreaterThan(20);
		expect(body.errors).toEqual([]);
		for (const row of body.sessions) {
			expect(row).toMatchObject({ profile: "default", is_default_profile: true });
			expect(row.system_prompt).toBeUndefined();
		}
		const times = body.sessions.map((row: Loose) => row.last_active);
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect((await json("/api/profiles/sessions?order=bad")).body.detail).toBe(
			"order must be one of: created, recent",
		);
		expect((await json("/api/profiles/sessions?archived=x")).status).toBe(400);
		expect((await json("/api/profiles/sessions?profile=ghost")).status).toBe(404);
		expect((await json("/api/profiles/sessions?profile=nodb")).body).toMatchObject({ sessions: [], total: 0 });
	});
});

describe("/api/dashboard/font", () => {
	it("reads theme by default, stores known ids and coerces unknown ones", async () => {
		const { json, context } = setup();
		expect((await json("/api/dashboard/font")).body).toEqual({ font: "theme" });
		expect((await json("/api/dashboard/font", { method: "PUT", body: { font: "inter" } })).body).toEqual({
			ok: true,
			font: "inter",
		});
		expect(pythonYAML(join(context.home, "config.yaml")).dashboard.font).toBe("inter");
		expect((await json("/api/dashboard/font")).body).toEqual({ font: "inter" });
		expect((await json("/api/dashboard/font", { method: "PUT", body: { font: "comic" } })).body).toEqual({
			ok: true,
			font: "theme",
		});
		expect(pythonYAML(join(context.home, "config.yaml")).dashboard.font).toBe("theme");
		expect((await json("/api/dashboard/font", { method: "PUT", body: {} })).status).toBe(422);
	});
});

describe("hostile profile names in the path", () => {
	it("answer Hermes's validator text, never a 5xx", async () => {
		const { json } = setup();
		for (const name of ["%25", "..%2F..%2Fetc", "a%20b", "DEFAULT%00"]) {
			const { status, body } = await json(`/api/profiles/${name}/soul`);
			expect(status, name).toBe(400);
			expect(body.detail, name).toMatch(/^Invalid profile name /);
		}
		// A dot-segment name is folded away by URL parsing: no profile route matches.
		expect((await json("/api/profiles/%2e%2e/soul")).status).toBe(404);
		expect((await json("/api/profiles/%25", { method: "DELETE" })).status).toBe(400);
	});
});
