/**
 * Replaying a page's load-time calls (Hermes's React frontend, api-contract-clients §9) and
 * checking the fields it renders, with their types.
 */
import { expect } from "vitest";
import type { testClient } from "./app.ts";

export type Loose = any;
export type Request = ReturnType<typeof testClient>;

export interface Call {
	path: string;
	status?: number;
	/** Dotted paths the page reads, space-separated; `[]` steps into the first element (which must
	 * exist); `:type` checks the leaf (string, number, boolean, array, object), `?` also allows null. */
	fields: string | string[];
}

function kindOf(value: Loose): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "array";
	return typeof value;
}

/** Checks one dotted field; returns a problem text or null. */
function checkField(body: Loose, spec: string): string | null {
	const [dotted = "", wanted] = spec.split(":");
	let node = body;
	for (const key of dotted.split(".")) {
		if (key === "[]") {
			if (!Array.isArray(node) || node.length === 0) return `${dotted}: no first element`;
			node = node[0];
		} else {
			if (node === null || typeof node !== "object" || !(key in node)) return `missing ${dotted}`;
			node = node[key];
		}
	}
	if (wanted === undefined) return null;
	const nullable = wanted.endsWith("?");
	const type = nullable ? wanted.slice(0, -1) : wanted;
	const kind = kindOf(node);
	if (kind === type || (nullable && kind === "null")) return null;
	return `${dotted}: ${kind}, expected ${wanted}`;
}

/** Replays the calls in order and returns their bodies; collects every problem before failing. */
export async function replay(request: Request, calls: Call[]): Promise<Loose[]> {
	const problems: string[] = [];
	const bodies: Loose[] = [];
	for (const call of calls) {
		const label = `GET ${call.path}`;
		const response = await request(call.path);
		const text = await response.text();
		let body: Loose;
		try {
			body = JSON.parse(text);
		} catch {
			problems.push(`${label}: not JSON: ${text.slice(0, 120)}`);
			bodies.push(undefined);
			continue;
		}
		bodies.push(body);
		const status = call.status ?? 200;
		if (response.status !== status) {
			problems.push(`${label}: ${response.status} (expected ${status}) ${text.slice(0, 160)}`);
			continue;
		}
		for (const field of words(call.fields)) {
			const problem = checkField(body, field);
			if (problem) problems.push(`${label}: ${problem}`);
		}
	}
	expect(problems).toEqual([]);
	return bodies;
}

/** Field specs written as one space-separated string (or several). */
export function words(fields: string | string[]): string[] {
	return (Array.isArray(fields) ? fields : [fields]).flatMap((field) => field.split(/\s+/)).filter(Boolean);
}
