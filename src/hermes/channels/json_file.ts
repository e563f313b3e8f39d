/**
 * @module
 * The small JSON-object files Hermes keeps beside the gateway (webhook subscriptions,
 * pairing stores): read as Hermes reads them (missing or corrupt = `{}`), written as
 * Python's `json.dumps(data, indent=2, ensure_ascii=False)` would, atomically and 0600.
 *
 * Hermes takes no cross-process lock on these files, so an update is a compare-and-swap:
 * the change is computed from the text read, and right before the rename the file is
 * read again; if another writer got there first the change is re-applied to the new
 * content (so their write is merged, never silently dropped).
 */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../home/atomic_write.ts";

export type JSONObject = Record<string, unknown>;

/** Retries before giving up on a file that keeps changing under us. */
const MAX_ATTEMPTS = 5;

/** Another writer kept changing the file while we tried to update it. */
export class ConcurrentWriteError extends Error {}

function readText(path: string): string | null {
	try {
		return readFileSync(path, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return null;
		}
		throw error;
	}
}

function parseObject(text: string | null): JSONObject {
	if (text === null) {
		return {};
	}
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JSONObject) : {};
	} catch {
		return {};
	}
}

/**
 * Sets an own property whatever the key (`__proto__` included), as a Python dict would:
 * a plain assignment with that key would replace the object's prototype instead.
 */
export function setKey(data: JSONObject, key: string, value: unknown): void {
	Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The file's object; a missing, unreadable-as-JSON or non-object file reads as `{}`. */
export function readJSONObject(path: string): JSONObject {
	return parseObject(readText(path));
}

/**
 * The top-level keys of a JSON object's text, in file order. A JS object lists
 * integer-like keys (Telegram user ids, say) first and in numeric order; Python keeps the
 * file's order, so listings and rewrites follow this instead.
 */
export function topLevelKeyOrder(text: string): string[] {
	const keys: string[] = [];
	let depth = 0;
	let expectKey = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '"') {
			let end = i + 1;
			while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
			if (depth === 1 && expectKey) {
				try {
					keys.push(JSON.parse(text.slice(i, end + 1)) as string);
				} catch {
					return [];
				}
				expectKey = false;
			}
			i = end;
		} else if (char === "{" || char === "[") {
			depth++;
			expectKey = depth === 1 && char === "{";
		} else if (char === "}" || char === "]") {
			depth--;
		} else if (char === "," && depth === 1) {
			expectKey = true;
		}
	}
	return [...new Set(keys)];
}

/** Own keys of `data`, the ones in `order` first (in that order), then the rest. */
function orderedKeys(data: JSONObject, order: readonly string[]): string[] {
	const present = order.filter((key) => Object.hasOwn(data, key));
	const listed = new Set(present);
	return [...present, ...Object.keys(data).filter((key) => !listed.has(key))];
}

/** The file's entries in file order (see `topLevelKeyOrder`). */
export function readJSONEntries(path: string): [string, unknown][] {
	const text = readText(path);
	const data = parseObject(text);
	return orderedKeys(data, text === null ? [] : topLevelKeyOrder(text)).map((key) => [key, data[key]]);
}

/**
 * `json.dumps(value, indent=2, ensure_ascii=False)`. (Numbers: a float Python holds as
 * `1.0` prints as `1` here; Hermes reads both alike.)
 */
export function dumpPythonJSON(value: unknown, indent = "", order: readonly string[] = []): string {
	const inner = `${indent}  `;
	if (Array.isArray(value)) {
		if (value.length === 0) return "[]";
		return `[\n${value.map((item) => inner + dumpPythonJSON(item, inner)).join(",\n")}\n${indent}]`;
	}
	if (value !== null && typeof value === "object") {
		const data = value as JSONObject;
		const entries = orderedKeys(data, order)
			.map((key): [string, unknown] => [key, data[key]])
			.filter(([, item]) => item !== undefined);
		if (entries.length === 0) return "{}";
		return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${dumpPythonJSON(item, inner)}`).join(",\n")}\n${indent}}`;
	}
	return JSON.stringify(value ?? null);
}

/**
 * Reads the object, lets `change` edit it in place (saying whether to write), and writes
 * it back by compare-and-swap. `change` may run more than once: keep it free of side effects.
 */
export function updateJSONObject<T>(path: string, change: (data: JSONObject) => { result: T; write: boolean }): T {
	for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		const before = readText(path);
		const data = parseObject(before);
		const { result, write } = change(data);
		if (!write) {
			return result;
		}
		const next = dumpPythonJSON(data, "", before === null ? [] : topLevelKeyOrder(before));
		// The swap: only replace the text we computed from. Both the read and the
		// atomic write are synchronous, so no request of ours can slip in between.
		if (readText(path) !== before) {
			continue;
		}
		writeFileAtomic(path, next, { forceMode: 0o600 });
		return result;
	}
	throw new ConcurrentWriteError(`${path} kept changing while it was being updated; try again`);
}
