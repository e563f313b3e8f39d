import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_HOME, jsonRequest, makeContext, testClient } from "../helpers/app.ts";
import { pythonYAMLAt } from "../helpers/python_yaml.ts";

function setup() {
	const home = copyFixtureHome();
	return { home, request: testClient(makeContext({ home })) };
}

const json = jsonRequest;

/** skills.disabled of config.yaml as PyYAML (what Hermes uses) reads it. */
function pythonDisabled(home: string): unknown {
	return pythonYAMLAt(join(home, "config.yaml"), "skills.disabled");
}

describe("GET /api/skills", () => {
	it("lists every skill with category, enabled, usage and provenance", async () => {
		const { request } = setup();
		const response = await request("/api/skills");
		expect(response.status).toBe(200);
		const rows = (await response.json()) as Record<string, unknown>[];
		expect(rows.map((row) => row.name)).toEqual([
			"deploy-checklist",
			"log-triage",
			"release-notes",
			"weekly-report-zh",
		]);
		expect(rows.find((row) => row.name === "release-notes")).toEqual({
			name: "release-notes",
			description: expect.any(String),
			category: "writing",
			enabled: true,
			usage: 8,
			provenance: "agent",
		});
		expect(rows.find((row) => row.name === "deploy-checklist")?.enabled).toBe(false);
		expect(rows.find((row) => row.name === "log-triage")?.usage).toBe(3);
	});

	it("hub and bundled provenance; an uncategorised skill has category null", async () => {
		const { home, request } = setup();
		mkdirSync(join(home, "skills", "solo"));
		writeFileSync(join(home, "skills", "solo", "SKILL.md"), "---\nname: solo\n---\n\n# Solo\n\nFirst body line.\n");
		mkdirSync(join(home, "skills", ".hub"));
		writeFileSync(
			join(home, "skills", ".hub", "lock.json"),
			JSON.stringify({ version: 1, installed: { "log-triage": { identifier: "x/y" } } }),
		);
		writeFileSync(join(home, "skills", ".bundled_manifest"), "release-notes:abc\n");
		const rows = (await (await request("/api/skills")).json()) as Record<string, unknown>[];
		expect(rows.find((row) => row.name === "solo")).toMatchObject({
			category: null,
			description: "First body line.",
		});
		expect(rows.find((row) => row.name === "log-triage")?.provenance).toBe("hub");
		expect(rows.find((row) => row.name === "release-notes")?.provenance).toBe("bundled");
	});

	it("profile errors: invalid name 400, unknown profile 404", async () => {
		const { request } = setup();
		expect((await request("/api/skills?profile=Bad%20Name")).status).toBe(400);
		const missing = await request("/api/skills?profile=nobody");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Profile 'nobody' does not exist." });
	});
});

describe("PUT /api/skills/toggle", () => {
	it("disabling adds the name sorted; every other byte of config.yaml stays", async () => {
		const { home, request } = setup();
		const before = readFileSync(join(home, "config.yaml"), "utf8");
		const response = await request("/api/skills/toggle", json({ name: "log-triage", enabled: false }));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, name: "log-triage", enabled: false });
		const after = readFileSync(join(home, "config.yaml"), "utf8");
		expect(pythonDisabled(home)).toEqual(["deploy-checklist", "log-triage"]);
		// Only the disabled list's lines differ.
		const start = before.indexOf("  disabled:\n");
		expect(after.slice(0, start)).toBe(before.slice(0, start));
		const restOf = (text: string) => text.slice(text.indexOf("\n", text.indexOf("- deploy-checklist", start)));
		expect(restOf(after).replace(/^\n\s+- log-triage/, "")).toBe(restOf(before));
	});

	it("enabling removes it; toggling back restores the original file byte for byte", async () => {
		const { home, request } = setup();
		const before = readFileSync(join(home, "config.yaml"), "utf8");
		await request("/api/skills/toggle", json({ name: "log-triage", enabled: false }));
		await request("/api/skills/toggle", json({ name: "log-triage", enabled: true }));
		expect(readFileSync(join(home, "config.yaml"), "utf8")).toBe(before);
		await request("/api/skills/toggle", json({ name: "deploy-checklist", enabled: true }));
		expect(pythonDisabled(home)).toEqual([]);
		const rows = (await (await request("/api/skills")).json()) as { enabled: boolean }[];
		expect(rows.every((row) => row.enabled)).toBe(true);
	});

	it("a comment inside the skills block survives a toggle", async () => {
		const { home, request } = setup();
		const path = join(home, "config.yaml");
		writeFileSync(
			path,
			readFileSync(path, "utf8").replace("skills:\n", "skills:\n  # keep me: hand-written note\n"),
		);
		await request("/api/skills/toggle", json({ name: "release-notes", enabled: false }));
		expect(readFileSync(path, "utf8")).toContain("  # keep me: hand-written note\n");
		expect(pythonDisabled(home)).toEqual(["deploy-checklist", "release-notes"]);
	});

	it("concurrent toggles both land (a stale save re-reads and merges)", async () => {
		const { home, request } = setup();
		const answers = await Promise.all([
			request("/api/skills/toggle", json({ name: "log-triage", enabled: false })),
			request("/api/skills/toggle", json({ name: "release-notes", enabled: false })),
			request("/api/skills/toggle", json({ name: "weekly-report-zh", enabled: false })),
		]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
		expect(pythonDisabled(home)).toEqual(["deploy-checklist", "log-triage", "release-notes", "weekly-report-zh"]);
	});

	it("a bare scalar `disabled: name` is one name, and a toggle writes it back as a list", async () => {
		const { home, request } = setup();
		const path = join(home, "config.yaml");
		writeFileSync(
			path,
			readFileSync(path, "utf8").replace(
				"  disabled:\n    - deploy-checklist\n",
				"  disabled: deploy-checklist\n",
			),
		);
		const rows = (await (await request("/api/skills")).json()) as { name: string; enabled: boolean }[];
		expect(rows.filter((row) => !row.enabled).map((row) => row.name)).toEqual(["deploy-checklist"]);
		await request("/api/skills/toggle", json({ name: "log-triage", enabled: false }));
		expect(pythonDisabled(home)).toEqual(["deploy-checklist", "log-triage"]);
	});

	it("422 for a missing or ill-typed field", async () => {
		const { request } = setup();
		const response = await request("/api/skills/toggle", json({ name: "x" }));
		expect(response.status).toBe(422);
		expect(((await response.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual([
			"body",
			"enabled",
		]);
		expect((await request("/api/skills/toggle", json({ name: 1, enabled: true }))).status).toBe(422);
	});
});

describe("/api/skills/content", () => {
	it("GET answers name, content and path by folder name", async () => {
		const { home, request } = setup();
		const response = await request("/api/skills/content?name=log-triage");
		expect(response.status).toBe(200);
		const body = (await response.json()) as { name: string; content: string; path: string };
		expect(body.name).toBe("log-triage");
		expect(body.path).toBe(join(home, "skills", "devops", "log-triage", "SKILL.md"));
		expect(body.content).toBe(readFileSync(body.path, "utf8"));
	});

	it("PUT rewrites SKILL.md; a stale version is a 409", async () => {
		const { home, request } = setup();
		const { version } = (await (await request("/api/skills/content?name=log-triage")).json()) as {
			version: string;
		};
		const content = "---\nname: log-triage\ndescription: Edited.\n---\n\n# New body\n";
		const response = await request("/api/skills/content", json({ name: "log-triage", content, version }));
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			success: true,
			message: "Skill 'log-triage' updated (full rewrite).",
			path: join(home, "skills", "devops", "log-triage"),
		});
		expect(readFileSync(join(home, "skills", "devops", "log-triage", "SKILL.md"), "utf8")).toBe(content);
		const stale = await request("/api/skills/content", json({ name: "log-triage", content, version }));
		expect(stale.status).toBe(409);
	});

	it("PUT refuses content without frontmatter with Hermes's text", async () => {
		const { request } = setup();
		const response = await request(
			"/api/skills/content",
			json({ name: "log-triage", content: "# no frontmatter\n" }),
		);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			detail: "SKILL.md must start with YAML frontmatter (---). See existing skills for format.",
		});
	});

	it("unknown skill 404 in Hermes's words; `..`, absolute and nested names name no skill", async () => {
		const { home, request } = setup();
		const missing = await request("/api/skills/content?name=nope");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Skill 'nope' not found." });
		for (const name of ["..", "../config.yaml", "/etc/passwd", "devops/log-triage", "../../.env"]) {
			const response = await request(`/api/skills/content?name=${encodeURIComponent(name)}`);
			expect(response.status, name).toBe(404);
			expect(await response.text()).not.toContain("API_KEY");
		}
		const edit = await request(
			"/api/skills/content",
			json({ name: "../../config", content: "---\nname: x\ndescription: y\n---\nbody\n" }),
		);
		expect(edit.status).toBe(404);
		expect(await edit.json()).toEqual({ detail: "Skill '../../config' not found in active profile 'default'." });
		expect(readFileSync(join(home, "config.yaml"), "utf8")).toBe(
			readFileSync(join(FIXTURE_HOME, "config.yaml"), "utf8"),
		);
		expect((await request("/api/skills/content")).status).toBe(422);
	});

	it("a skill folder that links outside skills/ is refused for reading and writing", async () => {
		const { home, request } = setup();
		const outside = join(home, "..", "outside-skill");
		mkdirSync(outside);
		writeFileSync(join(outside, "SKILL.md"), "---\nname: escape\ndescription: x\n---\nsecret\n");
		symlinkSync(outside, join(home, "skills", "escape"));
		const read = await request("/api/skills/content?name=escape");
		expect(read.status).toBe(400);
		expect(JSON.stringify(await read.json())).not.toContain("secret");
		const write = await request(
			"/api/skills/content",
			json({ name: "escape", content: "---\nname: escape\ndescription: y\n---\nowned\n" }),
		);
		expect(write.status).toBe(400);
		expect(readFileSync(join(outside, "SKILL.md"), "utf8")).toContain("secret");
	});
});

describe("POST /api/skills", () => {
	const content = "---\nname: new-skill\ndescription: A new one.\n---\n\n# New\n\nDo the thing.\n";

	it("creates skills/<category>/<name>/SKILL.md and lists it", async () => {
		const { home, request } = setup();
		const response = await request(
			"/api/skills",
			json({ name: "new-skill", content, category: "writing" }, "POST"),
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			success: true,
			message: "Skill 'new-skill' created.",
			path: "writing/new-skill",
			skill_md: join(home, "skills", "writing", "new-skill", "SKILL.md"),
			category: "writing",
		});
		expect(readFileSync(join(home, "skills", "writing", "new-skill", "SKILL.md"), "utf8")).toBe(content);
		const rows = (await (await request("/api/skills")).json()) as { name: string; category: string }[];
		expect(rows.find((row) => row.name === "new-skill")?.category).toBe("writing");
	});

	it("refuses an existing name anywhere, bad names and categories, bad content: 400 with Hermes's texts", async () => {
		const { home, request } = setup();
		const taken = await request("/api/skills", json({ name: "log-triage", content }, "POST"));
		expect(taken.status).toBe(400);
		expect(await taken.json()).toEqual({
			detail: `A skill named 'log-triage' already exists at ${join(home, "skills", "devops", "log-triage")}.`,
		});
		const upper = await request("/api/skills", json({ name: "Upper", content }, "POST"));
		expect(await upper.json()).toEqual({
			detail: "Invalid skill name 'Upper'. Use lowercase letters, numbers, hyphens, dots, and underscores. Must start with a letter or digit.",
		});
		for (const name of ["../escape", "Upper", ".hidden", "a/b", "x".repeat(65)]) {
			expect((await request("/api/skills", json({ name, content }, "POST"))).status, name).toBe(400);
		}
		expect(
			(await request("/api/skills", json({ name: "ok-name", content, category: "../up" }, "POST"))).status,
		).toBe(400);
		const noBody = await request(
			"/api/skills",
			json({ name: "ok-name", content: "---\nname: a\ndescription: b\n---\n" }, "POST"),
		);
		expect(noBody.status).toBe(400);
	});

	it("a category folder that links outside skills/ is refused and nothing is created there", async () => {
		const { home, request } = setup();
		const outside = join(home, "..", "outside-category");
		mkdirSync(outside);
		symlinkSync(outside, join(home, "skills", "linked"));
		const response = await request("/api/skills", json({ name: "new-skill", content, category: "linked" }, "POST"));
		expect(response.status).toBe(400);
		const { readdirSync } = await import("node:fs");
		expect(readdirSync(outside)).toEqual([]);
	});
});
