/**
 * Profiles API (api-contract-clients §1.1–§1.3, §2) on copies of the fixture home:
 * shapes, Hermes's 4xx texts, and create → rename → delete read back from disk (and by
 * python's yaml where Hermes reads YAML).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

const ROW_KEYS = [
	"name",
	"path",
	"is_default",
	"model",
	"provider",
	"has_env",
	"skill_count",
	"gateway_running",
	"description",
	"description_auto",
	"distribution_name",
	"distribution_version",
	"distribution_source",
	"has_alias",
];

describe("GET /api/profiles and /api/profiles/active", () => {
	it("lists the default profile with its model, keys file and skills", async () => {
		const { json, context } = setup();
		const { status, body } = await json("/api/profiles");
		expect(status).toBe(200);
		expect(body.profiles).toHaveLength(1);
		const row = body.profiles[0];
		expect(Object.keys(row)).toEqual(ROW_KEYS);
		expect(row).toMatchObject({
			name: "default",
			path: context.home,
			is_default: true,
			model: "claude-sonnet-4-6",
			provider: "anthropic",
			has_env: true,
			skill_count: 4,
			gateway_running: false,
			description: "",
			has_alias: false,
		});
	});

	it("active is default with no marker; a stale marker is returned as is", async () => {
		const { json, context } = setup();
		expect((await json("/api/profiles/active")).body).toEqual({ active: "default", current: "default" });
		writeFileSync(join(context.home, "active_profile"), "  gone \n");
		expect((await json("/api/profiles/active")).body.active).toBe("gone");
	});

	it("POST active writes the marker atomically, default deletes it, and refuses bad names", async () => {
		const { json, context } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "coder" } });
		expect(await json("/api/profiles/active", { method: "POST", body: { name: "Coder" } })).toEqual({
			status: 200,
			body: { ok: true, active: "coder" },
		});
		expect(readFileSync(join(context.home, "active_profile"), "utf8")).toBe("coder\n");
		expect((await json("/api/profiles/active", { method: "POST", body: { name: "DEFAULT" } })).body).toEqual({
			ok: true,
			active: "default",
		});
		expect(existsSync(join(context.home, "active_profile"))).toBe(false);
		expect(await json("/api/profiles/active", { method: "POST", body: { name: " " } })).toEqual({
			status: 400,
			body: { detail: "profile name cannot be empty" },
		});
		expect(await json("/api/profiles/active", { method: "POST", body: { name: "nope" } })).toEqual({
			status: 404,
			body: { detail: "Profile 'nope' does not exist. Create it with: hermes profile create nope" },
		});
		expect((await json("/api/profiles/active", { method: "POST", body: { name: "a b" } })).body.detail).toBe(
			"Invalid profile name 'a b'. Must match [a-z0-9][a-z0-9_-]{0,63}",
		);
		expect((await json("/api/profiles/active", { method: "POST", body: {} })).status).toBe(422);
	});
});

describe("POST /api/profiles", () => {
	it("creates a fresh profile laid out as Hermes does, shown in /api/status and the list", async () => {
		const { json, context } = setup();
		const { status, body } = await json("/api/profiles", {
			method: "POST",
			body: { name: "Research", description: "Reads papers", provider: "anthropic", model: "claude-opus-4-7" },
		});
		expect(status).toBe(200);
		const dir = join(context.home, "profiles", "research");
		expect(body).toEqual({
			ok: true,
			name: "Research",
			path: dir,
			model_set: true,
			mcp_written: 0,
			skills_disabled: 0,
			hub_installs: [],
		});
		for (const sub of ["memories", "sessions", "skills", "skins", "logs", "plans", "workspace", "cron", "home"]) {
			expect(statSync(join(dir, sub)).isDirectory(), sub).toBe(true);
		}
		expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
		expect(
			readFileSync(join(dir, ".env"), "utf8")
				.split("\n")
				.filter((line) => line.startsWith("#")),
		).toHaveLength(3);
		expect(readFileSync(join(dir, "SOUL.md"), "utf8").length).toBeGreaterThan(20);
		expect(pythonYAML(join(dir, "profile.yaml"))).toEqual({ description: "Reads papers", description_auto: false });
		expect(pythonYAML(join(dir, "config.yaml")).model).toEqual({
			provider: "anthropic",
			default: "claude-opus-4-7",
		});
		const status_ = await json("/api/status");
		expect(status_.body.profiles).toContain("research");
		const list = (await json("/api/profiles")).body.profiles;
		expect(list.map((row: Loose) => row.name)).toEqual(["default", "research"]);
		expect(list[1]).toMatchObject({ model: "claude-opus-4-7", description: "Reads papers", is_default: false });
	});

	it("refuses blank, reserved, default, existing and contradictory requests with Hermes's texts", async () => {
		const { json, context } = setup();
		const post = (body: unknown) => json("/api/profiles", { method: "POST", body });
		expect((await post({ name: "" })).body.detail).toBe("profile name cannot be empty");
		expect((await post({ name: "root" })).body.detail).toBe(
			"Profile name 'root' is reserved — it collides with either the Hermes installation itself or a common system binary.  Pick a different name.",
		);
		expect((await post({ name: "default" })).body.detail).toBe(
			"Cannot create a profile named 'default' — it is the built-in profile (~/.hermes).",
		);
		await post({ name: "work" });
		expect(await post({ name: "work" })).toEqual({
			status: 400,
			body: { detail: `Profile 'work' already exists at ${join(context.home, "profiles", "work")}` },
		});
		expect((await post({ name: "x1", no_skills: true, clone_from: "work" })).body.detail).toMatch(
			/^--no-skills is mutually exclusive/,
		);
		expect((await post({ name: "x2", clone_from: "ghost" })).body.detail).toBe(
			`Source profile 'ghost' does not exist at ${join(context.home, "profiles", "ghost")}`,
		);
		expect((await post({})).status).toBe(422);
		expect(existsSync(join(context.home, "profiles", "x1"))).toBe(false);
	});

	it("a config clone copies config, keys, persona and skills; a full clone skips state.db", async () => {
		const { json, context } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "copy", clone_from: "default" } });
		const copy = join(context.home, "profiles", "copy");
		expect(readFileSync(join(copy, "config.yaml"), "utf8")).toBe(
			readFileSync(join(context.home, "config.yaml"), "utf8"),
		);
		expect(statSync(join(copy, ".env")).mode & 0o777).toBe(0o600);
		expect(existsSync(join(copy, "skills", "devops", "log-triage", "SKILL.md"))).toBe(true);
		expect(existsSync(join(copy, "state.db"))).toBe(false);
		await json("/api/profiles", { method: "POST", body: { name: "full", clone_all: true } });
		const full = join(context.home, "profiles", "full");
		expect(existsSync(join(full, "cron", "jobs.json"))).toBe(true);
		expect(existsSync(join(full, "state.db"))).toBe(false);
		expect(existsSync(join(full, "profiles"))).toBe(false);
	});

	it("writes MCP servers and turns keep_skills into skills.disabled", async () => {
		const { json, context } = setup();
		const { body } = await json("/api/profiles", {
			method: "POST",
			body: {
				name: "ops",
				clone_from: "default",
				mcp_servers: [{ name: "docs", url: "http://127.0.0.1:9/mcp" }, { name: "empty" }],
				keep_skills: ["log-triage"],
			},
		});
		expect(body).toMatchObject({ mcp_written: 1, skills_disabled: 3 });
		const config = pythonYAML(join(context.home, "profiles", "ops", "config.yaml"));
		expect(config.mcp_servers.docs).toEqual({ url: "http://127.0.0.1:9/mcp" });
		expect(config.mcp_servers["local-notes"]).toBeDefined();
		expect(config.skills.disabled.sort()).toEqual(["deploy-checklist", "release-notes", "weekly-report-zh"]);
	});
});

describe("rename and delete", () => {
	it("renames the directory and the active marker; refuses default and clashes", async () => {
		const { json, context } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "alpha" } });
		await json("/api/profiles", { method: "POST", body: { name: "beta" } });
		await json("/api/profiles/active", { method: "POST", body: { name: "alpha" } });
		expect(await json("/api/profiles/Alpha", { method: "PATCH", body: { new_name: "gamma" } })).toEqual({
			status: 200,
			body: { ok: true, name: "gamma", path: join(context.home, "profiles", "gamma") },
		});
		expect(readFileSync(join(context.home, "active_profile"), "utf8")).toBe("gamma\n");
		expect(existsSync(join(context.home, "profiles", "alpha"))).toBe(false);
		const patch = (name: string, new_name: string) =>
			json(`/api/profiles/${name}`, { method: "PATCH", body: { new_name } });
		expect((await patch("default", "x")).body.detail).toBe("Cannot rename the default profile.");
		expect((await patch("beta", "default")).body.detail).toBe("Cannot rename to 'default' — it is reserved.");
		expect(await patch("ghost", "x")).toEqual({ status: 404, body: { detail: "Profile 'ghost' does not exist." } });
		expect((await patch("beta", "gamma")).body.detail).toBe("Profile 'gamma' already exists.");
	});

	it("deletes the tree and resets the active marker; refuses default", async () => {
		const { json, context } = setup();
		await json("/api/profiles", { method: "POST", body: { name: "temp1" } });
		await json("/api/profiles/active", { method: "POST", body: { name: "temp1" } });
		expect(await json("/api/profiles/temp1", { method: "DELETE" })).toEqual({
			status: 200,
			body: { ok: true, path: join(context.home, "profiles", "temp1") },
		});
		expect(existsSync(join(context.home, "profiles", "temp1"))).toBe(false);
		expect(existsSync(join(context.home, "active_profile"))).toBe(false);
		expect((await json("/api/profiles/default", { method: "DELETE" })).body.detail).toBe(
			"Cannot delete the default profile (~/.hermes).\nTo remove everything, use: hermes uninstall",
		);
		expect((await json("/api/profiles/temp1", { method: "DELETE" })).status).toBe(404);
	});

	it("create and rename keep a ~/.local/bin wrapper and Honcho host blocks when HOME is known", async () => {
		const userHome = join(makeContext().home, "..", "user");
		mkdirSync(userHome, { recursive: true });
		const { json } = setup({ HOME: userHome, PATH: "/usr/bin:/bin" });
		await json("/api/profiles", { method: "POST", body: { name: "scribe" } });
		const wrapper = join(userHome, ".local", "bin", "scribe");
		expect(readFileSync(wrapper, "utf8")).toMatch(/^#!\/bin\/sh\nexec \S*hermes -p scribe "\$@"\n$/);
		expect(statSync(wrapper).mode & 0o111).not.toBe(0);
		expect((await json("/api/profiles")).body.profiles[1].has_alias).toBe(true);
		mkdirSync(join(userHome, ".honcho"), { recursive: true });
		const honcho = join(userHome, ".honcho", "config.json");
		writeFileSync(
			honcho,
			JSON.stringify({ apiKey: "x", hosts: { a: {}, "hermes.scribe": { workspace: "w" }, z: {} } }),
		);
		await json("/api/profiles/scribe", { method: "PATCH", body: { new_name: "writer" } });
		expect(JSON.parse(readFileSync(honcho, "utf8")).hosts).toEqual({
			a: {},
			hermes_writer: { workspace: "w", aiPeer: "scribe" },
			z: {},
		});
		expect(Object.keys(JSON.parse(readFileSync(honcho, "utf8")).hosts)).toEqual(["a", "hermes_writer", "z"]);
		expect(existsSync(wrapper)).toBe(false);
		expect(readFileSync(join(userHome, ".local", "bin", "writer"), "utf8")).toContain("-p writer ");
	});
});
