/**
 * @module
 * Read-modify-write of `auth.json` as Hermes does it (hermes-home §14): under an
 * exclusive flock on `auth.lock`, a corrupt file read as empty, written atomically with
 * mode 0600 as `json.dumps(indent=2)` plus a newline, `updated_at` refreshed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { withFileLock } from "../home/flock.ts";
import { isMapping } from "../config/effective.ts";

export type AuthData = Record<string, unknown>;

/** `json.dumps(data, indent=2)`: the same layout, non-ASCII escaped as Python's ensure_ascii does. */
function pythonIndentedJSON(data: AuthData): string {
	return JSON.stringify(data, null, 2).replace(
		/[\u007f-\uffff]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
	);
}

export function readAuth(home: string): AuthData {
	try {
		const value: unknown = JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));
		return isMapping(value) ? value : {};
	} catch {
		return {};
	}
}

/** Applies `change` to auth.json under Hermes's lock; returns what `change` returned. */
export function updateAuth<T>(home: string, nowMs: number, change: (data: AuthData) => T): Promise<T> {
	return withFileLock(
		join(home, "auth.lock"),
		() => {
			const data = readAuth(home);
			data.version ??= 1;
			const result = change(data);
			data.updated_at = new Date(nowMs).toISOString().replace("Z", "+00:00");
			writeFileAtomic(join(home, "auth.json"), `${pythonIndentedJSON(data)}\n`, { forceMode: 0o600 });
			return result;
		},
		{ what: "auth.json" },
	);
}
