/**
 * @module
 * A profile's own files (api-contract-clients §2.6, §2.7): SOUL.md and profile.yaml.
 * Writes are atomic; profile.yaml keeps its key order, comments and unknown keys.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, parseDocument } from "yaml";
import { writeFileAtomic } from "../home/atomic_write.ts";

export interface Soul {
	content: string;
	exists: boolean;
}

export function readSoul(home: string): Soul {
	try {
		return { content: readFileSync(join(home, "SOUL.md"), "utf8"), exists: true };
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return { content: "", exists: false };
		}
		throw error;
	}
}

/** Writes the text verbatim (no newline added). */
export function writeSoul(home: string, content: string): void {
	writeFileAtomic(join(home, "SOUL.md"), content);
}

/** Sets keys of profile.yaml (created if missing), keeping every other key and its order. */
export function updateProfileYAML(home: string, values: Record<string, unknown>): void {
	const path = join(home, "profile.yaml");
	let text = "";
	try {
		text = readFileSync(path, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
	}
	let doc = parseDocument(text);
	if (doc.errors.length > 0 || !(isMap(doc.contents) || doc.contents === null)) {
		// An unreadable file is replaced, as Hermes's loader treats it as empty.
		doc = parseDocument("");
	}
	for (const [key, value] of Object.entries(values)) {
		doc.set(key, value);
	}
	writeFileAtomic(path, doc.toString({ lineWidth: 0 }));
}

/** `PUT /api/profiles/{name}/description`: a user-authored description ("" clears it). */
export function writeDescription(home: string, description: string): string {
	const trimmed = description.trim();
	updateProfileYAML(home, { description: trimmed, description_auto: false });
	return trimmed;
}

/** The command that sets a profile up: its wrapper alias, or `hermes setup` for default. */
export function setupCommand(name: string | null): string {
	return name === null || name === "default" ? "hermes setup" : `${name} setup`;
}
