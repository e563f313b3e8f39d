/**
 * @module
 * Hermes's error envelope (api-contract 0.1): `{"detail": ...}` with the status. Routes
 * throw `ApiError`; the app's error handler turns it into JSON, and anything unexpected
 * into a logged, redacted 500 that never echoes internals.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error that already knows its HTTP answer. */
export class ApiError extends Error {
	readonly status: ContentfulStatusCode;
	readonly detail: unknown;
	readonly headers: Record<string, string>;

	constructor(status: ContentfulStatusCode, detail: unknown, headers: Record<string, string> = {}) {
		super(typeof detail === "string" ? detail : JSON.stringify(detail));
		this.status = status;
		this.detail = detail;
		this.headers = headers;
	}
}

/** One FastAPI-style validation issue. */
export interface ValidationIssue {
	type: string;
	loc: (string | number)[];
	msg: string;
	input?: unknown;
}

/** 422 with FastAPI's list form, as Hermes's clients parse it. */
export class ValidationError extends ApiError {
	constructor(issues: ValidationIssue[]) {
		super(422, issues);
	}
}

export function errorResponse(c: Context, error: ApiError): Response {
	for (const [name, value] of Object.entries(error.headers)) {
		c.header(name, value);
	}
	return c.json({ detail: error.detail }, error.status);
}
