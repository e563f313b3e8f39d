/**
 * @module
 * The streamed upload's form (`multipart/form-data`: `path`, `overwrite`, `file`),
 * parsed with busboy as it arrives: the file part goes straight to a temp file beside
 * its target (ops.ts), so memory stays flat whatever the size. The fields must come
 * before the file part (the browser sends them in append order, and the page and
 * Hermes's React page append `path` and `overwrite` first).
 *
 * Caps: the file itself at FILES_SIZE_CAP (busboy truncates, we answer 413), and the
 * whole body at the cap plus FORM_OVERHEAD, so an endless chunked body is cut off too.
 */
import busboy from "busboy";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileEntry } from "./entries.ts";
import { prepareStreamedUpload, writeStreamedUpload } from "./ops.ts";
import { FILES_SIZE_CAP, FilesError, type FilesPolicy } from "./policy.ts";
import { isTruthy } from "../../http/truthy.ts";

/** Room for the form's other fields and part headers. */
const FORM_OVERHEAD = 1024 * 1024;

/** A required form field is absent (the route answers FastAPI's 422). */
export class MissingFieldError extends Error {
	readonly field: string;
	constructor(field: string) {
		super(`Field required: ${field}`);
		this.name = "MissingFieldError";
		this.field = field;
	}
}

function tooLarge(): FilesError {
	return new FilesError(413, "File is too large");
}

/** Fails the body stream once more than `limit` bytes have arrived. */
function bodyCap(limit: number): Transform {
	let total = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			total += chunk.byteLength;
			done(total > limit ? tooLarge() : null, chunk);
		},
	});
}

export interface StreamedUpload {
	path: string;
	entry: FileEntry;
}

export async function receiveMultipartUpload(
	request: Request,
	policy: FilesPolicy,
	limit = FILES_SIZE_CAP,
): Promise<StreamedUpload> {
	const type = request.headers.get("content-type") ?? "";
	if (!type.toLowerCase().startsWith("multipart/form-data") || request.body === null) {
		throw new MissingFieldError("file");
	}
	const declared = Number(request.headers.get("content-length") ?? "0");
	if (declared > limit + FORM_OVERHEAD) {
		throw tooLarge();
	}
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { "content-type": type },
			// busboy signals "limit" on reaching fileSize exactly: one byte more means over the cap.
			limits: { files: 1, fields: 16, fieldSize: 64 * 1024, fileSize: limit + 1 },
		});
	} catch {
		throw new MissingFieldError("file");
	}
	const fields = new Map<string, string>();
	let upload: Promise<StreamedUpload> | null = null;
	let fileStream: Readable | null = null;

	parser.on("field", (name, value) => fields.set(name, value));
	parser.on("file", (name, stream) => {
		if (name !== "file" || upload !== null) {
			stream.resume();
			return;
		}
		fileStream = stream;
		let truncated = false;
		stream.once("limit", () => {
			truncated = true;
		});
		const path = fields.get("path");
		const overwrite = fields.has("overwrite") ? isTruthy(fields.get("overwrite") ?? "") : true;
		upload = (async () => {
			if (path === undefined) throw new MissingFieldError("path");
			const target = await prepareStreamedUpload(policy, path, overwrite);
			const entry = await writeStreamedUpload(target, stream, overwrite, () => truncated);
			return { path: target, entry };
		})();
		// A refusal before or while writing: keep parsing (drained), so the answer is read.
		upload.catch(() => stream.resume());
	});

	const parsed = pipeline(
		Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>),
		bodyCap(limit + FORM_OVERHEAD),
		parser,
	);
	try {
		await parsed;
	} catch (error) {
		// The client went away or the body is over the cap: stop the file too (its temp goes).
		(fileStream as Readable | null)?.destroy(error as Error);
		await (upload as Promise<StreamedUpload> | null)?.catch(() => undefined);
		throw error instanceof FilesError ? error : new FilesError(400, "Invalid multipart body");
	}
	if (upload === null) {
		throw new MissingFieldError(fields.has("path") ? "file" : "path");
	}
	return upload;
}
