import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, jsonRequest, makeContext, testClient } from "../helpers/app.ts";
import { pythonYAMLAt } from "../helpers/python_yaml.ts";

function setup() {
	const home = copyFixtureHome();
	return { home, request: testClient(makeContext({ home })) };
}

const json = jsonRequest;

/** A dotted key of config.yaml as PyYAML (what Hermes uses) reads it. */
function pythonConfig(home: string, path: string): unknown {
	return pythonYAMLAt(join(home, "config.yaml"), path);
}

type Row = { name: string; enabled: boolean; available: boolean; configured: boolean; tools: string[]; label: string };

describe("GET /api/tools/toolsets", () => {
	it("rows in picker order; the default composite minus the default-off set", async () => {
		const { request } = setup();
		const rows = (await (await request("/api/tools/toolsets")).json()) as Row[];
		expect(rows.map((row) => row.name).slice(0, 4)).toEqual(["web", "browser", "terminal", "file"]);
		expect(rows).toHaveLength(25);
		const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
		expect(byName.terminal).toEqual({
			name: "terminal",
			label: "Terminal & Processes",
			description: "terminal, process",
			enabled: true,
			available: true,
			configured: true,
			tools: ["process", "terminal"],
		});
		// Off: the default-off set, and toolsets whose tools the hermes-cli composite lacks.
		const off = rows.filter((row) => !row.enabled).map((row) => row.name);
		expect(off).toEqual([
			"video",
			"video_gen",
			"x_search",
			"context_engine",
			"homeassistant",
			"spotify",
			"discord",
			"discord_admin",
			"yuanbao",
		]);
		// No web key in the fixture's .env; Edge TTS needs none.
		expect(byName.web?.configured).toBe(false);
		expect(byName.tts?.configured).toBe(true);
	});
});

describe("enabled toolsets with credentials", () => {
	it("HASS_TOKEN turns Home Assistant on and xAI keys X search, until a list is saved", async () => {
		const { home, request } = setup();
		writeFileSync(join(home, ".env"), `${readFileSync(join(home, ".env"), "utf8")}HASS_TOKEN=t\nXAI_API_KEY=x\n`);
		const enabled = async () =>
			((await (await request("/api/tools/toolsets")).json()) as Row[])
				.filter((row) => row.enabled)
				.map((row) => row.name);
		expect(await enabled()).toEqual(expect.arrayContaining(["homeassistant", "x_search"]));
		await request("/api/tools/toolsets/todo", json({ enabled: false }));
		const saved = pythonConfig(home, "platform_toolsets.cli") as string[];
		expect(saved).toContain("homeassistant");
		expect(saved).not.toContain("todo");
		expect(await enabled()).not.toContain("todo");
	});

	it("a Discord-only toolset is accepted but never on for the CLI", async () => {
		const { request } = setup();
		expect((await request("/api/tools/toolsets/discord", json({ enabled: true }))).status).toBe(200);
		const rows = (await (await request("/api/tools/toolsets")).json()) as Row[];
		expect(rows.find((row) => row.name === "discord")?.enabled).toBe(false);
	});
});

describe("PUT /api/tools/toolsets/{name}", () => {
	it("disabling writes the sorted enabled list to platform_toolsets.cli", async () => {
		const { home, request } = setup();
		const response = await request("/api/tools/toolsets/web", json({ enabled: false }));
		expect(await response.json()).toEqual({ ok: true, name: "web", enabled: false });
		const saved = pythonConfig(home, "platform_toolsets.cli") as string[];
		expect(saved).not.toContain("web");
		expect(saved).toContain("terminal");
		expect(saved).toEqual([...saved].sort());
		const rows = (await (await request("/api/tools/toolsets")).json()) as Row[];
		expect(rows.find((row) => row.name === "web")?.enabled).toBe(false);
	});

	it("keeps MCP server names, drops no_mcp, and enabling lifts agent.disabled_toolsets", async () => {
		const { home, request } = setup();
		const path = join(home, "config.yaml");
		writeFileSync(
			path,
			readFileSync(path, "utf8").replace("  disabled_toolsets: []\n", "  disabled_toolsets:\n  - memory\n") +
				"platform_toolsets:\n  cli:\n  - terminal\n  - local-notes\n  - no_mcp\n",
		);
		await request("/api/tools/toolsets/memory", json({ enabled: true }));
		expect(pythonConfig(home, "platform_toolsets.cli")).toEqual(["local-notes", "memory", "terminal"]);
		expect(pythonConfig(home, "agent.disabled_toolsets")).toEqual([]);
	});

	it("unknown toolset 400 with Hermes's text; 422 without enabled", async () => {
		const { request } = setup();
		const response = await request("/api/tools/toolsets/nope", json({ enabled: true }));
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ detail: "Unknown toolset: nope" });
		expect((await request("/api/tools/toolsets/web", json({}))).status).toBe(422);
	});
});

describe("toolset drawer endpoints", () => {
	it("config: providers with is_set from the profile's .env; none for a toolset without a category", async () => {
		const { request } = setup();
		const web = (await (await request("/api/tools/toolsets/web/config")).json()) as {
			has_category: boolean;
			providers: { name: string; env_vars: { key: string; is_set: boolean }[] }[];
		};
		expect(web.has_category).toBe(true);
		expect(web.providers.find((row) => row.name === "Exa")?.env_vars).toEqual([
			{ key: "EXA_API_KEY", prompt: "EXA_API_KEY", url: "https://exa.ai", default: null, is_set: false },
		]);
		expect(await (await request("/api/tools/toolsets/todo/config")).json()).toEqual({
			name: "todo",
			has_category: false,
			providers: [],
			active_provider: null,
		});
	});

	it("provider writes the row's config keys; unknown row 400", async () => {
		const { home, request } = setup();
		expect(await (await request("/api/tools/toolsets/web/provider", json({ provider: "Exa" }))).json()).toEqual({
			ok: true,
			name: "web",
			provider: "Exa",
		});
		expect(pythonConfig(home, "web.backend")).toBe("exa");
		const config = (await (await request("/api/tools/toolsets/web/config")).json()) as { active_provider: string };
		expect(config.active_provider).toBe("Exa");
		const bad = await request("/api/tools/toolsets/web/provider", json({ provider: "Nope" }));
		expect(await bad.json()).toEqual({ detail: "Unknown provider 'Nope' for toolset 'web'" });
	});

	it("env saves allowed keys to .env, skips blanks, refuses unknown keys before writing", async () => {
		const { home, request } = setup();
		const refused = await request(
			"/api/tools/toolsets/web/env",
			json({ env: { EXA_API_KEY: "k", ZED: "1", ABC: "2" } }),
		);
		expect(refused.status).toBe(400);
		expect(await refused.json()).toEqual({ detail: "Unknown env var(s) for toolset web: ABC, ZED" });
		expect(readFileSync(join(home, ".env"), "utf8")).not.toContain("EXA_API_KEY");
		const saved = await request(
			"/api/tools/toolsets/web/env",
			json({ env: { EXA_API_KEY: " exa-123 ", TAVILY_API_KEY: "" } }),
		);
		expect(await saved.json()).toMatchObject({
			ok: true,
			name: "web",
			saved: ["EXA_API_KEY"],
			skipped: ["TAVILY_API_KEY"],
		});
		expect(readFileSync(join(home, ".env"), "utf8")).toContain("EXA_API_KEY=exa-123\n");
		const rows = (await (await request("/api/tools/toolsets")).json()) as Row[];
		expect(rows.find((row) => row.name === "web")?.configured).toBe(true);
	});

	it("a managed install refuses config and .env writes with 403, leaving both files alone", async () => {
		const { home, request } = setup();
		writeFileSync(join(home, ".managed"), "");
		const config = readFileSync(join(home, "config.yaml"), "utf8");
		const env = readFileSync(join(home, ".env"), "utf8");
		expect((await request("/api/tools/toolsets/web", json({ enabled: false }))).status).toBe(403);
		expect((await request("/api/tools/toolsets/web/env", json({ env: { EXA_API_KEY: "k" } }))).status).toBe(403);
		expect((await request("/api/skills/toggle", json({ name: "log-triage", enabled: false }))).status).toBe(403);
		expect(readFileSync(join(home, "config.yaml"), "utf8")).toBe(config);
		expect(readFileSync(join(home, ".env"), "utf8")).toBe(env);
	});

	it("model endpoints and post-setup key check", async () => {
		const { request } = setup();
		expect(await (await request("/api/tools/toolsets/web/models")).json()).toEqual({
			name: "web",
			has_models: false,
			models: [],
			current: null,
			default: null,
		});
		const noCatalog = await request("/api/tools/toolsets/web/model", json({ model: "x" }));
		expect(await noCatalog.json()).toEqual({ detail: "Toolset has no model catalog: web" });
		const blank = await request("/api/tools/toolsets/image_gen/model", json({ model: " " }));
		expect(await blank.json()).toEqual({ detail: "model is required" });
		const key = await request("/api/tools/toolsets/browser/post-setup", json({ key: "rm -rf" }, "POST"));
		expect(key.status).toBe(400);
		expect(await key.json()).toEqual({ detail: "Unknown post-setup key: rm -rf" });
	});
});
