/**
 * @module
 * Generates `src/hermes/config/defaults.ts` from the reference tables in
 * `hermes-home.md` §2.4 (schema overrides, category merges and order) and §2.7 (every
 * `DEFAULT_CONFIG` leaf, in insertion order). The few defaults the table truncates
 * (`…`) are taken from the fixture `config.yaml` written by real Hermes code, and only
 * when the table's visible prefix matches.
 *
 * Usage: `node scripts/gen_config_defaults.ts [reference.md] [fixture-config.yaml] [output.ts]`
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const REFERENCE = process.argv[2] ?? `${ROOT}../shared/reference/hermes-home.md`;
const FIXTURE = process.argv[3] ?? `${ROOT}../shared/fixtures/hermes-home-sample/config.yaml`;
const OUTPUT = process.argv[4] ?? `${ROOT}src/hermes/config/defaults.ts`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Override {
	type: string;
	description?: string;
	category?: string;
	options?: string[];
}

function section(text: string, heading: string): string {
	const start = text.indexOf(heading);
	if (start < 0) {
		throw new Error(`Heading not found: ${heading}`);
	}
	const end = text.indexOf("\n### ", start + heading.length);
	const stop = text.indexOf("\n---", start + heading.length);
	const candidates = [end, stop].filter((index) => index > 0);
	return text.slice(start, candidates.length > 0 ? Math.min(...candidates) : undefined);
}

function lookup(tree: unknown, path: string[]): unknown {
	let node = tree;
	for (const key of path) {
		if (node === null || typeof node !== "object") {
			return undefined;
		}
		node = (node as Record<string, unknown>)[key];
	}
	return node;
}

/** JSON as Python's `json.dumps` prints it (", " and ": " separators), as the table shows it. */
function pythonJSON(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(pythonJSON).join(", ")}]`;
	}
	if (value !== null && typeof value === "object") {
		return `{${Object.entries(value)
			.map(([key, item]) => `${JSON.stringify(key)}: ${pythonJSON(item)}`)
			.join(", ")}}`;
	}
	return JSON.stringify(value);
}

/** §2.7: one row per leaf → the nested default config, in table order. */
function parseDefaults(
	text: string,
	fixture: unknown,
): { defaults: Record<string, Json>; notes: Record<string, string> } {
	const defaults: Record<string, Json> = {};
	const notes: Record<string, string> = {};
	const row = /^\| `([^`]+)` \| ([a-z()]+) \| `(.*?)` \| (.*?) ?\|$/;
	let count = 0;
	for (const line of section(text, "### 2.7").split("\n")) {
		const match = row.exec(line);
		if (match === null) {
			continue;
		}
		const [, key, , shown, note] = match as unknown as [string, string, string, string, string];
		const path = key.split(".");
		let value: Json;
		if (shown.includes("…")) {
			value = lookup(fixture, path) as Json;
			const prefix = shown.slice(0, shown.indexOf("…"));
			if (value === undefined || !pythonJSON(value).startsWith(prefix)) {
				throw new Error(`Truncated default for ${key} does not match the fixture: ${shown}`);
			}
		} else {
			value = JSON.parse(shown) as Json;
		}
		let node = defaults;
		for (const part of path.slice(0, -1)) {
			node[part] ??= {};
			node = node[part] as Record<string, Json>;
		}
		node[path[path.length - 1]!] = value;
		if (note.trim() !== "") {
			notes[key] = note.trim().replace(/\\\|/g, "|");
		}
		count++;
	}
	if (count < 500) {
		throw new Error(`Only ${count} default rows found; has the table format changed?`);
	}
	return { defaults, notes };
}

/** The backticked chunks of a table cell; `""` is the empty option, the rest split on spaces. */
function optionList(cell: string): string[] {
	const options: string[] = [];
	for (const [, chunk] of cell.matchAll(/`([^`]*)`/g)) {
		if (chunk === '""') {
			options.push("");
		} else if (!/[/<]/.test(chunk!)) {
			options.push(...chunk!.split(/\s+/).filter((item) => item !== ""));
		}
	}
	return [...new Set(options)];
}

/** §2.4: the override table, the category merges and the category order. */
function parseSchemaRules(text: string): {
	overrides: Record<string, Override>;
	merges: Record<string, string>;
	order: string[];
} {
	const body = section(text, "### 2.4");
	const overrides: Record<string, Override> = {};
	for (const line of body.split("\n")) {
		const match = /^\| `([^`]+)` \| `?([a-z]+)`?(?: \(note[^)]*\))? \| (.*) \|$/.exec(line);
		if (match === null) {
			continue;
		}
		const [, key, type, rawCell] = match as unknown as [string, string, string, string];
		const cell = rawCell.replace(/\(note:[^)]*\)/g, "");
		const override: Override = { type };
		const description = /desc "([^"]+)"/.exec(cell);
		if (description !== null) {
			override.description = description[1]!;
		}
		const category = /category ([a-z_]+)/.exec(cell);
		if (category !== null) {
			override.category = category[1]!;
		}
		if (type === "select") {
			override.options = optionList(cell);
		}
		overrides[key] = override;
	}
	const virtual = /virtual field `model_context_length`\s*\(`number`, category `([a-z]+)`, "([^"]+)"\)/.exec(
		body.replace(/\s+/g, " "),
	);
	if (virtual === null) {
		throw new Error("The model_context_length rule was not found");
	}
	overrides.model_context_length = { type: "number", category: virtual[1]!, description: virtual[2]! };
	const mergeText = /then merged: `([^`]+)`/.exec(body.replace(/\s+/g, " "));
	const orderText = /`category_order`: `([^`]+)`/.exec(body.replace(/\s+/g, " "));
	if (mergeText === null || orderText === null) {
		throw new Error("Category merges or order not found");
	}
	const merges: Record<string, string> = {};
	for (const pair of mergeText[1]!.split(",")) {
		const [from, to] = pair.split("→").map((item) => item.trim());
		merges[from!] = to!;
	}
	return { overrides, merges, order: orderText[1]!.split(",").map((item) => item.trim()) };
}

function main(): void {
	const text = readFileSync(REFERENCE, "utf8");
	const fixture = parse(readFileSync(FIXTURE, "utf8"));
	const { defaults, notes } = parseDefaults(text, fixture);
	const { overrides, merges, order } = parseSchemaRules(text);
	const json = (value: unknown): string => JSON.stringify(value, null, "\t");
	const out = `/**
 * @module
 * GENERATED by scripts/gen_config_defaults.ts from hermes-home.md §2.4 and §2.7 — do not
 * edit by hand; change the reference and re-run the script.
 * Hermes's \`DEFAULT_CONFIG\` (insertion order kept), the schema overrides, the category
 * merge rules and order, and the inline source comments (used as field hints).
 */

export interface SchemaOverride {
	type: string;
	description?: string;
	category?: string;
	options?: string[];
}

export const DEFAULT_CONFIG: Readonly<Record<string, unknown>> = ${json(defaults)};

export const SCHEMA_OVERRIDES: Readonly<Record<string, SchemaOverride>> = ${json(overrides)};

export const CATEGORY_MERGES: Readonly<Record<string, string>> = ${json(merges)};

export const CATEGORY_ORDER: readonly string[] = ${json(order)};

export const FIELD_NOTES: Readonly<Record<string, string>> = ${json(notes)};
`;
	writeFileSync(OUTPUT, out);
	console.log(`wrote ${OUTPUT}: ${Object.keys(notes).length} notes, ${Object.keys(overrides).length} overrides`);
}

main();
