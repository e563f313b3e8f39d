/**
 * @module
 * A content-addressed, on-disk cache of parsed YAML mappings, so a restart does not pay
 * for parsing an unchanged config.yaml again (the first YAML parse in a fresh process
 * costs ~100 ms). Entries live under `$XDG_CACHE_HOME/hermes-dashboard/parsed/`
 * (folder 0700, files 0600: a config may hold secrets), named by the text's hash. Only
 * values that survive JSON exactly are cached; anything else is simply re-parsed.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";

function cacheDir(env: Record<string, string | undefined>): string {
	const base =
		env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
	return join(base, "hermes-dashboard", "parsed");
}

/** True when JSON.stringify/parse gives back exactly this value (no Dates, NaN, Maps...). */
export function isPlainJSON(value: unknown): boolean {
	if (value === null || typeof value === "string" || typeof value === "boolean") {
		return true;
	}
	if (typeof value === "number") {
		return Number.isFinite(value) && !Object.is(value, -0);
	}
	if (Array.isArray(value)) {
		return value.every(isPlainJSON);
	}
	if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.values(value as Record<string, unknown>).every(isPlainJSON);
	}
	return false;
}

export function readCachedParse(key: string, env: Record<string, string | undefined> = process.env): unknown {
	if (!/^[A-Za-z0-9_-]+$/.test(key)) {
		return undefined;
	}
	try {
		return JSON.parse(readFileSync(join(cacheDir(env), `${key}.json`), "utf8"));
	} catch {
		return undefined;
	}
}

/** Best effort: a cache that cannot be written is no error. */
export function writeCachedParse(
	key: string,
	value: unknown,
	env: Record<string, string | undefined> = process.env,
): void {
	if (!/^[A-Za-z0-9_-]+$/.test(key) || !isPlainJSON(value)) {
		return;
	}
	try {
		const dir = cacheDir(env);
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		writeFileAtomic(join(dir, `${key}.json`), JSON.stringify(value), { forceMode: 0o600 });
	} catch {
		// Read-only or missing cache folder: parse again next time.
	}
}
