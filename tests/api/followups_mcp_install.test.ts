/**
 * MCP catalog installs that need a git bootstrap (api-contract A.8, A.13) with a stand-in
 * `hermes` on PATH: the prompted key is saved to .env before the CLI runs, the install runs
 * as the background action `mcp-install-<slug>-<sha1[:8]>` (`hermes [-p p] mcp install
 * <name>`), and its status and log are readable through the actions API.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { pipInstall } from "../helpers/hermes_install.ts";
import { fakeHermes, stopActionsAfterEach } from "../helpers/fake_hermes.ts";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

const track = stopActionsAfterEach();

const GIT_TOOL = `manifest_version: 1
name: Git_Tool
description: Needs a clone and a build.
transport:
  type: stdio
  command: \${INSTALL_DIR}/run.sh
auth:
  type: api_key
  env:
    - name: GIT_TOOL_KEY
      prompt: Git tool key
install:
  type: git
  url: https://example.com/git-tool.git
  ref: 0123456789abcdef0123456789abcdef01234567
  bootstrap: ["make"]
`;

function json(body: unknown): RequestInit {
	return { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** Hermes's own name for the action, computed by Python as Hermes computes it. */
function hermesActionName(name: string): string {
	const script =
		"import hashlib,re,sys; n=sys.argv[1]; slug=re.sub(r'[^a-z0-9]+','-',n.lower()).strip('-')[:48] or 'server'; print(f'mcp-install-{slug}-{hashlib.sha1(n.encode()).hexdigest()[:8]}')";
	return execFileSync("python3", ["-c", script, name], { encoding: "utf8" }).trim();
}

function setup(extraEnv: Record<string, string> = {}) {
	const root = pipInstall({ Git_Tool: GIT_TOOL });
	const { argvLog, release, env } = fakeHermes(
		{ HERMES_AGENT_DIR: root, FAKE_HERMES_LINES: "2", ...extraEnv },
		{ path: "/usr/bin:/bin" },
	);
	const context = track(makeContext({ env }));
	mkdirSync(join(context.home, "profiles", "work"), { recursive: true });
	return { context, argvLog, release, request: testClient(context) };
}

describe("POST /api/mcp/catalog/install for a git-bootstrap entry", () => {
	it("saves the key to .env, then runs `hermes mcp install` in the background with a readable log", async () => {
		const { context, argvLog, release, request } = setup();
		const configBefore = readFileSync(join(context.home, "config.yaml"), "utf8");
		const response = await request(
			"/api/mcp/catalog/install",
			json({ name: "Git_Tool", env: { GIT_TOOL_KEY: "gk-123" } }),
		);
		expect(response.status).toBe(200);
		const action = hermesActionName("Git_Tool");
		expect(await response.json()).toEqual({ ok: true, name: "Git_Tool", background: true, action });
		// The key is on disk before the CLI's install reads it.
		expect(parseEnv(readFileSync(join(context.home, ".env"), "utf8")).get("GIT_TOOL_KEY")).toBe("gk-123");
		const running = await (await request(`/api/actions/${action}/status`)).json();
		expect(running).toMatchObject({ name: action, running: true });

		writeFileSync(release, "");
		await actionRunnerFor(context).settled(action);
		const done = await (await request(`/api/actions/${action}/status`)).json();
		expect(done).toMatchObject({ running: false, exit_code: 0 });
		expect(done.lines).toContain("step 2 of mcp install");
		expect(readFileSync(join(context.home, "logs", `action-${action}.log`), "utf8")).toContain("done");
		expect(readFileSync(argvLog, "utf8").trim()).toBe("mcp install Git_Tool");
		// The CLI writes config.yaml itself; the dashboard does not.
		expect(readFileSync(join(context.home, "config.yaml"), "utf8")).toBe(configBefore);
	});

	it("passes the profile as -p and writes the key to that profile's .env", async () => {
		const { context, argvLog, release, request } = setup();
		writeFileSync(release, "");
		const answer = await (
			await request(
				"/api/mcp/catalog/install?profile=work",
				json({ name: "Git_Tool", env: { GIT_TOOL_KEY: "w-1" } }),
			)
		).json();
		expect(answer.background).toBe(true);
		await actionRunnerFor(context).settled(answer.action);
		expect(readFileSync(argvLog, "utf8").trim()).toBe("-p work mcp install Git_Tool");
		expect(parseEnv(readFileSync(join(context.home, "profiles", "work", ".env"), "utf8")).get("GIT_TOOL_KEY")).toBe(
			"w-1",
		);
	});

	it("a failed install is visible as its exit code; a missing required key is refused before anything runs", async () => {
		const { context, argvLog, release, request } = setup({ FAKE_HERMES_EXIT: "2" });
		const missing = await request("/api/mcp/catalog/install", json({ name: "Git_Tool" }));
		expect(missing.status).toBe(400);
		expect(await missing.json()).toEqual({ detail: "GIT_TOOL_KEY is required but no value was provided" });
		expect(() => readFileSync(argvLog, "utf8")).toThrow();

		writeFileSync(release, "");
		const answer = await (
			await request("/api/mcp/catalog/install", json({ name: "Git_Tool", env: { GIT_TOOL_KEY: "k" } }))
		).json();
		await actionRunnerFor(context).settled(answer.action);
		expect(await (await request(`/api/actions/${answer.action}/status`)).json()).toMatchObject({
			running: false,
			exit_code: 2,
		});
	});
});
