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

function toIssues(where: "body" | "query", issues: v.BaseIssue<unknown>[]): ValidationIssue[] {
	return issues.map((issue) => {
		const path = (issue.path ?? []).map((item) => item.key as string | number);
		const missing = issue.input === undefined && issue.kind === "schema";
		return {
			type: missing ? "missing" : issue.type,
			loc: [where, ...path],
			msg: missing ? "Field required" : issue.message,
			input: issue.input,
		};
	});
}

/** Validates a plain value; throws a 422 `ValidationError` on failure. */
export function parseWith<S extends Schema>(schema: S, input: unknown, where: "body" | "query"): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) {
		throw new ValidationError(toIssues(where, result.issues));
	}
	return result.output;
}

/** Reads and validates a JSON body. Malformed JSON is a 422 too, never a 500. */
export async function jsonBody<S extends Schema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
	let input: unknown;
	try {
		const text = await c.req.text();
		input = text === "" ? undefined : JSON.parse(text);
	} catch {
		throw new ValidationError([{ type: "json_invalid", loc: ["body"], msg: "JSON decode error" }]);
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
