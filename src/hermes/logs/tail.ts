/**
 * @module
 * Following a log file like `tail -F`: new complete lines are handed out in batches;
 * rotation (the path now names another file: the rest of the old one is drained, then
 * the new one is read from its start) and truncation (same file, smaller than our
 * position: read again from 0) are both followed. Polling a stat every 100 ms is
 * cheap, works for files that do not exist yet, and behaves the same on Node and Deno
 * (inotify watches lose track of renamed files).
 *
 * Every open goes through the home's confinement rule, and all I/O is asynchronous, so a
 * FIFO or a symlink out of the home can neither stall the server nor be read.
 */
import type { FileHandle } from "node:fs/promises";
import { stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfinementError, openConfinedFile } from "../home/confine.ts";
import type { Clock } from "../home/clock.ts";
import { LineClassifier, type LogFilter, passesLevelAndComponent } from "./files.ts";
import { redactLogLines } from "./redact.ts";

/** Most bytes read per poll: a writer faster than this is caught up over several polls. */
const MAX_READ = 1024 * 1024;

/** Reads new lines of one path; the caller drives it with `poll()`. */
export class LogFollower {
	private readonly home: string;
	private readonly path: string;
	private handle: FileHandle | null = null;
	private ino = -1;
	private position = 0;
	private partial: Buffer = Buffer.alloc(0);
	private readonly buffer = Buffer.allocUnsafe(64 * 1024);

	private constructor(home: string, path: string) {
		this.home = home;
		this.path = path;
	}

	/**
	 * Starts following `path` (inside `home`) at byte `from` (default: the current end).
	 * Throws ConfinementError when the path escapes the home or is not a regular file.
	 */
	static async open(home: string, path: string, from?: number): Promise<LogFollower> {
		const follower = new LogFollower(home, path);
		await follower.reopen(from, true);
		return follower;
	}

	/** Current byte offset in the followed file. */
	get offset(): number {
		return this.position;
	}

	private async reopen(from: number | undefined, strict: boolean): Promise<boolean> {
		this.handle = null;
		this.ino = -1;
		this.position = 0;
		let handle: FileHandle | null;
		try {
			handle = await openConfinedFile(this.home, this.path);
		} catch (error) {
			// Refused at the start; later (a rotation into a symlink or FIFO) it reads as absent.
			if (strict || !(error instanceof ConfinementError)) {
				throw error;
			}
			handle = null;
		}
		if (handle === null) {
			return false;
		}
		const opened = await handle.stat();
		this.handle = handle;
		this.ino = opened.ino;
		// An offset past the end means the file was replaced meanwhile: start over.
		this.position = from === undefined ? opened.size : from > opened.size ? 0 : Math.max(from, 0);
		return true;
	}

	/** Reads what was appended since the last call; returns complete lines (with `\n`). */
	async poll(): Promise<string[]> {
		const lines: string[] = [];
		if (this.handle === null) {
			// The file did not exist: a file that appears now is read from its start.
			if (!(await this.reopen(0, false))) {
				return lines;
			}
		}
		const current = await stat(this.path).catch(() => null);
		if (current !== null && current.ino !== this.ino) {
			// Rotated: finish the old file, then start the new one from 0.
			await this.drain(lines, Number.POSITIVE_INFINITY);
			this.flushPartial(lines);
			await this.handle!.close();
			await this.reopen(0, false);
		} else if (current !== null && current.size < this.position) {
			// Truncated in place.
			this.partial = Buffer.alloc(0);
			this.position = 0;
		}
		if (this.handle !== null) {
			await this.drain(lines, MAX_READ);
		}
		return lines;
	}

	private async drain(lines: string[], budget: number): Promise<void> {
		let left = budget;
		while (left > 0) {
			const { bytesRead } = await this.handle!.read(
				this.buffer,
				0,
				Math.min(this.buffer.length, left),
				this.position,
			);
			if (bytesRead <= 0) {
				return;
			}
			this.position += bytesRead;
			left -= bytesRead;
			this.split(this.buffer.subarray(0, bytesRead), lines);
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

	async close(): Promise<void> {
		const handle = this.handle;
		this.handle = null;
		await handle?.close();
	}
}

export type TailEvent =
	| { type: "lines"; offset: number; lines: string[] }
	/** Nothing passed the filter for `heartbeatMs`: lets proxies see a live connection. */
	| { type: "heartbeat" };

export interface FollowOptions {
	clock: Clock;
	/** Ends the iteration (the client went away). */
	signal: AbortSignal;
	pollMs?: number;
	heartbeatMs?: number;
}

/**
 * New lines of a followed log that pass `filter`, redacted, until `signal` aborts; the
 * follower is closed when the iteration ends, however it ends.
 */
export async function* followLog(
	follower: LogFollower,
	filter: LogFilter,
	options: FollowOptions,
): AsyncGenerator<TailEvent> {
	const pollMs = options.pollMs ?? 100;
	const heartbeatMs = options.heartbeatMs ?? 15_000;
	const classifier = new LineClassifier();
	let lastSent = options.clock.now();
	try {
		while (!options.signal.aborted) {
			const lines = redactLogLines(await follower.poll()).filter(
				(line) =>
					passesLevelAndComponent(classifier.classify(line), filter) &&
					(filter.search === "" || line.toLowerCase().includes(filter.search)),
			);
			if (lines.length > 0) {
				lastSent = options.clock.now();
				yield { type: "lines", offset: follower.offset, lines };
			} else if (options.clock.now() - lastSent >= heartbeatMs) {
				lastSent = options.clock.now();
				yield { type: "heartbeat" };
			}
			await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
		}
	} finally {
		await follower.close();
	}
}
