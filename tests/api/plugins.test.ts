/**
 * Dashboard plugins (api-contract-clients §1.4, §5.1–5.4, §5.7; AC A.14) on a copy of the
 * fixture home with user plugins on disk: the public list and its filters, rescan, the
 * hub rows the Plugins page renders, visibility and provider writes (read back with
 * PyYAML), and the asset route's traversal rules.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";

let home: string;
let request: ReturnType<typeof testClient>;

function plugin(name: string, manifest: string | null, pluginYaml?: string): string {
	const dir = join(home, "plugins", name);
	mkdirSync(join(dir, "dashboard", "dist"), { recursive: true });
	if (manifest !== null) writeFileSync(join(dir, "dashboard", "manifest.json"), manifest);
	if (pluginYaml !== undefined) writeFileSync(join(dir, "plugin.yaml"), pluginYaml);
	return dir;
}

beforeEach(() => {
	home = copyFixtureHome();
	const alpha = plugin(
		"alpha",
		JSON.stringify({
			name: "alpha",
			label: "Alpha",
			api: "api.py",
			integrity: "sha384-x",
			_internal: 1,
			tab: { override: "/sessions", hidden: true, position: "after:logs" },
			slots: ["sidebar", "", 3],
			css: "dist/style.css",
		}),
		"name: alpha\nversion: 1.2.0\ndescription: First plugin\n",
	);
	writeFileSync(join(alpha, "dashboard", "dist", "index.js"), "console.log('alpha');\n");
	writeFileSync(join(alpha, "dashboard", "dist", "style.css"), "body{}\n");
	writeFileSync(join(alpha, "dashboard", "notes.txt"), "not served\n");
	symlinkSync(join(home, "config.yaml"), join(alpha, "dashboard", "dist", "leak.js"));
	plugin("beta", "{}");
	plugin("broken", "{not json");
	appendFileSync(join(home, "config.yaml"), "plugins:\n  enabled:\n  - alpha\n");
	request = testClient(makeContext({ home }));
});

type Answer = { status: number; body: any };

async function json(path: string, init: RequestInit & { token?: boolean } = {}): Promise<Answer> {
	const response = await request(path, init);
	return { status: response.status, body: await response.json() };
}

function send(method: string, body: unknown): RequestInit {
	return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function pyyaml(expression: string): unknown {
	const script = `import json,sys,yaml\nc=yaml.safe_load(open(sys.argv[1]))\nprint(json.dumps(${expression}))`;
	return JSON.parse(execFileSync("python3", ["-c", script, join(home, "config.yaml")], { encoding: "utf8" }));
}

const ALPHA = {
	name: "alpha",
	label: "Alpha",
	description: "",
	icon: "Puzzle",
	version: "0.0.0",
	tab: { path: "/alpha", position: "after:logs", override: "/sessions", hidden: true },
	slots: ["sidebar"],
	entry: "dist/index.js",
	css: "dist/style.css",
	has_api: true,
	source: "user",
};

describe("GET /api/dashboard/plugins (public)", () => {
	it("lists enabled user plugins with defaults, without a token, dropping unknown keys", async () => {
		const { status, body } = await json("/api/dashboard/plugins", { token: false });
		expect(status).toBe(200);
		expect(body).toEqual([ALPHA]);
		expect(Object.keys(body[0])).toEqual(Object.keys(ALPHA));
	});

	it("a user plugin must be enabled and not disabled; hidden ones leave the list", async () => {
		appendFileSync(join(home, "config.yaml"), "  - beta\n");
		expect((await json("/api/dashboard/plugins")).body.map((m: { name: string }) => m.name)).toEqual([
			"alpha",
			"beta",
		]);
		appendFileSync(join(home, "config.yaml"), "  disabled:\n  - alpha\n");
		expect((await json("/api/dashboard/plugins")).body.map((m: { name: string }) => m.name)).toEqual(["beta"]);
	});

	it("a plugin installed after discovery appears only after a rescan; count includes inactive ones", async () => {
		await json("/api/dashboard/plugins");
		plugin("gamma", JSON.stringify({ name: "gamma" }));
		appendFileSync(join(home, "config.yaml"), "  - gamma\n");
		expect((await json("/api/dashboard/plugins")).body.map((m: { name: string }) => m.name)).toEqual(["alpha"]);
		expect(await json("/api/dashboard/plugins/rescan")).toEqual({ status: 200, body: { ok: true, count: 3 } });
		expect((await json("/api/dashboard/plugins")).body.map((m: { name: string }) => m.name)).toEqual([
			"alpha",
			"gamma",
		]);
		expect((await json("/api/dashboard/plugins/rescan", { token: false })).status).toBe(401);
	});
});

describe("GET /api/dashboard/plugins/hub", () => {
	it("answers the rows, orphans and providers the Plugins page renders", async () => {
		const { status, body } = await json("/api/dashboard/plugins/hub");
		expect(status).toBe(200);
		expect(body.plugins).toEqual([
			{
				name: "alpha",
				version: "1.2.0",
				description: "First plugin",
				source: "user",
				runtime_status: "enabled",
				has_dashboard_manifest: true,
				dashboard_manifest: ALPHA,
				path: join(home, "plugins", "alpha"),
				can_remove: true,
				can_update_git: false,
				auth_required: false,
				auth_command: "",
				user_hidden: false,
			},
		]);
		expect(body.orphan_dashboard_plugins.map((m: { name: string }) => m.name)).toEqual(["beta"]);
		expect(body.orphan_dashboard_plugins[0]).toMatchObject({
			label: "beta",
			tab: { path: "/beta" },
			source: "user",
		});
		expect(body.providers).toMatchObject({ memory_provider: "", context_engine: "compressor" });
		expect(body.providers.memory_options).toEqual(expect.any(Array));
		expect(body.providers.context_options[0].name).toBe("compressor");
	});
});

describe("writes", () => {
	it("visibility adds and removes names in dashboard.hidden_plugins (read back by PyYAML)", async () => {
		expect(await json("/api/dashboard/plugins/alpha/visibility", send("POST", { hidden: true }))).toEqual({
			status: 200,
			body: { ok: true, name: "alpha", hidden: true },
		});
		expect(pyyaml("c['dashboard']['hidden_plugins']")).toEqual(["alpha"]);
		expect(pyyaml("c['dashboard']['theme']")).toBe("default");
		expect((await json("/api/dashboard/plugins")).body).toEqual([]);
		expect((await json("/api/dashboard/plugins/hub")).body.plugins[0].user_hidden).toBe(true);
		// Hidden plugins' assets stay served.
		expect((await request("/dashboard-plugins/alpha/dist/index.js")).status).toBe(200);
		await json("/api/dashboard/plugins/cat/nested/visibility", send("POST", { hidden: true }));
		await json("/api/dashboard/plugins/alpha/visibility", send("POST", { hidden: false }));
		expect(pyyaml("c['dashboard']['hidden_plugins']")).toEqual(["cat/nested"]);
	});

	it.each(["a..b", "x%5Cy"])("invalid plugin name %s → 400", async (name) => {
		expect(await json(`/api/dashboard/plugins/${name}/visibility`, send("POST", { hidden: true }))).toEqual({
			status: 400,
			body: { detail: "Invalid plugin name." },
		});
	});

	it("visibility needs a boolean", async () => {
		expect((await json("/api/dashboard/plugins/alpha/visibility", send("POST", {}))).status).toBe(422);
	});

	it("plugin-providers writes context.engine and normalises built-in memory names", async () => {
		expect(
			await json(
				"/api/dashboard/plugin-providers",
				send("PUT", { memory_provider: "none", context_engine: "lcm" }),
			),
		).toEqual({ status: 200, body: { ok: true } });
		expect(pyyaml("[c['memory']['provider'], c['context']['engine']]")).toEqual(["", "lcm"]);
		expect(await json("/api/dashboard/plugin-providers", send("PUT", { memory_provider: "nosuch" }))).toEqual({
			status: 400,
			body: { detail: "Unknown memory provider 'nosuch'." },
		});
		expect((await json("/api/dashboard/plugin-providers", send("PUT", []))).status).toBe(422);
	});
});

describe("GET /dashboard-plugins/{plugin}/{path}", () => {
	it("serves an active plugin's assets with their types and no-store caching", async () => {
		const script = await request("/dashboard-plugins/alpha/dist/index.js", { token: false });
		expect(script.status).toBe(200);
		expect(script.headers.get("content-type")).toMatch(/^application\/javascript/);
		expect(script.headers.get("cache-control")).toBe("no-store, no-cache, must-revalidate");
		expect(script.headers.get("etag")).toBeTruthy();
		expect(await script.text()).toBe("console.log('alpha');\n");
		const css = await request("/dashboard-plugins/alpha/dist/style.css");
		expect(css.headers.get("content-type")).toMatch(/^text\/css/);
	});

	it.each([
		["/dashboard-plugins/nosuch/dist/index.js", 404, "Plugin not found"],
		["/dashboard-plugins/beta/manifest.json", 404, "Plugin not found"],
		["/dashboard-plugins/alpha/notes.txt", 404, "File not found"],
		["/dashboard-plugins/alpha/dist/missing.js", 404, "File not found"],
		["/dashboard-plugins/alpha/dist/leak.js", 403, "Path traversal blocked"],
		["/dashboard-plugins/alpha/..%2f..%2f..%2fconfig.yaml", 403, "Path traversal blocked"],
	])("%s → %i %s", async (path, status, detail) => {
		const response = await request(path);
		expect(response.status).toBe(status);
		expect(await response.json()).toEqual({ detail });
	});

	it("encoded dot segments are normalised away before routing: nothing outside is served", async () => {
		const response = await request("/dashboard-plugins/alpha/%2e%2e/%2e%2e/%2e%2e/config.yaml");
		expect(response.status).toBe(404);
		expect(await response.text()).not.toContain("dashboard:");
	});

	it("a link to a directory outside dashboard/ is blocked too", async () => {
		const outside = mkdtempSync(join(tmpdir(), "plugin-outside-"));
		writeFileSync(join(outside, "x.js"), "outside");
		symlinkSync(outside, join(home, "plugins", "alpha", "dashboard", "ext"));
		expect((await request("/dashboard-plugins/alpha/ext/x.js")).status).toBe(403);
	});
});
