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

/** SQLite primary result codes (extended codes carry them in the low byte). */
const SQLITE_PERM = 3;
const SQLITE_READONLY = 8;
const SQLITE_FULL = 13;

/**
 * The storage failure behind an error, as an answer the user can act on: a full disk is
 * 507, a read-only or forbidden home 503. The sentence names no path (paths can carry
 * user names or secrets). Follows `cause` links, since data layers wrap fs errors.
 */
export function storageFailure(error: unknown): ApiError | null {
	for (let current = error, hops = 0; current !== null && typeof current === "object" && hops < 8; hops++) {
		const { errcode, message } = current as { errcode?: unknown; message?: unknown };
		// An error that crossed a worker thread keeps only its message ("ENOSPC: no space left…").
		const code =
			(current as { code?: unknown }).code ??
			(typeof message === "string" ? /^(E[A-Z]+): /.exec(message)?.[1] : undefined);
		const sqliteCode = typeof errcode === "number" ? errcode & 0xff : undefined;
		if (
			code === "ENOSPC" ||
			code === "EDQUOT" ||
			sqliteCode === SQLITE_FULL ||
			(typeof message === "string" && /database or disk is full/i.test(message))
		) {
			return new ApiError(
				507,
				"The disk holding the Hermes home is full; nothing was saved. Free some space and retry.",
			);
		}
		if (code === "EROFS") {
			return new ApiError(
				503,
				"The Hermes home is on a read-only file system, so the change could not be saved.",
			);
		}
		if (code === "EACCES" || code === "EPERM" || sqliteCode === SQLITE_PERM || sqliteCode === SQLITE_READONLY) {
			return new ApiError(
				503,
				"The dashboard is not allowed to use a file in the Hermes home (permission denied); check its owner and mode.",
			);
		}
		current = (current as { cause?: unknown }).cause;
	}
	return null;
}
