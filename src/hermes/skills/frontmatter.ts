/**
 * @module
 * SKILL.md frontmatter (hermes-home §7.2): a YAML mapping between a leading `---` line
 * and a closing `---` line. `readFrontmatter` is the lenient reader the listing uses;
 * `validateSkillContent` is the strict check a save must pass (Hermes's texts).
 */
import { yamlLib } from "../config/yaml_lib.ts";

export const MAX_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 1024;
export const MAX_SKILL_CONTENT_CHARS = 100_000;

export interface Frontmatter {
	fields: Record<string, unknown>;
	body: string;
}

/** Splits and parses the frontmatter; a file without one has empty fields and its text as body. */
export function readFrontmatter(text: string): Frontmatter {
	if (!text.startsWith("---")) {
		return { fields: {}, body: text };
	}
	const close = /\n---\s*(\n|$)/.exec(text.slice(3));
	if (close === null) {
		return { fields: {}, body: text };
	}
	const yamlText = text.slice(3, 3 + close.index);
	const body = text.slice(3 + close.index + close[0].length);
	try {
		const parsed = yamlLib().parse(yamlText) as unknown;
		if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
			return { fields: parsed as Record<string, unknown>, body };
		}
	} catch {
		// Unparseable frontmatter: list the skill by its folder name.
	}
	return { fields: {}, body };
}

/** Why a SKILL.md may not be saved, or null when it is valid. */
export function validateSkillContent(content: string): string | null {
	if (content.trim() === "") {
		return "Content cannot be empty.";
	}
	if (!content.startsWith("---")) {
		return "SKILL.md must start with YAML frontmatter (---). See existing skills for format.";
	}
	const close = /\n---\s*\n/.exec(content.slice(3));
	if (close === null) {
		return "SKILL.md frontmatter is not closed. Ensure you have a closing '---' line.";
	}
	let parsed: unknown;
	try {
		parsed = yamlLib().parse(content.slice(3, 3 + close.index));
	} catch (error) {
		return `YAML frontmatter parse error: ${(error as Error).message.split("\n")[0]}`;
	}
	if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
		return "Frontmatter must be a YAML mapping (key: value pairs).";
	}
	const fields = parsed as Record<string, unknown>;
	if (!("name" in fields)) {
		return "Frontmatter must include 'name' field.";
	}
	if (!("description" in fields)) {
		return "Frontmatter must include 'description' field.";
	}
	if (String(fields.description).length > MAX_DESCRIPTION_LENGTH) {
		return `Description exceeds ${MAX_DESCRIPTION_LENGTH} characters.`;
	}
	if (content.slice(3 + close.index + close[0].length).trim() === "") {
		return "SKILL.md must have content after the frontmatter (instructions, procedures, etc.).";
	}
	// Size is checked after the structure, as Hermes orders its checks.
	if (content.length > MAX_SKILL_CONTENT_CHARS) {
		return `SKILL.md content is ${content.length.toLocaleString("en-US")} characters (limit: ${MAX_SKILL_CONTENT_CHARS.toLocaleString("en-US")}). Consider splitting into a smaller SKILL.md with supporting files in references/ or templates/.`;
	}
	return null;
}
