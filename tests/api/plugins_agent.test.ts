/**
 * Agent plugin management (api-contract-clients §5.5) against real git on local
 * repositories (file:// URLs): install (name, warnings, missing env, enable, example
 * files, rescan), the 400 texts, enable/disable idempotence, update, remove.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { resolveGitURL } from "../../src/hermes/plugins/agent.ts";

let home: string;
let repo: string;
let request: ReturnType<typeof testClient>;

function git(cwd: string, ...args: string[]): string {
	return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
		cwd,
		encoding: "utf8",
	});
}

beforeEach(() => {
	home = copyFixtureHome();
	repo = join(mkdtempSync(join(tmpdir(), "plugin-repo-")), "weather-plugin");
	mkdirSync(join(repo, "dashboard"), { recursive: true });
	writeFileSync(join(repo, "plugin.yaml"), "name: weather\nversion: 0.3.0\nrequires_env:\n  - WEATHER_TEST_KEY\n");
	writeFileSync(join(repo, "dashboard", "manifest.json"), JSON.stringify({ name: "weather", label: "Weather" }));
	writeFileSync(join(repo, "settings.json.example"), "{}\n");
	git(repo, "init", "-q", "-b", "main");
	git(repo, "add", ".");
	git(repo, "commit", "-q", "-m", "init");
	request = testClient(makeContext({ home }));
});

type Answer = { status: number; body: any };

async function json(path: string, init: RequestInit = {}): Promise<Answer> {
	const response = await request(path, init);
	return { status: response.status, body: await response.json() };
}

function send(method: string, body?: unknown): RequestInit {
	return body === undefined
		? { method }
		: { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function pyyaml(expression: string): unknown {
	const script = `import json,sys,yaml\nc=yaml.safe_load(open(sys.argv[1]))\nprint(json.dumps(${expression}))`;
	return JSON.parse(execFileSync("python3", ["-c", script, join(home, "config.yaml")], { encoding: "utf8" }));
}

const install = (body: Record<string, unknown>) => json("/api/dashboard/agent-plugins/install", send("POST", body));

describe("POST /api/dashboard/agent-plugins/install", () => {
	it("clones, enables, copies example files and rescans", async () => {
		expect(await install({ identifier: ` file://${repo} ` })).toEqual({
			status: 200,
			body: {
				ok: true,
				plugin_name: "weather",
				warnings: ["Insecure URL scheme; prefer https:// or git@ for production installs."],
				missing_env: ["WEATHER_TEST_KEY"],
				enabled: true,
			},
		});
		const dir = join(home, "plugins", "weather");
		expect(readFileSync(join(dir, "plugin.yaml"), "utf8")).toContain("name: weather");
		expect(existsSync(join(dir, "settings.json"))).toBe(true);
		expect(pyyaml("c['plugins']['enabled']")).toEqual(["weather"]);
		const listed = (await json("/api/dashboard/plugins")).body.map((m: { name: string }) => m.name);
		expect(listed).toContain("weather");
		const hub = (await json("/api/dashboard/plugins/hub")).body.plugins;
		expect(hub.find((row: { name: string }) => row.name === "weather")).toMatchObject({
			version: "0.3.0",
			runtime_status: "enabled",
			can_remove: true,
			can_update_git: true,
		});
	});

	it("refuses a second install without force, replaces with force", async () => {
		await install({ identifier: `file://${repo}`, enable: false });
		expect(pyyaml("c.get('plugins')")).toBeNull();
		expect(await install({ identifier: `file://${repo}` })).toEqual({
			status: 400,
			body: {
				detail: "Plugin 'weather' already exists. Use force reinstall or run `hermes plugins update weather`.",
			},
		});
		expect((await install({ identifier: `file://${repo}`, force: true })).status).toBe(200);
	});

	it("installs from a sub-folder named after #", async () => {
		const mono = mkdtempSync(join(tmpdir(), "mono-"));
		mkdirSync(join(mono, "plugins", "tiny"), { recursive: true });
		writeFileSync(join(mono, "plugins", "tiny", "README.md"), "tiny\n");
		git(mono, "init", "-q");
		git(mono, "add", ".");
		git(mono, "commit", "-q", "-m", "m");
		const { body } = await install({ identifier: `file://${mono}#plugins/tiny`, enable: false });
		expect(body.plugin_name).toBe("tiny");
		expect(readFileSync(join(home, "plugins", "tiny", "README.md"), "utf8")).toBe("tiny\n");
	});

	it.each([
		[
			"justone",
			"Invalid plugin identifier: 'justone'. Use a Git URL or 'owner/repo' shorthand (optionally with a subdirectory: 'owner/repo/path/to/plugin').",
		],
	])("identifier %s → 400", async (identifier, detail) => {
		expect(await install({ identifier })).toEqual({ status: 400, body: { detail } });
	});

	it("a failing clone is a 400 with git's output", async () => {
		const answer = await install({ identifier: "file:///nonexistent/repo.git" });
		expect(answer.status).toBe(400);
		expect(answer.body.detail).toMatch(/^Git clone failed:\n/);
	});

	it("an unsupported manifest_version is refused", async () => {
		writeFileSync(join(repo, "plugin.yaml"), "name: weather\nmanifest_version: 9\n");
		git(repo, "commit", "-q", "-am", "v9");
		const answer = await install({ identifier: `file://${repo}` });
		expect(answer.status).toBe(400);
		expect(answer.body.detail).toMatch(
			/^Plugin 'weather' requires manifest_version 9, but this installer only supports up to 1\./,
		);
	});
});

describe("enable, disable, update, remove", () => {
	beforeEach(async () => {
		await install({ identifier: `file://${repo}`, enable: false });
	});

	it("enable and disable write the allow/deny lists once", async () => {
		expect(await json("/api/dashboard/agent-plugins/weather/enable", send("POST"))).toEqual({
			status: 200,
			body: { ok: true, name: "weather", unchanged: false },
		});
		expect((await json("/api/dashboard/agent-plugins/weather/enable", send("POST"))).body.unchanged).toBe(true);
		await json("/api/dashboard/agent-plugins/weather/disable", send("POST"));
		expect(pyyaml("[c['plugins']['enabled'], c['plugins']['disabled']]")).toEqual([[], ["weather"]]);
		expect((await json("/api/dashboard/agent-plugins/weather/disable", send("POST"))).body.unchanged).toBe(true);
		expect(await json("/api/dashboard/agent-plugins/nosuch/enable", send("POST"))).toEqual({
			status: 400,
			body: { detail: "Plugin 'nosuch' is not installed or bundled." },
		});
		expect(await json("/api/dashboard/agent-plugins/a..b/enable", send("POST"))).toEqual({
			status: 400,
			body: { detail: "Invalid plugin name." },
		});
	});

	it("update pulls with --ff-only and says whether anything changed", async () => {
		expect((await json("/api/dashboard/agent-plugins/weather/update", send("POST"))).body).toMatchObject({
			ok: true,
			name: "weather",
			unchanged: true,
		});
		writeFileSync(join(repo, "NEW.md"), "new\n");
		git(repo, "add", ".");
		git(repo, "commit", "-q", "-m", "more");
		expect((await json("/api/dashboard/agent-plugins/weather/update", send("POST"))).body.unchanged).toBe(false);
		expect(existsSync(join(home, "plugins", "weather", "NEW.md"))).toBe(true);
	});

	it("remove deletes the user plugin folder; unknown names name the plugins folder", async () => {
		expect(await json("/api/dashboard/agent-plugins/weather", send("DELETE"))).toEqual({
			status: 200,
			body: { ok: true, name: "weather" },
		});
		expect(existsSync(join(home, "plugins", "weather"))).toBe(false);
		expect(await json("/api/dashboard/agent-plugins/weather", send("DELETE"))).toEqual({
			status: 400,
			body: { detail: `Plugin 'weather' was not found under ${join(home, "plugins")}.` },
		});
	});
});

describe("identifier forms", () => {
	it.each([
		["owner/repo", "https://github.com/owner/repo.git", null],
		["owner/repo/sub/dir", "https://github.com/owner/repo.git", "sub/dir"],
		["https://github.com/o/r/tree/main/plugins/x", "https://github.com/o/r.git", "plugins/x"],
		["https://github.com/o/r.git/plugins/x", "https://github.com/o/r.git", "plugins/x"],
		["git@github.com:o/r.git", "git@github.com:o/r.git", null],
		["ssh://git@host/o/r.git#p", "ssh://git@host/o/r.git", "p"],
		["file:///srv/repo", "file:///srv/repo", null],
	])("%s", (identifier, url, subdir) => {
		expect(resolveGitURL(identifier)).toEqual({ url, subdir });
	});
});
