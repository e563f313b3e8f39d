/**
 * @module
 * `POST /api/ops/import-upload`'s form (multipart: `file`, `force`), streamed with busboy
 * to a temp file in `backups/` and renamed to its staging name once complete. The file is
 * capped at 100 MiB (as Hermes) and the whole body a little above, so an endless chunked
 * body is cut off too; a cut-off or aborted upload leaves no file behind.
 */
import busboy from "busboy";
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { backupsDir, uploadStagingName } from "./layout.ts";
import { isTruthy } from "../../http/truthy.ts";

export const IMPORT_UPLOAD_CAP = 100 * 1024 * 1024;
const FORM_OVERHEAD = 1024 * 1024;

/** A refused upload: the status and detail the route answers. */
export class UploadError extends Error {
	readonly status: 400 | 413 | 422;
	constructor(status: 400 | 413 | 422, message: string) {
		super(message);
		this.status = status;
	}
}

export interface StagedUpload {
	archive: string;
	bytes: number;
	force: boolean;
}

function tooLarge(): UploadError {
	return new UploadError(413, "Archive is too large");
}

function cap(limit: number): Transform {
	let total = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			total += chunk.byteLength;
			done(total > limit ? tooLarge() : null, chunk);
		},
	});
}

/** Receives the upload into `backups/dashboard-import-…zip`. */
export async function receiveImportUpload(
	request: Request,
	home: string,
	nowMs: number,
	limit = IMPORT_UPLOAD_CAP,
): Promise<StagedUpload> {
	const type = request.headers.get("content-type") ?? "";
	if (!type.toLowerCase().startsWith("multipart/form-data") || request.body === null) {
		throw new UploadError(422, "Field required: file");
	}
	if (Number(request.headers.get("content-length") ?? "0") > limit + FORM_OVERHEAD) {
		throw tooLarge();
	}
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { "content-type": type },
			limits: { files: 1, fields: 8, fieldSize: 1024, fileSize: limit + 1 },
		});
	} catch {
		throw new UploadError(422, "Field required: file");
	}
	const dir = backupsDir(home);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const fields = new Map<string, string>();
	let saving: Promise<StagedUpload> | null = null;
	let temp: string | null = null;
	parser.on("field", (name, value) => fields.set(name, value));
	parser.on("file", (name, stream, info) => {
		if (name !== "file" || saving !== null) {
			stream.resume();
			return;
		}
		const target = join(dir, uploadStagingName(nowMs, info.filename));
		const partial = join(dir, `.upload-${randomBytes(4).toString("hex")}.part`);
		temp = partial;
		let truncated = false;
		let bytes = 0;
		stream.on("limit", () => {
			truncated = true;
		});
		stream.on("data", (chunk: Buffer) => {
			bytes += chunk.byteLength;
		});
		saving = (async () => {
			await pipeline(stream, createWriteStream(partial, { mode: 0o600, flags: "wx" }));
			if (truncated || bytes > limit) throw tooLarge();
			renameSync(partial, target);
			return { archive: target, bytes, force: false };
		})();
		saving.catch(() => stream.resume());
	});
	try {
		await pipeline(
			Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>),
			cap(limit + FORM_OVERHEAD),
			parser,
		);
		if (saving === null) throw new UploadError(422, "Field required: file");
		const staged = await (saving as Promise<StagedUpload>);
		return { ...staged, force: isTruthy(fields.get("force") ?? "") };
	} catch (error) {
		await (saving as Promise<StagedUpload> | null)?.catch(() => undefined);
		if (temp !== null) rmSync(temp, { force: true });
		throw error instanceof UploadError ? error : new UploadError(400, "Invalid multipart body");
	}
}
