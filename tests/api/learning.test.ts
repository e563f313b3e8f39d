/**
 * `/api/learning/*` (api-contract-clients §8) on copies of the fixture home: the graph's
 * nodes, edges, clusters and stats as Hermes's helper derives them; one node's read, edit
 * and delete for skills and memory entries, read back by Python where it can check.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";

let home: string;
let request: ReturnType<typeof testClient>;

beforeEach(() => {
	home = copyFixtureHome();
	request = testClient(makeContext({ home }));
});

type Answer = { status: number; body: any };

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
	const response = await request(path, {
		method,
		headers: body === undefined ? {} : { "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

const epoch = (iso: string) => Math.trunc(Date.parse(iso) / 1000);

function writeSkill(relative: string, frontmatter: string): void {
	mkdirSync(join(home, "skills", relative), { recursive: true });
	writeFileSync(join(home, "skills", relative, "SKILL.md"), `---\n${frontmatter}\n---\n\n# Body\n`);
}

function writeMemory(file: string, entries: string[]): void {
	mkdirSync(join(home, "memories"), { recursive: true });
	writeFileSync(join(home, "memories", file), entries.join("\n§\n"));
}

/** The memory tool's reading of a file: entries split on `\n§\n`, trimmed, empty ones dropped. */
function pythonEntries(file: string): string[] {
	const script = `import json,sys;t=open(sys.argv[1],encoding='utf-8').read();print(json.dumps([e.strip() for e in t.split('\\n\\u00a7\\n') if e.strip()]))`;
	return JSON.parse(execFileSync("python3", ["-c", script, join(home, "memories", file)], { encoding: "utf8" }));
}

describe("GET /api/learning/graph", () => {
	it("shows the fixture's used skills (the unused deploy-checklist is left out)", async () => {
		const { status, body } = await call("GET", "/api/learning/graph");
		expect(status).toBe(200);
		const skill = (id: string, category: string, useCount: number, usedAt: string) => ({
			id,
			label: id,
			kind: "skill",
			timestamp: epoch(usedAt),
			category,
			useCount,
			state: "active",
			createdBy: null,
			pinned: false,
		});
		expect(body).toEqual({
			nodes: [
				skill("log-triage", "devops", 1, "2026-11-23T23:19:47.341803+00:00"),
				skill("release-notes", "writing", 3, "2026-11-23T23:19:47.338297+00:00"),
				skill("weekly-report-zh", "writing", 1, "2026-11-23T23:19:47.344304+00:00"),
			],
			edges: [],
			clusters: [
				{ category: "writing", count: 2 },
				{ category: "devops", count: 1 },
			],
			memory: [],
			stats: {
				nodes: 3,
				related_edges: 0,
				edges_per_node: 0,
				linked_nodes: 0,
				isolated_pct: 100,
				categories: 2,
				agent_created: 0,
				used: 3,
				top_categories: [
					["writing", 2],
					["devops", 1],
				],
				memory_nodes: 0,
				memory_skill_edges: 0,
				learned_skills: 3,
			},
		});
	});

	it("links related skills both ways once, and memory entries to the skills they mention", async () => {
		writeSkill(
			"devops/incident-review",
			"name: incident-review\ndescription: x\nmetadata:\n  hermes:\n    related_skills: [log-triage, missing-skill]",
		);
		const usage = JSON.parse(readFileSync(join(home, "skills", ".usage.json"), "utf8"));
		usage["incident-review"] = { created_by: "agent", use_count: 0, created_at: "2026-11-20T10:00:00+00:00" };
		writeFileSync(join(home, "skills", ".usage.json"), JSON.stringify(usage));
		writeSkill("loose", "name: loose\ndescription: never used");
		writeMemory("MEMORY.md", [
			"# Incident review habit\nRun log-triage first, then write the review.",
			"Prefers tea",
		]);
		writeMemory("USER.md", ["User writes release notes on Fridays"]);
		const { body } = await call("GET", "/api/learning/graph");
		expect(body.nodes.map((node: any) => node.id)).toEqual([
			"incident-review",
			"log-triage",
			"release-notes",
			"weekly-report-zh",
			"memory:memory:0",
			"memory:memory:1",
			"memory:profile:2",
		]);
		expect(body.nodes[0]).toMatchObject({
			createdBy: "agent",
			useCount: 0,
			timestamp: epoch("2026-11-20T10:00:00Z"),
		});
		expect(body.nodes[4]).toMatchObject({
			label: "Incident review habit",
			kind: "memory",
			memorySource: "memory",
			category: "memory",
			createdBy: "memory",
		});
		expect(body.edges).toEqual([
			{ source: "incident-review", target: "log-triage" },
			// "log-triage" is named in full (6) and shares two words (8); "incident review" only shares two.
			{ source: "memory:memory:0", target: "log-triage" },
			{ source: "memory:memory:0", target: "incident-review" },
			{ source: "memory:profile:2", target: "release-notes" },
		]);
		expect(body.clusters).toEqual([
			{ category: "memory", count: 3 },
			{ category: "devops", count: 2 },
			{ category: "writing", count: 2 },
		]);
		expect(body.memory[2]).toEqual({
			source: "profile",
			timestamp: expect.any(Number),
			title: "User writes release notes on Fridays",
			body: "User writes release notes on Fridays",
		});
		expect(body.stats).toMatchObject({
			nodes: 4,
			related_edges: 1,
			edges_per_node: 0.25,
			linked_nodes: 2,
			isolated_pct: 50,
			agent_created: 1,
			memory_nodes: 3,
			memory_skill_edges: 3,
			learned_skills: 4,
		});
	});

	it("resolves ?profile= (R-cfg)", async () => {
		expect(await call("GET", "/api/learning/graph?profile=nope")).toEqual({
			status: 404,
			body: { detail: "Profile 'nope' does not exist." },
		});
		mkdirSync(join(home, "profiles", "lab"), { recursive: true });
		expect((await call("GET", "/api/learning/graph?profile=lab")).body.nodes).toEqual([]);
	});
});

describe("/api/learning/node", () => {
	it("reads a skill's SKILL.md and a memory entry; unknown ids are 404s with the helper's text", async () => {
		const path = join(home, "skills", "writing", "release-notes", "SKILL.md");
		expect(await call("GET", "/api/learning/node?id=release-notes")).toEqual({
			status: 200,
			body: {
				ok: true,
				kind: "skill",
				id: "release-notes",
				label: "release-notes",
				content: readFileSync(path, "utf8"),
			},
		});
		writeMemory("MEMORY.md", ["first entry\nmore", "second"]);
		expect((await call("GET", "/api/learning/node?id=memory:memory:1")).body).toEqual({
			ok: true,
			kind: "memory",
			id: "memory:memory:1",
			label: "second",
			content: "second",
		});
		expect(await call("GET", "/api/learning/node?id=nope")).toEqual({
			status: 404,
			body: { detail: "skill 'nope' not found" },
		});
		expect(await call("GET", "/api/learning/node?id=memory:other:0")).toEqual({
			status: 404,
			body: { detail: "bad memory node id: 'memory:other:0'" },
		});
		expect((await call("GET", "/api/learning/node?id=memory:memory:7")).body.detail).toBe(
			"memory index 7 out of range",
		);
		expect((await call("GET", "/api/learning/node")).status).toBe(422);
	});

	it("rewrites a skill, refusing one without frontmatter", async () => {
		const path = join(home, "skills", "devops", "log-triage", "SKILL.md");
		const content = "---\nname: log-triage\ndescription: Newer.\n---\n\nNew body.\n";
		expect(await call("PUT", "/api/learning/node", { id: "log-triage", content })).toEqual({
			status: 200,
			body: { ok: true, message: "updated 'log-triage'" },
		});
		expect(readFileSync(path, "utf8")).toBe(content);
		expect(await call("PUT", "/api/learning/node", { id: "log-triage", content: "no frontmatter" })).toEqual({
			status: 400,
			body: { detail: "SKILL.md must start with YAML frontmatter (---). See existing skills for format." },
		});
		expect(readFileSync(path, "utf8")).toBe(content);
	});

	it("replaces and removes memory entries in the format the memory tool reads", async () => {
		writeMemory("MEMORY.md", ["alpha", "beta", "gamma"]);
		writeMemory("USER.md", ["likes tea"]);
		expect(await call("PUT", "/api/learning/node", { id: "memory:memory:1", content: "  BETA  " })).toEqual({
			status: 200,
			body: { ok: true, message: "updated memory in MEMORY.md" },
		});
		expect(pythonEntries("MEMORY.md")).toEqual(["alpha", "BETA", "gamma"]);
		expect(await call("DELETE", "/api/learning/node", { id: "memory:memory:0" })).toEqual({
			status: 200,
			body: { ok: true, message: "deleted memory from MEMORY.md" },
		});
		expect(pythonEntries("MEMORY.md")).toEqual(["BETA", "gamma"]);
		// USER.md entries come after MEMORY.md's in the ids: now index 2.
		await call("PUT", "/api/learning/node", { id: "memory:profile:2", content: "likes green tea" });
		expect(pythonEntries("USER.md")).toEqual(["likes green tea"]);
		expect(await call("PUT", "/api/learning/node", { id: "memory:memory:0", content: " " })).toEqual({
			status: 400,
			body: { detail: "empty memory — use delete to remove it" },
		});
		expect(
			(await call("PUT", "/api/learning/node", { id: "memory:memory:0", content: "x".repeat(3001) })).body,
		).toEqual({
			// The fixture's config sets memory.memory_char_limit to 3000.
			detail: "Replacement would put memory at 3009/3000 chars. Shorten the new content.",
		});
		expect(pythonEntries("MEMORY.md")).toEqual(["BETA", "gamma"]);
		expect((await call("DELETE", "/api/learning/node", { id: "memory:profile:0" })).body).toEqual({
			detail: "memory node id is stale — refresh the graph",
		});
	});

	it("archives a skill where curator restore finds it, and refuses a pinned one", async () => {
		expect(await call("DELETE", "/api/learning/node", { id: "release-notes" })).toEqual({
			status: 200,
			body: {
				ok: true,
				message: "archived 'release-notes' — restore with: hermes curator restore release-notes",
			},
		});
		expect(existsSync(join(home, "skills", "writing", "release-notes"))).toBe(false);
		const archived = join(home, "skills", ".archive", "release-notes");
		expect(existsSync(join(archived, "SKILL.md"))).toBe(true);
		const script = `import json,sys;r=json.load(open(sys.argv[1]))['release-notes'];print(json.dumps([r['state'],r['archived_at'],r['archive_path'],r['use_count']]))`;
		const record = JSON.parse(
			execFileSync("python3", ["-c", script, join(home, "skills", ".usage.json")], { encoding: "utf8" }),
		);
		expect(record).toEqual([
			"archived",
			new Date(FIXTURE_NOW_MS).toISOString().replace("Z", "+00:00"),
			archived,
			3,
		]);
		expect((await call("GET", "/api/learning/graph")).body.nodes.map((node: any) => node.id)).not.toContain(
			"release-notes",
		);
		const usage = JSON.parse(readFileSync(join(home, "skills", ".usage.json"), "utf8"));
		usage["log-triage"].pinned = true;
		writeFileSync(join(home, "skills", ".usage.json"), JSON.stringify(usage));
		expect(await call("DELETE", "/api/learning/node", { id: "log-triage" })).toEqual({
			status: 400,
			body: { detail: "'log-triage' is pinned — unpin it first (hermes curator unpin log-triage)" },
		});
		expect(await call("DELETE", "/api/learning/node", { id: "nope" })).toEqual({
			status: 400,
			body: { detail: "skill 'nope' not found" },
		});
	});

	it("takes the profile from the body for edits and deletes", async () => {
		const lab = join(home, "profiles", "lab");
		mkdirSync(join(lab, "memories"), { recursive: true });
		writeFileSync(join(lab, "memories", "MEMORY.md"), "lab entry");
		writeMemory("MEMORY.md", ["root entry"]);
		await call("PUT", "/api/learning/node?profile=nope", {
			id: "memory:memory:0",
			content: "lab edit",
			profile: "lab",
		});
		expect(readFileSync(join(lab, "memories", "MEMORY.md"), "utf8")).toBe("lab edit");
		expect(pythonEntries("MEMORY.md")).toEqual(["root entry"]);
		expect((await call("DELETE", "/api/learning/node", { id: "memory:memory:0", profile: "nope" })).status).toBe(
			404,
		);
	});
});
