/**
 * @module
 * Read, edit and delete one node of the learning graph (api-contract-clients §8). A skill
 * node is its SKILL.md (edit: rewritten atomically after Hermes's frontmatter checks;
 * delete: archived to `skills/.archive/`, restorable with `hermes curator restore`). A
 * memory node (`memory:<source>:<index>`) is one entry of MEMORY.md or USER.md, changed
 * under the memory tool's own lock (`<file>.lock`), re-read under it and written with a
 * compare-and-swap, so an entry the agent saves meanwhile is never lost.
 *
 * Every function answers Hermes's helper shape: `{ok: true, …}` or `{ok: false, message}`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { FileChangedError, writeFileAtomic } from "../home/atomic_write.ts";
import { readConfinedTextSync } from "../home/confine.ts";
import { withFileLock } from "../home/flock.ts";
import { getPath, readConfigLenient } from "../config/yaml.ts";
import { SkillContentError, skillFilePath, writeSkillContent } from "../skills/content.ts";
import { ENTRY_DELIMITER, MEMORY_FILES, memoryCards } from "./graph.ts";

export type NodeResult = { ok: true; [key: string]: unknown } | { ok: false; message: string };

const FILE_OF = Object.fromEntries(MEMORY_FILES.map(([file, source]) => [source, file])) as Record<string, string>;
const LIMIT_KEYS: Record<string, [string, number]> = {
	memory: ["memory.memory_char_limit", 2200],
	profile: ["memory.user_char_limit", 1375],
};
const STALE = "memory node id is stale — refresh the graph";

class NodeError extends Error {}

function isMemoryId(id: string): boolean {
	return id.startsWith("memory:");
}

function parseMemoryId(id: string): { source: string; index: number } {
	const [kind, source = "", index = ""] = id.split(":");
	if (id.split(":").length !== 3 || kind !== "memory" || !(source in FILE_OF) || !/^-?\d+$/.test(index.trim())) {
		throw new NodeError(`bad memory node id: '${id}'`);
	}
	return { source, index: Number(index) };
}

/** The file's entries, as the memory tool reads them (trimmed, empty ones dropped). */
function entriesOf(text: string): string[] {
	return text
		.split(ENTRY_DELIMITER)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== "");
}

/** Where a memory id points: its file and the entry's index within that file. */
function locateMemory(home: string, id: string): { path: string; local: number; source: string } {
	const { source, index } = parseMemoryId(id);
	const path = join(home, "memories", FILE_OF[source] as string);
	if (!existsSync(path)) throw new NodeError(`${FILE_OF[source]} not found`);
	const cards = memoryCards(home);
	if (index < 0 || index >= cards.length) throw new NodeError(`memory index ${index} out of range`);
	if (cards[index]?.source !== source) throw new NodeError(STALE);
	const local = source === "memory" ? index : index - cards.filter((card) => card.source === "memory").length;
	return { path, local, source };
}

function failed(error: unknown): NodeResult {
	if (error instanceof NodeError || error instanceof SkillContentError) return { ok: false, message: error.message };
	if (error instanceof FileChangedError)
		return { ok: false, message: "the memory file changed while saving; try again" };
	throw error;
}

function skillsDir(home: string): string {
	return join(home, "skills");
}

/** Current content, for the editor's prefill. */
export function nodeDetail(home: string, id: string): NodeResult {
	try {
		if (isMemoryId(id)) {
			const { path, local } = locateMemory(home, id);
			const entry = entriesOf(readConfinedTextSync(home, path) ?? "")[local];
			if (entry === undefined) throw new NodeError(STALE);
			return { ok: true, kind: "memory", id, label: (entry.split("\n")[0] ?? "").slice(0, 80), content: entry };
		}
		const path = skillFilePath(skillsDir(home), id, `skill '${id}' not found`);
		return { ok: true, kind: "skill", id, label: id, content: readFileSync(path, "utf8") };
	} catch (error) {
		return failed(error);
	}
}

/** Replaces (or with `null`, removes) one memory entry under the file's lock. */
async function mutateMemory(home: string, id: string, replacement: string | null): Promise<NodeResult> {
	const { path, source } = locateMemory(home, id);
	const file = FILE_OF[source] as string;
	return withFileLock(
		`${path}.lock`,
		() => {
			// Located again under the lock: the agent may have changed the file meanwhile.
			const { local } = locateMemory(home, id);
			const before = readConfinedTextSync(home, path) ?? "";
			const entries = entriesOf(before);
			if (local >= entries.length) throw new NodeError(STALE);
			const next = [
				...entries.slice(0, local),
				...(replacement === null ? [] : [replacement]),
				...entries.slice(local + 1),
			];
			const text = next.join(ENTRY_DELIMITER);
			const [key, fallback] = LIMIT_KEYS[source] as [string, number];
			const configured = Number(getPath(readConfigLenient(join(home, "config.yaml")), key));
			const limit = Number.isFinite(configured) && configured > 0 ? configured : fallback;
			if (replacement !== null && text.length > limit) {
				throw new NodeError(
					`Replacement would put memory at ${text.length}/${limit} chars. Shorten the new content.`,
				);
			}
			writeFileAtomic(path, text, { expect: before });
			return {
				ok: true as const,
				message: replacement === null ? `deleted memory from ${file}` : `updated memory in ${file}`,
			};
		},
		{ what: file },
	);
}

export async function editNode(home: string, id: string, content: string, profileName: string): Promise<NodeResult> {
	try {
		if (isMemoryId(id)) {
			parseMemoryId(id);
			const body = content.trim();
			if (body === "") return { ok: false, message: "empty memory — use delete to remove it" };
			return await mutateMemory(home, id, body);
		}
		writeSkillContent(skillsDir(home), id, content, { profileName });
		return { ok: true, message: `updated '${id}'` };
	} catch (error) {
		return failed(error);
	}
}

function readUsage(path: string): Record<string, Record<string, unknown>> {
	try {
		const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
		return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
			? (parsed as Record<string, Record<string, unknown>>)
			: {};
	} catch {
		return {};
	}
}

/** `json.dump(indent=2, sort_keys=True, ensure_ascii=False)`, as the usage sidecar is written. */
function sortedJSON(value: unknown): string {
	return JSON.stringify(
		value,
		(_key, entry: unknown) =>
			entry !== null && typeof entry === "object" && !Array.isArray(entry)
				? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
				: entry,
		2,
	);
}

function bundledNames(dir: string): Set<string> {
	try {
		return new Set(
			readFileSync(join(dir, ".bundled_manifest"), "utf8")
				.split("\n")
				.map((line) => (line.split(":")[0] ?? "").trim())
				.filter((name) => name !== ""),
		);
	} catch {
		return new Set();
	}
}

/** Moves the skill's folder to `skills/.archive/` and marks it archived in `.usage.json`. */
async function archiveSkill(home: string, name: string, nowMs: number): Promise<NodeResult> {
	const dir = skillsDir(home);
	const usagePath = join(dir, ".usage.json");
	if (readUsage(usagePath)[name]?.pinned) {
		return { ok: false, message: `'${name}' is pinned — unpin it first (hermes curator unpin ${name})` };
	}
	if (bundledNames(dir).has(name)) return { ok: false, message: `'${name}' is bundled and cannot be archived.` };
	const skillDir = dirname(skillFilePath(dir, name, `skill '${name}' not found`));
	return withFileLock(
		`${usagePath}.lock`,
		() => {
			const archive = join(dir, ".archive");
			mkdirSync(archive, { recursive: true });
			let target = join(archive, name);
			for (let n = 1; existsSync(target); n++) target = join(archive, `${name}-${n}`);
			renameSync(skillDir, target);
			const usage = readUsage(usagePath);
			const record = usage[name] ?? {};
			record.state = "archived";
			record.archived_at = new Date(nowMs).toISOString().replace("Z", "+00:00");
			record.archive_path = target;
			usage[name] = record;
			writeFileAtomic(usagePath, sortedJSON(usage));
			return { ok: true as const, message: `archived '${name}' — restore with: hermes curator restore ${name}` };
		},
		{ what: "the skills usage file" },
	);
}

export async function deleteNode(home: string, id: string, nowMs: number): Promise<NodeResult> {
	try {
		return isMemoryId(id) ? await mutateMemory(home, id, null) : await archiveSkill(home, id, nowMs);
	} catch (error) {
		return failed(error);
	}
}
