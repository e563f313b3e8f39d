/**
 * Profile rows read from disk (api-contract-clients §1.1): skill counting rules,
 * profile.yaml and distribution.yaml read with PyYAML's rules, broken files falling back,
 * and which profile the dashboard itself runs as.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { countSkills, currentProfile, listProfileRows } from "../../src/hermes/profiles/list.ts";

function touch(path: string, text = ""): void {
	mkdirSync(join(path, ".."), { recursive: true });
	writeFileSync(path, text);
}

describe("profile rows", () => {
	it("counts SKILL.md files but not vendored copies or a skill's own assets", () => {
		const home = copyFixtureHome();
		const skills = join(home, "skills");
		expect(countSkills(skills)).toBe(4);
		touch(join(skills, "devops", "log-triage", "references", "nested", "SKILL.md"));
		touch(join(skills, "tools", "node_modules", "pkg", "SKILL.md"));
		touch(join(skills, ".archive", "old", "SKILL.md"));
		touch(join(skills, "tools", "new-one", "SKILL.md"));
		expect(countSkills(skills)).toBe(5);
	});

	it("reads descriptions and distributions with PyYAML's rules and survives broken files", () => {
		const root = copyFixtureHome();
		const dir = join(root, "profiles", "writer");
		touch(join(dir, "profile.yaml"), "description: '  Drafts posts  '\ndescription_auto: yes\n");
		touch(join(dir, "distribution.yaml"), "name: starter\nversion: 1.10\nsource: hub\n");
		touch(join(root, "profiles", "broken", "profile.yaml"), "description: [unclosed\n");
		touch(join(root, "profiles", "broken", "config.yaml"), "model: {default: [\n");
		touch(join(root, "profiles", "Bad Name", "x"));
		const rows = listProfileRows(root, undefined);
		expect(rows.map((row) => row.name)).toEqual(["default", "broken", "writer"]);
		expect(rows[2]).toMatchObject({
			description: "Drafts posts",
			description_auto: true,
			distribution_name: "starter",
			distribution_version: "1.1",
			distribution_source: "hub",
			model: null,
			has_env: false,
		});
		expect(rows[1]).toMatchObject({ description: "", description_auto: false, model: null, provider: null });
	});

	it("names the dashboard's own profile: default, a profile name, or custom", () => {
		const root = copyFixtureHome();
		mkdirSync(join(root, "profiles", "ops"), { recursive: true });
		expect(currentProfile(root)).toBe("default");
		expect(currentProfile(join(root, "profiles", "ops"))).toBe("ops");
		expect(currentProfile(join(root, "profiles", "Not_OK"))).toBe("custom");
	});
});
