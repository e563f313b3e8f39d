/**
 * @module
 * Request body limits for every route, answered 413 before the body is read: a declared
 * Content-Length over the limit is refused at once, and a chunked body is read only up
 * to the limit. Unauthenticated auth routes get a small limit (a login form is tiny).
 */
import { bodyLimit } from "hono/body-limit";
import type { Context, MiddlewareHandler } from "hono";

/** Limit for `/login`, `/auth/*` and `/api/auth/*`: reachable without a credential in gated mode. */
export const AUTH_BODY_LIMIT = 64 * 1024;
/** Limit for everything else (config and .env saves are the largest legitimate bodies). */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * `POST /api/files/upload` carries a whole file as base64 JSON: the 100 MiB file cap, as
 * base64, plus room for the rest of the body.
 */
export const FILES_JSON_UPLOAD_LIMIT = Math.ceil((100 * 1024 * 1024 * 4) / 3) + 64 * 1024;
/**
 * `POST /api/chat/image-upload` carries one image (25 MiB cap) as base64 JSON: room for
 * that cap plus a margin, so an image just over it gets the route's own 413 text.
 */
export const CHAT_IMAGE_UPLOAD_LIMIT = Math.ceil((25 * 1024 * 1024 * 4) / 3) + 64 * 1024;
/** Routes that stream their body to disk and enforce their own cap while streaming (never buffered). */
const STREAMED_BODY_PATHS: ReadonlySet<string> = new Set([
	"/api/files/upload-stream",
	"/api/sessions/import",
	"/api/ops/import-upload",
]);

export function isAuthPath(path: string): boolean {
	return (
		path === "/login" || path.startsWith("/login/") || path.startsWith("/auth/") || path.startsWith("/api/auth/")
	);
}

function tooLarge(c: Context): Response {
	return c.json({ detail: "Request body too large" }, 413);
}

/** One body limit per request, chosen by path. */
export function requestBodyLimit(): MiddlewareHandler {
	const auth = bodyLimit({ maxSize: AUTH_BODY_LIMIT, onError: tooLarge });
	const general = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge });
	const filesUpload = bodyLimit({ maxSize: FILES_JSON_UPLOAD_LIMIT, onError: tooLarge });
	const chatImage = bodyLimit({ maxSize: CHAT_IMAGE_UPLOAD_LIMIT, onError: tooLarge });
	return async function requestBodyLimit(c, next) {
		const declared = c.req.header("content-length");
		// A Content-Length that is not a plain number cannot be trusted to bound the read.
		if (declared !== undefined && !/^\d+$/.test(declared.trim())) {
			return c.json({ detail: "Invalid Content-Length" }, 400);
		}
		if (STREAMED_BODY_PATHS.has(c.req.path)) {
			return next();
		}
		if (c.req.path === "/api/files/upload") {
			return filesUpload(c, next);
		}
		if (c.req.path === "/api/chat/image-upload") {
			return chatImage(c, next);
		}
		return (isAuthPath(c.req.path) ? auth : general)(c, next);
	};
}
