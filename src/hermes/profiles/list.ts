/**
 * @module
 * `GET /api/profiles` rows (api-contract-clients §1.1) and the active-profile marker
 * (§1.2). Every per-file read is best-effort: a broken config.yaml, profile.yaml or
 * distribution.yaml falls back to null/""/false and never fails the list.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseConfigText, readConfigLenient } from "../config/yaml.ts";
import { isMapping } from "../config/effective.ts";
import { readGatewayStatus } from "../gateway/runtime.ts";
import { listProfiles, PROFILE_NAME, profileHome } from "../home/profiles.ts";
import { homePaths, rootHome } from "../home/paths.ts";
import { hasAliasFor } from "./wrapper.ts";
import { skipsSkillFolder } from "../skills/scan.ts";

export interface ProfileRow {
	name: string;
	path: string;
	is_default: boolean;
	model: string | null;
	provider: string | null;
	has_env: boolean;
	skill_count: number;
	gateway_running: boolean;
	description: string;
	description_auto: boolean;
	distribution_name: string | null;
	distribution_version: string | null;
	distribution_source: string | null;
	has_alias: boolean;
}

/** Number of installed skills: SKILL.md files under `skills/`, without vendored or asset copies. */
export function countSkills(skillsDir: string): number {
	return installedSkillNames(skillsDir).length;
}

/** The directory names of installed skills (the parent of each counted SKILL.md). */
export function installedSkillNames(skillsDir: string): string[] {
	const names: string[] = [];
	const walk = (dir: string, isSkillDir: boolean, depth: number): void => {
		if (depth > 12) return;
		let entries: import("node:fs").Dirent[];
		try {
			entries = readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		const hasSkill = entries.some((entry) => entry.isFile() && entry.name === "SKILL.md");
		if (hasSkill) {
			names.push(dir.slice(dir.lastIndexOf("/") + 1));
		}
		for (const entry of entries) {
			if (!entry.isDirectory() || skipsSkillFolder(entry.name, hasSkill || isSkillDir)) continue;
			walk(join(dir, entry.name), hasSkill, depth + 1);
		}
	};
	walk(skillsDir, false, 0);
	return names;
}

/** A small YAML file read with config.yaml's PyYAML (1.1) rules, as Hermes reads it; null when absent or broken. */
function readYAMLMapping(path: string): Record<string, unknown> | null {
	try {
		const value: unknown = parseConfigText(readFileSync(path, "utf8"));
		return isMapping(value) ? value : null;
	} catch {
		return null;
	}
}

/** Model and provider as the list shows them: a string `model`, else `model.default`, else `model.model`. */
export function modelOf(configPath: string): { model: string | null; provider: string | null } {
	if (!existsSync(configPath)) {
		return { model: null, provider: null };
	}
	const model = readConfigLenient(configPath).model;
	if (typeof model === "string") {
		return { model: model === "" ? null : model, provider: null };
	}
	if (isMapping(model)) {
		const name = [model.default, model.model].find((value) => typeof value === "string" && value !== "");
		return {
			model: typeof name === "string" ? name : null,
			provider: typeof model.provider === "string" && model.provider !== "" ? model.provider : null,
		};
	}
	return { model: null, provider: null };
}

/** `profile.yaml`'s description fields (trimmed; "" and false when absent). */
export function profileDescription(home: string): { description: string; description_auto: boolean } {
	const meta = readYAMLMapping(join(home, "profile.yaml"));
	const description = typeof meta?.description === "string" ? meta.description.trim() : "";
	return { description, description_auto: meta?.description_auto === true };
}

function stringOrNull(value: unknown): string | null {
	if (typeof value === "string") return value;
	if (typeof value === "number") return String(value);
	return null;
}

export function profileRow(root: string, name: string, userHome: string | undefined): ProfileRow {
	const home = profileHome(root, name);
	const paths = homePaths(home);
	const distribution = readYAMLMapping(join(home, "distribution.yaml"));
	return {
		name,
		path: resolve(home),
		is_default: name === "default",
		...modelOf(paths.config),
		has_env: existsSync(paths.env),
		skill_count: countSkills(paths.skills),
		gateway_running: readGatewayStatus(home, {}).running,
		...profileDescription(home),
		distribution_name: stringOrNull(distribution?.name),
		distribution_version: stringOrNull(distribution?.version),
		distribution_source: stringOrNull(distribution?.source),
		has_alias: name !== "default" && userHome !== undefined && hasAliasFor(userHome, name),
	};
}

/** Every profile of the root that `ownHome` belongs to, default first. */
export function listProfileRows(ownHome: string, userHome: string | undefined): ProfileRow[] {
	const root = rootHome(ownHome);
	return listProfiles(root).map((name) => profileRow(root, name, userHome));
}

/** `<root>/active_profile`, trimmed; "default" when missing, empty or unreadable. */
export function readActiveProfile(ownHome: string): string {
	try {
		const text = readFileSync(join(rootHome(ownHome), "active_profile"), "utf8").trim();
		return text === "" ? "default" : text;
	} catch {
		return "default";
	}
}

/** Which profile the dashboard itself runs as: default, a name, or "custom". */
export function currentProfile(ownHome: string): string {
	const home = resolve(ownHome);
	const root = rootHome(home);
	if (root === home) {
		return "default";
	}
	const name = home.slice(home.lastIndexOf("/") + 1);
	return PROFILE_NAME.test(name) && home === join(root, "profiles", name) ? name : "custom";
}

export function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}
