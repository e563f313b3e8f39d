/**
 * @module
 * Request bodies that must arrive as valid UTF-8 (file contents the dashboard writes):
 * the framework's text decoding silently turns bad bytes into U+FFFD, which would then
 * be saved as if the user had typed it, so these routes check the raw bytes first.
 */
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Throws a 422 unless the body's bytes are valid UTF-8; the body stays readable afterwards. */
export async function requireUtf8Body(c: Context): Promise<void> {
	try {
		STRICT_UTF8.decode(await c.req.arrayBuffer());
	} catch {
		throw new ApiError(422, "Request body is not valid UTF-8; nothing was changed.");
	}
}

/** Throws a 422 for text with unpaired surrogates (a JSON `\udc80` escape): UTF-8 cannot hold it. */
export function requireWellFormed(text: string, field: string): void {
	if (!text.isWellFormed()) {
		throw new ApiError(
			422,
			`${field} contains an unpaired surrogate, which is not valid Unicode; nothing was changed.`,
		);
	}
}
