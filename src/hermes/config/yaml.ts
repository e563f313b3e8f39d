/**
 * @module
 * Reading `config.yaml` (hermes-home §2). Hermes reads it with PyYAML, which speaks
 * YAML 1.1 (`on`/`off`/`yes`/`no` are booleans, `0755` is octal), so we parse with the
 * 1.1 schema too, corrected where the `yaml` package disagrees with PyYAML (a lone `.`
 * or `1e5` is a string for PyYAML). Documents keep comments for in-place edits.
 */
import { readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import type { Document, DocumentOptions, ParseOptions, SchemaOptions, Tags, ToStringOptions } from "yaml";
import { yamlLib } from "./yaml_lib.ts";
import { readCachedParse, writeCachedParse } from "./parse_cache.ts";
import { checkCharacters, checkDocument, UnsafeYAMLError } from "./safe_yaml.ts";

/** The file exists but is not a YAML mapping. */
export class ConfigParseError extends Error {}

/** The file exists but cannot be read (permissions, a folder, I/O): never written over. */
export class ConfigReadError extends Error {}

export type ConfigMapping = Record<string, unknown>;

/** PyYAML's float patterns (a dot is required; the exponent needs a sign). */
const PYYAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/;
const PYYAML_FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/;

/** JS writes `1e-7`; PyYAML only reads an exponent with a dot and a sign (`1.0e-07`). */
function pyyamlNumber(text: string): string {
	const match = /^(-?\d+)(?:\.(\d+))?e([+-]?)(\d+)$/.exec(text);
	return match === null ? text : `${match[1]}.${match[2] ?? "0"}e${match[3] || "+"}${match[4]!.padStart(2, "0")}`;
}

function pyyamlTags(tags: Tags): Tags {
	return tags.map((tag) => {
		if (typeof tag !== "object" || !("test" in tag) || tag.test === undefined) {
			return tag;
		}
		if (tag.tag === "tag:yaml.org,2002:int" && tag.format === undefined && tag.stringify !== undefined) {
			const stringify = tag.stringify;
			return {
				...tag,
				stringify: (...args: Parameters<typeof stringify>): string => pyyamlNumber(stringify(...args)),
			};
		}
		if (tag.tag !== "tag:yaml.org,2002:float") {
			return tag;
		}
		if (tag.format === "EXP") {
			return { ...tag, test: PYYAML_FLOAT_EXP };
		}
		const stringify = tag.stringify!;
		const wrapped = (...args: Parameters<typeof stringify>): string => pyyamlNumber(stringify(...args));
		return { ...tag, test: tag.test.source.includes("inf") ? tag.test : PYYAML_FLOAT, stringify: wrapped };
	});
}

/** Parse options matching PyYAML's safe loader as closely as the `yaml` package allows. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
	version: "1.1",
	customTags: pyyamlTags,
	keepSourceTokens: false,
	prettyErrors: true,
};

/** Output options: byte-identical round trips, PyYAML-like quoting for new strings. */
export const YAML_OUTPUT: ToStringOptions = { flowCollectionPadding: false, singleQuote: true };

/** The file's bytes as read, and its version (content hash) handed to editors. */
export interface ConfigText {
	exists: boolean;
	text: string;
	version: string;
	/** The bytes read: what a write must still find on disk (compare-and-swap). */
	bytes: Uint8Array;
	/** False when the bytes are not valid UTF-8 (`text` then holds U+FFFD in their place). */
	utf8: boolean;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LENIENT_UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** A content hash: the version a client must echo back to save over this content. */
export function configVersion(text: string): string {
	return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/** Reads the file's text; a missing file is empty (and `exists: false`). */
export function readConfigText(path: string): ConfigText {
	let bytes: Uint8Array;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === "ENOENT") {
			return { exists: false, text: "", version: configVersion(""), bytes: new Uint8Array(), utf8: true };
		}
		throw new ConfigReadError(`config.yaml cannot be read (${code ?? "I/O error"})`, { cause: error });
	}
	let text: string;
	let utf8 = true;
	try {
		text = STRICT_UTF8.decode(bytes);
	} catch {
		text = LENIENT_UTF8.decode(bytes);
		utf8 = false;
	}
	return { exists: true, text, version: configVersion(text), bytes, utf8 };
}

interface ParsedConfig {
	doc: Document;
	mapping?: ConfigMapping;
}

/**
 * Recently parsed texts by content hash. Parsing is the main cost of a save (a 700-line
 * file takes ~10 ms), and each save's result is what the next read or save parses.
 */
const PARSED = new Map<string, ParsedConfig>();
const PARSED_LIMIT = 8;

function parsed(text: string): ParsedConfig {
	const key = configVersion(text);
	const hit = PARSED.get(key);
	if (hit !== undefined) {
		PARSED.delete(key);
		PARSED.set(key, hit);
		return hit;
	}
	const yaml = yamlLib();
	let doc: Document;
	try {
		checkCharacters(text);
		doc = yaml.parseDocument(text, YAML_OPTIONS);
		const error = doc.errors[0];
		if (error !== undefined) {
			throw new ConfigParseError(`Invalid YAML: ${error.message.split("\n")[0]}`, { cause: error });
		}
		if (doc.contents !== null && !yaml.isMap(doc.contents)) {
			throw new ConfigParseError("YAML must be a mapping");
		}
		checkDocument(doc);
	} catch (error) {
		if (error instanceof UnsafeYAMLError) {
			throw new ConfigParseError(`Hermes cannot load this YAML: ${error.message}`, { cause: error });
		}
		if (error instanceof RangeError) {
			// The parser recursed too deep: nesting far beyond MAX_DEPTH.
			throw new ConfigParseError("Hermes cannot load this YAML: nested too deeply", { cause: error });
		}
		throw error;
	}
	const entry = { doc };
	PARSED.set(key, entry);
	for (const stale of PARSED.keys()) {
		if (PARSED.size <= PARSED_LIMIT) {
			break;
		}
		PARSED.delete(stale);
	}
	return entry;
}

/** Parses YAML text into a Document (the caller's own copy) that must hold a mapping or nothing; throws ConfigParseError. */
export function parseConfigDocument(text: string): Document {
	return parsed(text).doc.clone();
}

/** The plain value of a parsed config document (`{}` when empty). */
export function documentToMapping(doc: Document): ConfigMapping {
	// Alias expansion is bounded by checkDocument's budget when the text is parsed.
	const value: unknown = doc.toJS({ maxAliasCount: -1 });
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ConfigMapping) : {};
}

/** Mappings by content hash; backed by the on-disk parse cache across restarts. */
const MAPPINGS = new Map<string, ConfigMapping>();
/** Bump when the parse rules change, so older cached results are not used. */
const PARSE_RULES = "pyyaml11-v2";

function mappingFor(text: string): ConfigMapping {
	const version = configVersion(text);
	let mapping = MAPPINGS.get(version);
	if (mapping !== undefined) {
		return mapping;
	}
	const cacheKey = `config-${PARSE_RULES}-${version}`;
	const cached = readCachedParse(cacheKey);
	if (cached !== null && typeof cached === "object" && !Array.isArray(cached)) {
		mapping = cached as ConfigMapping;
	} else {
		const entry = parsed(text);
		entry.mapping ??= documentToMapping(entry.doc);
		mapping = entry.mapping;
		writeCachedParse(cacheKey, mapping);
	}
	MAPPINGS.set(version, mapping);
	for (const stale of MAPPINGS.keys()) {
		if (MAPPINGS.size <= PARSED_LIMIT) {
			break;
		}
		MAPPINGS.delete(stale);
	}
	return mapping;
}

/** Parses config text into a mapping (the caller's own copy); empty text is `{}`; a broken file throws. */
export function parseConfigText(text: string): ConfigMapping {
	try {
		return structuredClone(mappingFor(text));
	} catch (error) {
		if (error instanceof ConfigParseError) {
			throw new ConfigParseError(`config.yaml does not parse: ${error.message}`, { cause: error });
		}
		throw error;
	}
}

/** Parses config.yaml; a missing or empty file is `{}`; a broken one throws. */
export function readConfigFile(path: string): ConfigMapping {
	return parseConfigText(readConfigText(path).text);
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
