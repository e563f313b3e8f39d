/**
 * @module
 * valibot at the HTTP edge: parse a body or query with a schema, or throw a 422 whose
 * issues look like FastAPI's (`loc`, `msg`, `type`), so existing clients keep working.
 */
import * as v from "valibot";
import type { Context } from "hono";
import { ApiError, ValidationError, type ValidationIssue } from "./errors.ts";
import { FALSE_WORDS, isTruthy, TRUE_WORDS } from "./truthy.ts";

type Schema = v.GenericSchema;

/** JSON nested deeper than this is refused before validation: Hermes's bodies are flat (config.yaml, the deepest, allows 64 levels under its wrapper). */
export const MAX_JSON_DEPTH = 100;
/** Echoed `input` strings are cut here; containers larger than this many JSON characters are not echoed. */
const MAX_ECHO_CHARS = 256;

/**
 * The `input` a 422 issue echoes, bounded so a huge or hostile body cannot make the
 * error answer huge (or fail to serialise): long strings are cut, large containers dropped.
 */
export function echoedInput(input: unknown): { input?: unknown } {
	if (typeof input === "string") {
		return { input: input.length > MAX_ECHO_CHARS ? `${input.slice(0, MAX_ECHO_CHARS)}…` : input };
	}
	if (input === null || typeof input !== "object") {
		return input === undefined ? {} : { input };
	}
	const json = JSON.stringify(input);
	return json.length > MAX_ECHO_CHARS ? {} : { input };
}

function toIssues(where: "body" | "query", issues: v.BaseIssue<unknown>[]): ValidationIssue[] {
	return issues.map((issue) => {
		const path = (issue.path ?? []).map((item) => item.key as string | number);
		const missing = issue.input === undefined && issue.kind === "schema";
		return {
			type: missing ? "missing" : issue.type,
			loc: [where, ...path],
			msg: missing ? "Field required" : issue.message,
			...echoedInput(issue.input),
		};
	});
}

/** Whether a parsed JSON value nests deeper than `limit` (iterative: depth itself is the hazard). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
	const stack: [unknown, number][] = [[value, 0]];
	while (stack.length > 0) {
		const [item, depth] = stack.pop() as [unknown, number];
		if (item === null || typeof item !== "object") {
			continue;
		}
		if (depth >= limit) {
			return true;
		}
		for (const child of Object.values(item)) {
			if (child !== null && typeof child === "object") {
				stack.push([child, depth + 1]);
			}
		}
	}
	return false;
}

const WRAPPER_TYPES = new Set(["optional", "exact_optional", "nullable", "nullish", "undefinedable", "non_optional"]);
const OBJECT_TYPES = new Set(["object", "loose_object", "strict_object", "object_with_rest", "record"]);

type SchemaNode = { type: string; wrapped?: SchemaNode; entries?: Record<string, SchemaNode>; item?: SchemaNode };

/**
 * valibot's object schemas accept arrays (`typeof [] === "object"`); pydantic does not.
 * Finds the first place where the schema wants an object and the input is an array.
 */
function arrayForObject(schema: SchemaNode, input: unknown, path: (string | number)[]): ValidationIssue | null {
	let node = schema;
	while (WRAPPER_TYPES.has(node.type) && node.wrapped !== undefined) {
		node = node.wrapped;
	}
	if (OBJECT_TYPES.has(node.type) && Array.isArray(input)) {
		return {
			type: "model_attributes_type",
			loc: path,
			msg: "Input should be a valid dictionary or object to extract fields from",
			...echoedInput(input),
		};
	}
	if (node.entries !== undefined && input !== null && typeof input === "object" && !Array.isArray(input)) {
		for (const [key, entry] of Object.entries(node.entries)) {
			if (Object.hasOwn(input, key)) {
				const found = arrayForObject(entry, (input as Record<string, unknown>)[key], [...path, key]);
				if (found !== null) return found;
			}
		}
	}
	if (node.type === "array" && node.item !== undefined && Array.isArray(input)) {
		for (const [index, item] of input.entries()) {
			const found = arrayForObject(node.item, item, [...path, index]);
			if (found !== null) return found;
		}
	}
	return null;
}

/** Validates a plain value; throws a 422 `ValidationError` on failure. */
export function parseWith<S extends Schema>(schema: S, input: unknown, where: "body" | "query"): v.InferOutput<S> {
	const arrayIssue = arrayForObject(schema as unknown as SchemaNode, input, [where]);
	if (arrayIssue !== null) {
		throw new ValidationError([arrayIssue]);
	}
	const result = v.safeParse(schema, input);
	if (!result.success) {
		throw new ValidationError(toIssues(where, result.issues));
	}
	return result.output;
}

export interface JSONBodyOptions {
	/**
	 * The answer for a body nested past `MAX_JSON_DEPTH` (default: 422 `json_too_deep`). A
	 * route whose own format has a depth rule (config.yaml) answers with that rule's error.
	 */
	tooDeep?: () => Error;
}

/** Reads and validates a JSON body. Malformed JSON is a 422 too, never a 500. */
export async function jsonBody<S extends Schema>(
	c: Context,
	schema: S,
	options: JSONBodyOptions = {},
): Promise<v.InferOutput<S>> {
	let input: unknown;
	try {
		const text = await c.req.text();
		input = text === "" ? undefined : JSON.parse(text);
	} catch {
		throw new ValidationError([{ type: "json_invalid", loc: ["body"], msg: "JSON decode error" }]);
	}
	if (nestsDeeperThan(input, MAX_JSON_DEPTH)) {
		if (options.tooDeep !== undefined) {
			throw options.tooDeep();
		}
		throw new ValidationError([
			{ type: "json_too_deep", loc: ["body"], msg: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` },
		]);
	}
	return parseWith(schema, input, "body");
}

/** Validates the query string (single values; last one wins, as FastAPI does). */
export function queryParams<S extends Schema>(c: Context, schema: S): v.InferOutput<S> {
	return parseWith(schema, c.req.query(), "query");
}

/** Query boolean as FastAPI accepts it: 1/0/true/false/yes/no/on/off, any case. */
export const queryBoolean = v.pipe(
	v.string(),
	v.toLowerCase(),
	v.picklist([...TRUE_WORDS, ...FALSE_WORDS] as const, "Input should be a valid boolean"),
	v.transform((value) => isTruthy(value)),
);

/** Query integer with bounds. */
export function queryInteger(min: number, max: number): v.GenericSchema<string, number> {
	return v.pipe(
		v.string(),
		v.regex(/^-?\d+$/, "Input should be a valid integer"),
		v.transform(Number),
		v.minValue(min, `Input should be greater than or equal to ${min}`),
		v.maxValue(max, `Input should be less than or equal to ${max}`),
	);
}

export { ApiError };
