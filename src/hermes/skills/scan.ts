/**
 * @module
 * Installed skills (hermes-home §7.1–7.3): every `SKILL.md` under `skills/` (symlinks
 * followed, loops cut), its frontmatter name/description, category (first folder, only
 * when the file is ≥3 levels deep), usage from `.usage.json` and provenance from the hub
 * lock and the bundled manifest. `skills.external_dirs` add roots; local names win.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative, sep } from "node:path";
import { expandString, isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, readFrontmatter } from "./frontmatter.ts";
import { isInContainer } from "../home/container.ts";

/** Folders never searched for skills. */
const SKIPPED_DIRS = new Set([
	".git",
	".github",
	".hub",
	".archive",
	".venv",
	"venv",
	"node_modules",
	"site-packages",
	"__pycache__",
	".tox",
	".nox",
	".pytest_cache",
	".mypy_cache",
	".ruff_cache",
]);
/** Support folders inside a skill: not searched for nested skills. */
const SUPPORT_DIRS = new Set(["references", "templates", "assets", "scripts"]);

/**
 * Whether a walk for SKILL.md files skips the folder `name` (vendored trees and caches;
 * a skill's support folders, `insideSkill`). The skills list and the profiles' skill
 * count (api-contract-clients §1.1) follow this one rule.
 */
export function skipsSkillFolder(name: string, insideSkill: boolean): boolean {
	return SKIPPED_DIRS.has(name) || (insideSkill && SUPPORT_DIRS.has(name));
}
/** How much of each SKILL.md is parsed. */
const HEAD_CHARS = 4000;

export type Provenance = "hub" | "bundled" | "agent";

export interface InstalledSkill {
	name: string;
	description: string;
	category: string | null;
	enabled: boolean;
	usage: number;
	provenance: Provenance;
}

export interface SkillFile {
	/** Folder name of the skill (what content lookups use). */
	dirName: string;
	/** Absolute path of its SKILL.md. */
	path: string;
	/** Path relative to its root, `/`-separated. */
	relative: string;
}

/** Every SKILL.md under `root`, in sorted walk order. */
export function findSkillFiles(root: string): SkillFile[] {
	const found: SkillFile[] = [];
	const seen = new Set<string>();
	const walk = (dir: string, insideSkill: boolean): void => {
		let real: string;
		try {
			real = realpathSync(dir);
		} catch {
			return;
		}
		if (seen.has(real)) return;
		seen.add(real);
		let entries: string[];
		try {
			entries = readdirSync(dir).sort();
		} catch {
			return;
		}
		const isSkill = entries.includes("SKILL.md") && isFile(join(dir, "SKILL.md"));
		if (isSkill) {
			const rel = relative(root, join(dir, "SKILL.md")).split(sep).join("/");
			found.push({ dirName: dir.split(sep).pop() ?? dir, path: join(dir, "SKILL.md"), relative: rel });
		}
		for (const entry of entries) {
			if (skipsSkillFolder(entry, isSkill || insideSkill)) continue;
			const child = join(dir, entry);
			if (isDirectory(child)) walk(child, isSkill);
		}
	};
	walk(root, false);
	return found;
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function readHead(path: string): string {
	const fd = openSync(path, "r");
	try {
		const buffer = Buffer.alloc(HEAD_CHARS * 4);
		const read = readSync(fd, buffer, 0, buffer.length, 0);
		return buffer.toString("utf8", 0, read).slice(0, HEAD_CHARS);
	} finally {
		closeSync(fd);
	}
}

function readJSON(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, "utf8"));
	} catch {
		return null;
	}
}

/** Skill roots: `skills/` first, then `skills.external_dirs` (`~` and `${VAR}` expanded). */
export function skillRoots(
	skillsDir: string,
	config: ConfigMapping,
	env: Record<string, string | undefined>,
): string[] {
	const roots = [skillsDir];
	const skills = isMapping(config.skills) ? config.skills : {};
	const external = Array.isArray(skills.external_dirs) ? skills.external_dirs : [];
	for (const item of external) {
		if (typeof item !== "string" || item.trim() === "") continue;
		let path = expandString(item.trim(), env);
		if (path === "~" || path.startsWith("~/")) path = join(env.HOME ?? homedir(), path.slice(1));
		if (!roots.includes(path)) roots.push(path);
	}
	return roots;
}

/** Names in `skills.disabled` (the global list the dashboard edits). */
export function disabledSkills(config: ConfigMapping): string[] {
	const skills = isMapping(config.skills) ? config.skills : {};
	// A bare scalar is one name (never its characters); blanks are dropped.
	const raw = typeof skills.disabled === "string" ? [skills.disabled] : skills.disabled;
	return Array.isArray(raw) ? [...new Set(raw.map((item) => String(item).trim()).filter((name) => name !== ""))] : [];
}

const OS_NAMES: Readonly<Record<string, string>> = { macos: "darwin", linux: "linux", windows: "win32" };

function listOf(value: unknown): unknown[] {
	if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0))
		return [];
	return Array.isArray(value) ? value : [value];
}

/** `platforms:` (hermes-home §7.2): absent = everywhere; else any entry naming this OS. */
function runsHere(fields: Record<string, unknown>): boolean {
	const platforms = listOf(fields.platforms);
	if (platforms.length === 0) return true;
	return platforms.some((item) => {
		const name = String(item).toLowerCase().trim();
		return process.platform.startsWith(OS_NAMES[name] ?? name);
	});
}

/**
 * `environments:` (kanban, s6, docker): offered only where one is active; unknown tags
 * never hide a skill.
 */
function inEnvironment(fields: Record<string, unknown>, env: Record<string, string | undefined>): boolean {
	const environments = listOf(fields.environments);
	if (environments.length === 0) return true;
	return environments.some((item) => {
		const name = String(item).toLowerCase().trim();
		if (name === "kanban") return Boolean(env.HERMES_KANBAN_TASK || env.HERMES_KANBAN_BOARD);
		if (name === "docker") return isInContainer(env);
		if (name === "s6") return isDirectory("/run/s6") || isDirectory("/package/admin/s6-overlay");
		return name !== "";
	});
}

function describe(fields: Record<string, unknown>, body: string): string {
	let text = typeof fields.description === "string" ? fields.description.trim() : "";
	if (text === "") {
		text =
			body
				.split("\n")
				.map((line) => line.trim())
				.find((line) => line !== "" && !line.startsWith("#")) ?? "";
	}
	return text.length > MAX_DESCRIPTION_LENGTH ? `${text.slice(0, MAX_DESCRIPTION_LENGTH - 3)}...` : text;
}

function usageCount(record: unknown): number {
	if (!isMapping(record)) return 0;
	const count = (key: string) => (typeof record[key] === "number" ? (record[key] as number) : 0);
	return count("use_count") + count("view_count") + count("patch_count");
}

function bundledNames(skillsDir: string): Set<string> {
	try {
		const text = readFileSync(join(skillsDir, ".bundled_manifest"), "utf8");
		return new Set(
			text
				.split("\n")
				.map((line) => line.split(":")[0]!.trim())
				.filter((name) => name !== ""),
		);
	} catch {
		return new Set();
	}
}

/** `GET /api/skills`: every installed skill, disabled ones included. */
export function listInstalledSkills(
	skillsDir: string,
	config: ConfigMapping,
	env: Record<string, string | undefined>,
): InstalledSkill[] {
	const disabled = new Set(disabledSkills(config));
	const usage = readJSON(join(skillsDir, ".usage.json"));
	const lock = readJSON(join(skillsDir, ".hub", "lock.json"));
	const hub = isMapping(lock) && isMapping(lock.installed) ? lock.installed : {};
	const bundled = bundledNames(skillsDir);
	const seen = new Set<string>();
	const out: InstalledSkill[] = [];
	for (const root of skillRoots(skillsDir, config, env)) {
		for (const file of findSkillFiles(root)) {
			let head: string;
			try {
				head = readHead(file.path);
			} catch {
				continue;
			}
			const { fields, body } = readFrontmatter(head);
			if (!runsHere(fields) || !inEnvironment(fields, env)) continue;
			const rawName =
				typeof fields.name === "string" && fields.name.trim() !== "" ? fields.name.trim() : file.dirName;
			const name = rawName.slice(0, MAX_NAME_LENGTH);
			if (seen.has(name)) continue;
			seen.add(name);
			const parts = file.relative.split("/");
			out.push({
				name,
				description: describe(fields, body),
				category: parts.length >= 3 ? parts[0]! : null,
				enabled: !disabled.has(name),
				usage: isMapping(usage) && Object.hasOwn(usage, name) ? usageCount(usage[name]) : 0,
				provenance: Object.hasOwn(hub, name) ? "hub" : bundled.has(name) ? "bundled" : "agent",
			});
		}
	}
	return out;
}
