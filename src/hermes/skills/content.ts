/**
 * @module
 * Reading and rewriting one skill's SKILL.md (hermes-home §7.3). Lookup is by folder
 * name under `skills/`. The name is a single path segment, and the file found must
 * resolve (symlinks followed) to a regular file inside the skills folder: `..`,
 * absolute paths and links that lead out are refused.
 * Confinement is the project's one rule (`home/confine.ts`), applied with the skills
 * folder as the root.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ConfinementError, confinedRealPathSync } from "../home/confine.ts";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { findSkillFiles } from "./scan.ts";
import { MAX_NAME_LENGTH, validateSkillContent } from "./frontmatter.ts";

/** A refusal with the HTTP status it maps to. */
export class SkillContentError extends Error {
	readonly status: 400 | 404 | 409;

	constructor(status: 400 | 404 | 409, message: string) {
		super(message);
		this.status = status;
	}
}

export interface SkillContent {
	name: string;
	content: string;
	path: string;
	/** Content hash: a save may send it back to refuse overwriting someone else's edit. */
	version: string;
}

export function contentVersion(text: string): string {
	return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Whether `path` (resolved) lies strictly inside `root` (resolved); missing or escaping → false. */
export function insideSkillsDir(root: string, path: string): boolean {
	try {
		const real = confinedRealPathSync(root, path);
		return real !== null && real !== realpathSync(root);
	} catch (error) {
		if (error instanceof ConfinementError) return false;
		throw error;
	}
}

/** A folder name can never hold a separator or be `.`/`..`: such a name names no skill. */
function isFolderName(name: string): boolean {
	return (
		name.trim() !== "" &&
		!name.includes("/") &&
		!name.includes("\\") &&
		!name.includes("\0") &&
		name !== "." &&
		name !== ".." &&
		!isAbsolute(name)
	);
}

/**
 * The confined SKILL.md of the skill folder `name`. `notFound` is the 404 text
 * (Hermes words it differently for reads and edits).
 */
export function skillFilePath(skillsDir: string, name: string, notFound = `Skill '${name}' not found.`): string {
	const file = isFolderName(name) ? findSkillFiles(skillsDir).find((item) => item.dirName === name) : undefined;
	if (file === undefined) {
		throw new SkillContentError(404, notFound);
	}
	if (!insideSkillsDir(skillsDir, file.path) || !statSync(file.path).isFile()) {
		throw new SkillContentError(400, `Skill path is outside the skills folder: ${name}`);
	}
	return file.path;
}

export function readSkillContent(skillsDir: string, name: string): SkillContent {
	const path = skillFilePath(skillsDir, name);
	const content = readFileSync(path, "utf8");
	return { name, content, path, version: contentVersion(content) };
}

/**
 * Rewrites SKILL.md atomically. `expectVersion` (optional) must match the file right
 * before the rename, else 409: another writer's edit is never silently dropped.
 */
export function writeSkillContent(
	skillsDir: string,
	name: string,
	content: string,
	options: { expectVersion?: string | undefined; profileName: string },
): SkillContent {
	const problem = validateSkillContent(content);
	if (problem !== null) {
		throw new SkillContentError(400, problem);
	}
	const path = skillFilePath(
		skillsDir,
		name,
		`Skill '${name}' not found in active profile '${options.profileName}'.`,
	);
	const expectVersion = options.expectVersion;
	// A symlinked SKILL.md inside skills/ is written through: atomic_write keeps the link.
	const current = readFileSync(path, "utf8");
	if (expectVersion !== undefined && expectVersion !== "" && contentVersion(current) !== expectVersion) {
		throw new SkillContentError(409, "SKILL.md changed since it was loaded; reload and try again");
	}
	writeFileAtomic(path, content);
	return { name, content, path, version: contentVersion(content) };
}

/** Name and category rules for a new skill (hermes-home §7.2). */
const NEW_NAME = /^[a-z0-9][a-z0-9._-]*$/;

function nameProblem(name: string): string | null {
	if (name === "") return "Skill name is required.";
	if (name.length > MAX_NAME_LENGTH) return `Skill name exceeds ${MAX_NAME_LENGTH} characters.`;
	if (!NEW_NAME.test(name)) {
		return `Invalid skill name '${name}'. Use lowercase letters, numbers, hyphens, dots, and underscores. Must start with a letter or digit.`;
	}
	return null;
}

/** A category is one folder name; blank means none. */
function categoryProblem(category: string | null | undefined): string | null {
	const value = category?.trim() ?? "";
	if (value === "") return null;
	const invalid = `Invalid category '${value}'. Use lowercase letters, numbers, hyphens, dots, and underscores. Categories must be a single directory name.`;
	if (value.includes("/") || value.includes("\\")) return invalid;
	if (value.length > MAX_NAME_LENGTH) return `Category exceeds ${MAX_NAME_LENGTH} characters.`;
	return NEW_NAME.test(value) ? null : invalid;
}

export interface CreatedSkill {
	name: string;
	category: string | null;
	/** `[category/]name`, relative to skills/. */
	relative: string;
	/** Absolute path of the new SKILL.md. */
	path: string;
}

/** `POST /api/skills`: a new `skills/[category/]name/SKILL.md`; refused if the name exists anywhere. */
export function createSkill(skillsDir: string, name: string, content: string, category?: string | null): CreatedSkill {
	const problem = nameProblem(name) ?? categoryProblem(category);
	if (problem !== null) {
		throw new SkillContentError(400, problem);
	}
	const folder = category?.trim() || null;
	const invalid = validateSkillContent(content);
	if (invalid !== null) {
		throw new SkillContentError(400, invalid);
	}
	const existing = findSkillFiles(skillsDir).find((file) => file.dirName === name);
	if (existing !== undefined) {
		throw new SkillContentError(400, `A skill named '${name}' already exists at ${dirname(existing.path)}.`);
	}
	const rel = folder === null ? name : `${folder}/${name}`;
	const dir = join(skillsDir, rel);
	if (existsSync(dir)) {
		throw new SkillContentError(400, `A skill named '${name}' already exists at ${dir}.`);
	}
	// An existing category folder that links out of skills/ is refused before anything is created.
	if (
		folder !== null &&
		existsSync(join(skillsDir, folder)) &&
		!insideSkillsDir(skillsDir, join(skillsDir, folder))
	) {
		throw new SkillContentError(400, `Skill path is outside the skills folder: ${name}`);
	}
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const path = join(dir, "SKILL.md");
	writeFileAtomic(path, content, { mode: 0o644 });
	return { name, category: folder, relative: rel, path };
}

/** The skill folder a SKILL.md lives in. */
export function skillDirOf(path: string): string {
	return dirname(path);
}
