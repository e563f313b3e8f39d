/**
 * @module
 * `GET /api/config/schema` (hermes-home §2.4): the default config flattened to leaves in
 * insertion order, typed from the default value, with the generated overrides, category
 * merges and category order applied.
 */
import { CATEGORY_MERGES, CATEGORY_ORDER, DEFAULT_CONFIG, FIELD_NOTES, SCHEMA_OVERRIDES } from "./defaults.ts";
import { isMapping } from "./effective.ts";

export interface SchemaField {
	type: string;
	description: string;
	category: string;
	options?: string[];
}

export interface ConfigSchema {
	fields: Record<string, SchemaField>;
	category_order: string[];
}

function typeOf(value: unknown): string {
	if (typeof value === "boolean") {
		return "boolean";
	}
	if (typeof value === "number") {
		return "number";
	}
	if (Array.isArray(value)) {
		return "list";
	}
	if (isMapping(value)) {
		return "object";
	}
	return "string";
}

/** `agent.max_turns` → `Agent → Max Turns` (Python's str.title() per word). */
export function describePath(path: string): string {
	return path
		.split(".")
		.map((part) =>
			part
				.replace(/_/g, " ")
				.replace(/[A-Za-z]+/g, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()),
		)
		.join(" → ");
}

function categoryOf(path: string[]): string {
	const raw = path.length > 1 ? path[0]! : "general";
	return CATEGORY_MERGES[raw] ?? raw;
}

function walk(node: Record<string, unknown>, prefix: string[], out: Record<string, SchemaField>): void {
	for (const [key, value] of Object.entries(node)) {
		const path = [...prefix, key];
		if (path.length === 1 && key.startsWith("_")) {
			continue;
		}
		if (isMapping(value) && Object.keys(value).length > 0) {
			walk(value, path, out);
			continue;
		}
		const dotted = path.join(".");
		const field: SchemaField = {
			type: typeOf(value),
			description: describePath(dotted),
			category: categoryOf(path),
		};
		const override = SCHEMA_OVERRIDES[dotted];
		if (override !== undefined) {
			field.type = override.type;
			if (override.description !== undefined) {
				field.description = override.description;
			}
			if (override.category !== undefined) {
				field.category = override.category;
			}
			if (override.options !== undefined) {
				field.options = [...override.options];
			}
		}
		out[dotted] = field;
		if (dotted === "model") {
			const virtual = SCHEMA_OVERRIDES.model_context_length!;
			out.model_context_length = {
				type: virtual.type,
				description: virtual.description ?? "",
				category: virtual.category ?? "general",
			};
		}
	}
}

/** Builds the schema payload. Categories outside the fixed order sort alphabetically after it. */
export function buildConfigSchema(): ConfigSchema {
	const fields: Record<string, SchemaField> = {};
	walk(DEFAULT_CONFIG as Record<string, unknown>, [], fields);
	const seen = new Set(Object.values(fields).map((field) => field.category));
	const extra = [...seen].filter((category) => !CATEGORY_ORDER.includes(category)).sort();
	return { fields, category_order: [...CATEGORY_ORDER, ...extra] };
}

/** The inline source comment for a field, when the reference has one (a UI hint). */
export function fieldNote(path: string): string | undefined {
	return FIELD_NOTES[path];
}
