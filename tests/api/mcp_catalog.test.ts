/**
 * The optional-MCP catalog (api-contract A.8; hermes-home §8.2): manifests read from the
 * Hermes install found as the status page finds it, bad ones reported as diagnostics,
 * installs written to config.yaml (PyYAML read-back) with prompted keys in `.env`, git
 * bootstraps without a CLI refused (their background runs: followups_mcp_install.test.ts),
 * and no install → an empty catalog.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { pipInstall } from "../helpers/hermes_install.ts";
import { attrs, parseHTML, textOf } from "../helpers/dom.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

function json(method: string, body: unknown): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

const MANIFESTS: Record<string, string> = {
	"notes-stdio": `manifest_version: 1
name: notes-stdio
description: Keep notes in a local folder.
source: https://example.com/notes-mcp
transport:
  type: stdio
  command: uvx
  args: ["notes-mcp==2.0.1"]
  env:
    NOTES_TELEMETRY: "off"
auth:
  type: api_key
  env:
    - name: NOTES_API_KEY
      prompt: Notes API key
    - name: NOTES_REGION
      prompt: Region
      required: false
      default: eu
tools:
  default_enabled: [search_notes, read_note]
post_install: Restart Hermes.
`,
	"remote-board": `manifest_version: 1
name: remote-board
description: A hosted board over streamable HTTP.
source: "javascript:alert(1)"
transport:
  type: http
  url: https://board.example.com/mcp
auth:
  type: oauth
`,
	"git-tool": `manifest_version: 1
name: git-tool
description: Needs a clone and a build.
transport:
  type: stdio
  command: \${INSTALL_DIR}/run.sh
install:
  type: git
  url: https://example.com/git-tool.git
  ref: 0123456789abcdef0123456789abcdef01234567
  bootstrap: ["make"]
`,
	"from-future": "manifest_version: 2\nname: from-future\ndescription: x\ntransport: {type: stdio, command: x}\n",
	broken: "manifest_version: 1\nname: broken\ntransport: {type: stdio, command: x}\n",
};

function setup() {
	const context = makeContext({ env: { HERMES_AGENT_DIR: pipInstall(MANIFESTS) } });
	return { context, request: testClient(context) };
}

function pyyamlServers(path: string): Record<string, unknown> {
	const script = "import json,sys,yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1])).get('mcp_servers')))";
	return JSON.parse(execFileSync("python3", ["-c", script, path], { encoding: "utf8" }));
}

describe("GET /api/mcp/catalog", () => {
	it("lists valid entries in Hermes's shape and reports the skipped ones", async () => {
		const { request } = setup();
		const response = await request("/api/mcp/catalog");
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.entries.map((e: { name: string }) => e.name)).toEqual(["git-tool", "notes-stdio", "remote-board"]);
		expect(body.entries[1]).toEqual({
			name: "notes-stdio",
			description: "Keep notes in a local folder.",
			source: "https://example.com/notes-mcp",
			transport: "stdio",
			auth_type: "api_key",
			required_env: [
				{ name: "NOTES_API_KEY", prompt: "Notes API key", required: true },
				{ name: "NOTES_REGION", prompt: "Region", required: false },
			],
			command: "uvx",
			args: ["notes-mcp==2.0.1"],
			url: null,
			install_url: null,
			install_ref: null,
			bootstrap: [],
			default_enabled: ["search_notes", "read_note"],
			post_install: "Restart Hermes.",
			needs_install: false,
			installed: false,
			enabled: false,
		});
		expect(body.entries[0]).toMatchObject({
			needs_install: true,
			bootstrap: ["make"],
			install_ref: expect.any(String),
		});
		expect(body.diagnostics).toEqual([
			{ name: "broken", kind: "invalid", message: "broken/manifest.yaml: 'description' required" },
			{
				name: "from-future",
				kind: "future_manifest",
				message:
					"from-future/manifest.yaml: manifest_version 2 unsupported (this Hermes understands version 1)",
			},
		]);
	});

	it("without a Hermes install: an empty catalog with a diagnostic, and the tab still renders", async () => {
		const context = makeContext();
		const request = testClient(context);
		const body = await (await request("/api/mcp/catalog")).json();
		expect(body.entries).toEqual([]);
		expect(body.diagnostics).toHaveLength(1);
		expect(body.diagnostics[0].kind).toBe("unavailable");
		const tab = await request("/ui/mcp/catalog");
		expect(tab.status).toBe(200);
		expect(await tab.text()).toContain("No Hermes Agent install was found");
	});

	it("the Catalog tab links http(s) sources only", async () => {
		const { request } = setup();
		const tab = parseHTML(await (await request("/ui/mcp/catalog")).text());
		const links = attrs(tab, "a[href]", "href");
		expect(links).toContain("https://example.com/notes-mcp");
		expect(links.filter((href) => !/^https?:/.test(href))).toEqual([]);
		// The javascript: source is still shown, as text.
		expect(textOf(tab.body)).toContain("javascript:alert(1)");
	});

	it("unknown profile → 404", async () => {
		const { request } = setup();
		expect((await request("/api/mcp/catalog?profile=nosuch")).status).toBe(404);
	});
});

describe("POST /api/mcp/catalog/install", () => {
	it("writes prompted keys to .env and the entry to config.yaml, then reports it installed", async () => {
		const { context, request } = setup();
		const secret = "notes-key-0123456789-SECRET";
		const response = await request(
			"/api/mcp/catalog/install",
			json("POST", { name: "notes-stdio", env: { NOTES_API_KEY: secret } }),
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, name: "notes-stdio", background: false });
		const env = parseEnv(readFileSync(join(context.home, ".env"), "utf8"));
		expect(env.get("NOTES_API_KEY")).toBe(secret);
		expect(env.get("NOTES_REGION")).toBe("eu");
		expect(pyyamlServers(join(context.home, "config.yaml"))["notes-stdio"]).toEqual({
			command: "uvx",
			args: ["notes-mcp==2.0.1"],
			env: { NOTES_TELEMETRY: "off" },
			enabled: true,
			tools: { include: ["search_notes", "read_note"] },
		});
		const catalog = await (await request("/api/mcp/catalog")).json();
		expect(catalog.entries[1]).toMatchObject({ installed: true, enabled: true });
		expect(JSON.stringify(catalog)).not.toContain(secret);
	});

	it("a key already in the environment is not asked for again", async () => {
		const context = makeContext({
			env: { HERMES_AGENT_DIR: pipInstall(MANIFESTS), NOTES_API_KEY: "from-the-environment" },
		});
		const request = testClient(context);
		const response = await request("/api/mcp/catalog/install", json("POST", { name: "notes-stdio" }));
		expect(response.status).toBe(200);
		expect(parseEnv(readFileSync(join(context.home, ".env"), "utf8")).has("NOTES_API_KEY")).toBe(false);
	});

	it("an OAuth HTTP entry is written with `auth: oauth`, disabled when asked", async () => {
		const { context, request } = setup();
		await request("/api/mcp/catalog/install", json("POST", { name: "official/remote-board", enable: false }));
		expect(pyyamlServers(join(context.home, "config.yaml"))["remote-board"]).toEqual({
			url: "https://board.example.com/mcp",
			auth: "oauth",
			enabled: false,
		});
	});

	it.each([
		[{ name: "nope" }, 404, "No catalog entry 'nope'"],
		[{ name: "notes-stdio" }, 400, "NOTES_API_KEY is required but no value was provided"],
		[
			{ name: "notes-stdio", env: { NOTES_REGION: "us" } },
			400,
			"NOTES_API_KEY is required but no value was provided",
		],
		[{ name: "notes-stdio", env: { PATH: "/evil" } }, 400, undefined],
	])("%j → %i, nothing written", async (body, status, detail) => {
		const { context, request } = setup();
		const config = readFileSync(join(context.home, "config.yaml"), "utf8");
		const env = readFileSync(join(context.home, ".env"), "utf8");
		const response = await request("/api/mcp/catalog/install", json("POST", body));
		expect(response.status).toBe(status);
		if (detail !== undefined) expect(await response.json()).toEqual({ detail });
		expect(readFileSync(join(context.home, "config.yaml"), "utf8")).toBe(config);
		expect(readFileSync(join(context.home, ".env"), "utf8")).toBe(env);
	});

	it("a git-bootstrap entry with no hermes CLI to run it is a 500 naming what to install; config.yaml untouched", async () => {
		const { context, request } = setup();
		const configBefore = readFileSync(join(context.home, "config.yaml"), "utf8");
		const response = await request("/api/mcp/catalog/install", json("POST", { name: "git-tool" }));
		expect(response.status).toBe(500);
		expect((await response.json()).detail).toMatch(/^Install failed: the hermes CLI was not found on PATH/);
		expect(readFileSync(join(context.home, "config.yaml"), "utf8")).toBe(configBefore);
	});
});
