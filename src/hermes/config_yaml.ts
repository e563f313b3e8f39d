/**
 * @module
 * Reading `config.yaml` (hermes-home §2). Read-only helpers used across the app; the
 * config editor builds on these.
 */
import { readFileSync, statSync } from "node:fs";
import { parse } from "yaml";

/** The file exists but is not a YAML mapping. */
export class ConfigParseError extends Error {}

export type ConfigMapping = Record<string, unknown>;

/** Parses config.yaml; a missing or empty file is `{}`; a broken one throws. */
export function readConfigFile(path: string): ConfigMapping {
	let text: string;
	try {
		text = readFileSync(path, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return {};
		}
		throw error;
	}
	let value: unknown;
	try {
		value = parse(text);
	} catch (error) {
		throw new ConfigParseError(`config.yaml does not parse: ${(error as Error).message}`, { cause: error });
	}
	if (value === null || value === undefined) {
		return {};
	}
	if (typeof value !== "object" || Array.isArray(value)) {
		throw new ConfigParseError("config.yaml must contain a mapping at the top level");
	}
	return value as ConfigMapping;
}

/** Parsed files by path, valid while size, mtime and inode are unchanged. */
const parsedCache = new Map<string, { key: string; value: ConfigMapping }>();

function statKey(path: string): string | null {
	try {
		const stat = statSync(path);
		return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
	} catch {
		return null;
	}
}

/**
 * Like readConfigFile, but a broken file reads as `{}` (for best-effort probes such as
 * status and theme). Parses at most once per file change: YAML parsing is the costliest
 * thing a status request would otherwise do. Treat the result as read-only.
 */
export function readConfigLenient(path: string): ConfigMapping {
	const key = statKey(path);
	const cached = parsedCache.get(path);
	if (key !== null && cached !== undefined && cached.key === key) {
		return cached.value;
	}
	let value: ConfigMapping;
	try {
		value = readConfigFile(path);
	} catch {
		value = {};
	}
	if (key !== null) {
		parsedCache.set(path, { key, value });
	}
	return value;
}

/** Walks a dotted path (`dashboard.oauth.client_id`) through nested mappings. */
export function getPath(config: ConfigMapping, dotted: string): unknown {
	let node: unknown = config;
	for (const key of dotted.split(".")) {
		if (node === null || typeof node !== "object" || Array.isArray(node)) {
			return undefined;
		}
		node = (node as ConfigMapping)[key];
	}
	return node;
}

/** A string config value, trimmed; non-strings and blanks are undefined. */
export function getString(config: ConfigMapping, dotted: string): string | undefined {
	const value = getPath(config, dotted);
	if (typeof value === "number") {
		return String(value);
	}
	return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
