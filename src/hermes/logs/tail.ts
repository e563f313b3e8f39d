/**
 * @module
 * Following a log file like `tail -F`: new complete lines are handed out in batches;
 * rotation (the path now names another file: the rest of the old one is drained, then
 * the new one is read from its start) and truncation (same file, smaller than our
 * position: read again from 0) are both followed. Polling a stat every 100 ms is
 * cheap, works for files that do not exist yet, and behaves the same on Node and Deno
 * (inotify watches lose track of renamed files).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/** Most bytes read per poll: a writer faster than this is caught up over several polls. */
const MAX_READ = 1024 * 1024;

/** Reads new lines of one path; the caller drives it with `poll()`. */
export class LogFollower {
	private readonly path: string;
	private fd: number | null = null;
	private ino = -1;
	private position = 0;
	private partial: Buffer = Buffer.alloc(0);
	private readonly buffer = Buffer.allocUnsafe(64 * 1024);

	/** `from`: byte offset to start at (default: the current end of the file). */
	constructor(path: string, from?: number) {
		this.path = path;
		this.open(from);
	}

	/** Current byte offset in the followed file. */
	get offset(): number {
		return this.position;
	}

	private open(from?: number): boolean {
		try {
			const fd = openSync(this.path, "r");
			const stat = fstatSync(fd);
			this.fd = fd;
			this.ino = stat.ino;
			// An offset past the end means the file was replaced meanwhile: start over.
			this.position = from === undefined ? stat.size : from > stat.size ? 0 : Math.max(from, 0);
			return true;
		} catch {
			this.fd = null;
			this.ino = -1;
			this.position = 0;
			return false;
		}
	}

	/** Reads what was appended since the last call; returns complete lines (with `\n`). */
	poll(): string[] {
		const lines: string[] = [];
		if (this.fd === null) {
			// The file did not exist: a file that appears now is read from its start.
			if (!this.open(0)) {
				return lines;
			}
		}
		let current: { ino: number; size: number } | null = null;
		try {
			const stat = statSync(this.path);
			current = { ino: stat.ino, size: stat.size };
		} catch {
			current = null;
		}
		if (current !== null && current.ino !== this.ino) {
			// Rotated: finish the old file, then start the new one from 0.
			this.drain(lines, Number.POSITIVE_INFINITY);
			this.flushPartial(lines);
			closeSync(this.fd!);
			this.open(0);
		} else if (current !== null && current.size < this.position) {
			// Truncated in place.
			this.partial = Buffer.alloc(0);
			this.position = 0;
		}
		if (this.fd !== null) {
			this.drain(lines, MAX_READ);
		}
		return lines;
	}

	private drain(lines: string[], budget: number): void {
		let left = budget;
		while (left > 0) {
			const read = readSync(this.fd!, this.buffer, 0, Math.min(this.buffer.length, left), this.position);
			if (read <= 0) {
				return;
			}
			this.position += read;
			left -= read;
			this.split(this.buffer.subarray(0, read), lines);
		}
	}

	private split(bytes: Buffer, lines: string[]): void {
		const data = this.partial.length > 0 ? Buffer.concat([this.partial, bytes]) : bytes;
		let from = 0;
		for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
			lines.push(data.toString("utf8", from, nl + 1));
			from = nl + 1;
		}
		// Copy: `bytes` is the shared read buffer.
		this.partial = Buffer.from(data.subarray(from));
	}

	private flushPartial(lines: string[]): void {
		if (this.partial.length > 0) {
			lines.push(this.partial.toString("utf8"));
			this.partial = Buffer.alloc(0);
		}
	}

	close(): void {
		if (this.fd !== null) {
			closeSync(this.fd);
			this.fd = null;
		}
	}
}
