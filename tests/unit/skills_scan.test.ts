/**
 * Skill discovery rules (hermes-home §7.1–7.2) on small temporary trees: skipped and
 * support folders, symlink loops, categories only ≥3 levels deep, name and description
 * fallbacks, first-seen wins, external dirs, platform filter; and the save validator.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findSkillFiles, listInstalledSkills } from "../../src/hermes/skills/scan.ts";
import { validateSkillContent } from "../../src/hermes/skills/frontmatter.ts";

function tree(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), "skills-scan-"));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(root, path, ".."), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

const skill = (name: string, description = `about ${name}`) =>
	`---\nname: ${name}\ndescription: ${description}\n---\nbody\n`;

describe("findSkillFiles / listInstalledSkills", () => {
	it("skips hidden tool folders and support folders directly inside a skill", () => {
		const root = tree({
			"a/SKILL.md": skill("a"),
			"a/references/nested/SKILL.md": skill("not-me"),
			"a/deeper/SKILL.md": skill("deeper"),
			".hub/quarantine/x/SKILL.md": skill("quarantined"),
			"node_modules/pkg/SKILL.md": skill("dep"),
			"cat/b/SKILL.md": skill("b"),
		});
		expect(findSkillFiles(root).map((file) => file.relative)).toEqual([
			"a/SKILL.md",
			"a/deeper/SKILL.md",
			"cat/b/SKILL.md",
		]);
	});

	it("survives a symlink loop", () => {
		const root = tree({ "cat/a/SKILL.md": skill("a") });
		symlinkSync(root, join(root, "cat", "loop"));
		expect(findSkillFiles(root).map((file) => file.dirName)).toEqual(["a"]);
	});

	it("category only at ≥3 levels; folder name and body line as fallbacks; first seen wins", () => {
		const long = "d".repeat(1100);
		const root = tree({
			"top/SKILL.md": "---\ndescription: x\n---\n# Title\n\nFirst line here.\n",
			"cat/mid/SKILL.md": `---\nname: mid\ndescription: ${long}\n---\nbody\n`,
			"cat/nodesc/SKILL.md": "---\nname: nodesc\n---\n\n# Heading\nUse me well.\n",
			"zzz/mid/SKILL.md": skill("mid", "second copy"),
		});
		const rows = listInstalledSkills(root, {}, {});
		expect(rows.map((row) => [row.name, row.category])).toEqual([
			["mid", "cat"],
			["nodesc", "cat"],
			["top", null],
		]);
		expect(rows[0]!.description).toHaveLength(1024);
		expect(rows[0]!.description.endsWith("ddd...")).toBe(true);
		expect(rows[1]!.description).toBe("Use me well.");
	});

	it("external dirs add skills (local names win); other platforms' skills are hidden", () => {
		const local = tree({ "cat/shared/SKILL.md": skill("shared", "local") });
		const external = tree({
			"ext/shared/SKILL.md": skill("shared", "external"),
			"ext/extra/SKILL.md": skill("extra"),
			"ext/winonly/SKILL.md": "---\nname: winonly\ndescription: w\nplatforms: [windows]\n---\nbody\n",
			"ext/kanban/SKILL.md": "---\nname: kanban-only\ndescription: k\nenvironments: kanban\n---\nbody\n",
			"ext/odd/SKILL.md": "---\nname: odd-env\ndescription: o\nenvironments: [moon]\n---\nbody\n",
		});
		const rows = listInstalledSkills(local, { skills: { external_dirs: ["${EXT_ROOT}"] } }, { EXT_ROOT: external });
		expect(rows.map((row) => [row.name, row.description])).toEqual([
			["shared", "local"],
			["extra", "about extra"],
			["odd-env", "o"],
		]);
		const inKanban = listInstalledSkills(
			local,
			{ skills: { external_dirs: ["${EXT_ROOT}"] } },
			{ EXT_ROOT: external, HERMES_KANBAN_TASK: "t1" },
		);
		expect(inKanban.map((row) => row.name)).toContain("kanban-only");
	});
});

describe("validateSkillContent", () => {
	it("accepts a well-formed SKILL.md and names each problem", () => {
		expect(validateSkillContent(skill("ok"))).toBeNull();
		expect(validateSkillContent("no frontmatter")).toMatch(/must start with YAML frontmatter/);
		expect(validateSkillContent("---\nname: a\ndescription: b\n")).toMatch(/not closed/);
		expect(validateSkillContent("---\n- a\n---\nbody\n")).toMatch(/mapping/);
		expect(validateSkillContent("---\ndescription: b\n---\nbody\n")).toMatch(/'name'/);
		expect(validateSkillContent("---\nname: a\n---\nbody\n")).toMatch(/'description'/);
		expect(validateSkillContent(`---\nname: a\ndescription: ${"x".repeat(1025)}\n---\nbody\n`)).toMatch(/1024/);
		expect(validateSkillContent("---\nname: a\ndescription: b\n---\n  \n")).toMatch(
			/content after the frontmatter/,
		);
		expect(validateSkillContent(`${skill("a")}${"x".repeat(100_000)}`)).toMatch(/limit: 100,000/);
	});
});
