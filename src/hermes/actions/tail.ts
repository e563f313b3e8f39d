/**
 * @module
 * The `lines` of an action's status (A.13): the last N lines of its log, reading at
 * most the final 256 KiB; when the read starts mid-file its partial first line is dropped.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export const TAIL_BYTES = 256 * 1024;

/** Last `count` lines of `path` (no line terminators); a missing file has none. */
export function readTailLines(path: string, count: number): string[] {
	let fd: number;
	try {
		fd = openSync(path, "r");
	} catch {
		return [];
	}
	try {
		const size = fstatSync(fd).size;
		const start = Math.max(0, size - TAIL_BYTES);
		const buffer = Buffer.alloc(size - start);
		let read = 0;
		while (read < buffer.length) {
			const got = readSync(fd, buffer, read, buffer.length - read, start + read);
			if (got <= 0) break;
			read += got;
		}
		const lines = buffer.toString("utf8", 0, read).split(/\r?\n/);
		if (start > 0) lines.shift();
		if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
		return lines.slice(-count);
	} finally {
		closeSync(fd);
	}
}
