/**
 * @module
 * The last saved versions of `config.yaml`, kept in `config.yaml.history/` beside it
 * (mode 0700 folder, 0600 files: they may hold secrets). Each save records the text it
 * replaced (unless that text is already the newest entry) and the text it wrote; only
 * the newest `HISTORY_LIMIT` entries are kept. Diffs come from the `diff` package.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { configVersion } from "./yaml.ts";

export const HISTORY_LIMIT = 10;

/** History file names: `<ms since epoch, 15 digits>-<4-digit sequence>-<version>.yaml`. */
const ENTRY_NAME = /^(\d{15})-(\d{4})-([A-Za-z0-9_-]{22})\.yaml$/;

export interface HistoryEntry {
	id: string;
	saved_at: string;
	version: string;
	size: number;
}

let sequence = 0;

export function historyDir(configPath: string): string {
	return `${configPath}.history`;
}

/** Entries, newest first. A missing folder is an empty history. */
export function listHistory(configPath: string): HistoryEntry[] {
	const dir = historyDir(configPath);
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	const entries: HistoryEntry[] = [];
	for (const name of names) {
		const match = ENTRY_NAME.exec(name);
		if (match === null) {
			continue;
		}
		entries.push({
			id: name.slice(0, -".yaml".length),
			saved_at: new Date(Number(match[1])).toISOString(),
			version: match[3]!,
			size: statSync(join(dir, name)).size,
		});
	}
	return entries.sort((a, b) => (a.id < b.id ? 1 : -1));
}

function addEntry(dir: string, text: string): void {
	sequence = (sequence + 1) % 10000;
	const name = `${String(Date.now()).padStart(15, "0")}-${String(sequence).padStart(4, "0")}-${configVersion(text)}.yaml`;
	writeFileSync(join(dir, name), text, { mode: 0o600 });
}

/** Records a save: the replaced text (when it is not already the newest entry), then the new one. */
export function recordSave(configPath: string, previous: string | null, next: string): void {
	const dir = historyDir(configPath);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const newest = listHistory(configPath)[0];
	if (previous !== null && newest?.version !== configVersion(previous)) {
		addEntry(dir, previous);
	}
	addEntry(dir, next);
	for (const stale of listHistory(configPath).slice(HISTORY_LIMIT)) {
		unlinkSync(join(dir, `${stale.id}.yaml`));
	}
}

/** One entry's text; undefined for an unknown or malformed id (never a path outside the folder). */
export function readHistoryEntry(configPath: string, id: string): string | undefined {
	if (!ENTRY_NAME.test(`${id}.yaml`)) {
		return undefined;
	}
	try {
		return readFileSync(join(historyDir(configPath), `${id}.yaml`), "utf8");
	} catch {
		return undefined;
	}
}

/** A unified diff from `before` to `after` ("" when they are equal). */
export function diffConfig(before: string, after: string, labels: { before: string; after: string }): string {
	if (before === after) {
		return "";
	}
	// The leading "=====" rule is an `Index:` separator we never print.
	return createTwoFilesPatch(labels.before, labels.after, before, after, undefined, undefined, {
		context: 3,
	}).replace(/^=+\n/, "");
}
