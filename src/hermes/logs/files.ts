/**
 * @module
 * Hermes's log files (hermes-home §5): which names exist, reading the last N lines
 * backwards from the end (cost follows the lines asked for, not the file size), and
 * the level / component / search filters of `GET /api/logs`.
 *
 * Files are opened through the home's confinement rule (home/confine.ts) and read with
 * fs/promises; lines come back redacted (redact.ts).
 *
 * One improvement over Hermes: continuation lines (tracebacks) carry the level and
 * logger of the record they belong to, so `level=ERROR` keeps an error's traceback
 * and drops an INFO record's, and a component filter keeps the traceback too.
 */
import type { FileHandle } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { openConfinedFile } from "../home/confine.ts";
import { redactLogLines } from "./redact.ts";
import { join } from "node:path";

/** `file` query values → file names under `logs/`. */
export const LOG_FILES: Readonly<Record<string, string>> = {
	agent: "agent.log",
	errors: "errors.log",
	gateway: "gateway.log",
	gui: "gui.log",
	desktop: "desktop.log",
	mcp: "mcp-stderr.log",
};

/** Component filter → logger-name prefixes. */
export const LOG_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
	gateway: ["gateway", "hermes_plugins", "plugins.platforms"],
	agent: ["agent", "run_agent", "model_tools", "batch_runner"],
	tools: ["tools"],
	cli: ["hermes_cli", "cli"],
	cron: ["cron"],
	gui: ["hermes_cli.web_server", "hermes_cli.pty_bridge", "tui_gateway", "uvicorn"],
};

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
const LEVEL_RANK: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

export const MAX_LOG_LINES = 500;
const CHUNK = 64 * 1024;

export function logFilePath(logsDir: string, file: string): string | null {
	// Own properties only: `?file=constructor` must not reach the prototype.
	const name = Object.hasOwn(LOG_FILES, file) ? LOG_FILES[file] : undefined;
	return name === undefined ? null : join(logsDir, name);
}

/**
 * The last `count` lines of an open file, each keeping its `\n` (a partial last line has
 * none). Reads 64 KiB chunks backwards. Bytes are decoded once after the cut, so a
 * multi-byte character split by a chunk edge survives.
 */
export async function readLastLines(handle: FileHandle, count: number): Promise<string[]> {
	if (count <= 0) {
		return [];
	}
	const size = (await handle.stat()).size;
	const chunks: Buffer[] = [];
	let position = size;
	let newlines = 0;
	let start = 0;
	// The last byte's newline ends the last line; it does not start a new one.
	let skipTrailing = true;
	search: while (position > 0) {
		const length = Math.min(CHUNK, position);
		position -= length;
		const chunk = Buffer.allocUnsafe(length);
		await handle.read(chunk, 0, length, position);
		chunks.unshift(chunk);
		let index = length;
		while (index > 0) {
			const found = chunk.lastIndexOf(10, index - 1);
			if (found < 0) {
				break;
			}
			index = found;
			if (skipTrailing && position + found === size - 1) {
				skipTrailing = false;
				continue;
			}
			newlines++;
			if (newlines === count) {
				start = position + found + 1;
				break search;
			}
		}
		skipTrailing = false;
	}
	const data = Buffer.concat(chunks);
	const text = data.subarray(start - position).toString("utf8");
	return splitKeepingNewlines(text);
}

export function splitKeepingNewlines(text: string): string[] {
	const lines: string[] = [];
	let from = 0;
	while (from < text.length) {
		const nl = text.indexOf("\n", from);
		if (nl < 0) {
			lines.push(text.slice(from));
			break;
		}
		lines.push(text.slice(from, nl + 1));
		from = nl + 1;
	}
	return lines;
}

/** A record head: `2026-04-05 22:35:00,123 LEVEL [session] logger.name: message`. */
const HEAD =
	/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d+)? (DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? ([^\s:]+):/;
const ANY_LEVEL = / (DEBUG|INFO|WARNING|ERROR|CRITICAL) /;

export interface LineMeta {
	level: string | null;
	logger: string | null;
	/** False for continuation lines (tracebacks) that inherit their record's meta. */
	head: boolean;
}

/** Level and logger of a line on its own (Hermes's rule: first ` LEVEL ` token). */
export function lineMeta(line: string): LineMeta {
	const head = HEAD.exec(line);
	if (head !== null) {
		return { level: head[1]!, logger: head[2]!, head: true };
	}
	const level = ANY_LEVEL.exec(line);
	return { level: level?.[1] ?? null, logger: null, head: level !== null };
}

export interface LogFilter {
	/** Minimum level rank; 0 = none. */
	minLevel: number;
	/** Logger prefixes; null = none. */
	prefixes: readonly string[] | null;
	/** Case-insensitive substring; "" = none. */
	search: string;
}

/** Parses the `level` query: ALL/empty/unknown = no filter (Hermes passes everything). */
export function levelRank(level: string | undefined): number {
	return LEVEL_RANK[(level ?? "").toUpperCase()] ?? 0;
}

/**
 * Tracks record context across lines so continuation lines inherit the level and
 * logger of their record. Used by the reader and the live tail alike.
 */
export class LineClassifier {
	private current: LineMeta = { level: null, logger: null, head: false };

	classify(line: string): LineMeta {
		const meta = lineMeta(line);
		if (meta.head) {
			this.current = meta;
			return meta;
		}
		if (line.trim() === "" || this.current.level === null) {
			return meta;
		}
		return { level: this.current.level, logger: this.current.logger, head: false };
	}
}

export function passesLevelAndComponent(meta: LineMeta, filter: LogFilter): boolean {
	if (filter.minLevel > 0 && meta.level !== null && (LEVEL_RANK[meta.level] ?? 0) < filter.minLevel) {
		return false;
	}
	if (filter.prefixes !== null) {
		const logger = meta.logger;
		if (logger === null || !filter.prefixes.some((prefix) => logger.startsWith(prefix))) {
			return false;
		}
	}
	return true;
}

function applyLevelAndComponent(lines: string[], filter: LogFilter): string[] {
	const classifier = new LineClassifier();
	return lines.filter((line) => passesLevelAndComponent(classifier.classify(line), filter));
}

export interface LogRead {
	/** The file's size before reading: a live tail from here may repeat a line, never miss one. */
	offset: number;
	lines: string[];
}

/** Hermes's search window: the last SEARCH_WINDOW lines, of which the last SEARCH_KEEP filtered ones. */
const SEARCH_WINDOW = 40_000;
const SEARCH_KEEP = 2000;
/** A record head for redaction grouping — the same rule as redact.ts's RECORD_START. */
const RECORD_START = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;

/** Byte offset where the last `count` lines begin: a backwards newline count that keeps no data. */
async function startOfLastLines(handle: FileHandle, size: number, count: number): Promise<number> {
	const chunk = Buffer.allocUnsafe(CHUNK);
	let position = size;
	let newlines = 0;
	let skipTrailing = true;
	while (position > 0) {
		const length = Math.min(CHUNK, position);
		position -= length;
		await handle.read(chunk, 0, length, position);
		let index = length;
		while (index > 0) {
			const found = chunk.lastIndexOf(10, index - 1);
			if (found < 0) break;
			index = found;
			if (skipTrailing && position + found === size - 1) {
				skipTrailing = false;
				continue;
			}
			if (++newlines === count) return position + found + 1;
		}
		skipTrailing = false;
	}
	return 0;
}

/** Enough of a line's first bytes to test RECORD_START. */
const HEAD_BYTES = 32;

/**
 * The last line start in [floor, offset] whose line is a record head, or `floor` when
 * none is (`offset` and `floor` are line starts). Reads backwards a chunk at a time.
 */
async function recordHeadAtOrBefore(handle: FileHandle, offset: number, floor: number): Promise<number> {
	const chunk = Buffer.allocUnsafe(CHUNK + HEAD_BYTES);
	let high = offset;
	while (high > floor) {
		const low = Math.max(floor, high - CHUNK);
		// The newlines in [low, high) start the lines in (low, high]; HEAD_BYTES more cover their heads.
		const { bytesRead } = await handle.read(chunk, 0, high - low + HEAD_BYTES, low);
		let index = high - low;
		while (index > 0) {
			const found = chunk.lastIndexOf(10, index - 1);
			if (found < 0) break;
			const start = found + 1;
			if (RECORD_START.test(chunk.toString("latin1", start, Math.min(bytesRead, start + HEAD_BYTES)))) {
				return low + start;
			}
			index = found;
		}
		high = low;
	}
	return floor;
}

/** Lines from `start` to `end`, each keeping its `\n`, read forward one chunk (one batch) at a time. */
async function* lineBatches(handle: FileHandle, start: number, end: number): AsyncGenerator<string[]> {
	const chunk = Buffer.allocUnsafe(CHUNK);
	const decoder = new StringDecoder("utf8");
	let carry = "";
	for (let position = start; position < end; ) {
		const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK, end - position), position);
		if (bytesRead === 0) break;
		position += bytesRead;
		const text = carry + decoder.write(chunk.subarray(0, bytesRead));
		const cut = text.lastIndexOf("\n") + 1;
		carry = text.slice(cut);
		if (cut > 0) yield splitKeepingNewlines(text.slice(0, cut));
	}
	carry += decoder.end();
	if (carry !== "") yield [carry];
}

/**
 * The window's redacted lines from `start` (a record head or the window's start) that
 * pass the level and component filters: at least the last SEARCH_KEEP of them, when
 * there are that many. Memory holds one chunk, one record and the kept lines.
 */
async function keptLines(handle: FileHandle, start: number, size: number, filter: LogFilter): Promise<string[]> {
	const classifier = new LineClassifier();
	let kept: string[] = [];
	const keep = (redacted: string[]): void => {
		for (const line of redacted) {
			if (passesLevelAndComponent(classifier.classify(line), filter)) kept.push(line);
		}
		if (kept.length > SEARCH_KEEP * 2) kept = kept.slice(-SEARCH_KEEP);
	};
	let record: string[] = [];
	for await (const batch of lineBatches(handle, start, size)) {
		for (const line of batch) {
			if (record.length > 0 && RECORD_START.test(line)) {
				keep(redactLogLines(record));
				record = [];
			}
			record.push(line);
			// Lines before the window's first record head are redacted one by one.
			if (!RECORD_START.test(record[0]!)) {
				keep(redactLogLines(record));
				record = [];
			}
		}
	}
	keep(redactLogLines(record));
	return kept;
}

/**
 * `search=`: the last SEARCH_WINDOW lines are redacted record by record, filtered by level
 * and component, the last SEARCH_KEEP of those searched. Streamed, never the window in
 * memory (it was 14–20 MB per call as one buffer).
 *
 * With no level or component filter only the window's last SEARCH_KEEP lines can be
 * kept, so reading starts at the record holding the first of them (its redaction needs
 * the whole record) rather than at the window's start: the same lines, redacted the same
 * way, for a twentieth of the reading. Redaction can fold lines (a private-key block
 * becomes one line); when that leaves fewer than SEARCH_KEEP, reading starts further back.
 */
async function searchWindow(handle: FileHandle, lines: number, filter: LogFilter): Promise<string[]> {
	const size = (await handle.stat()).size;
	const windowStart = await startOfLastLines(handle, size, SEARCH_WINDOW);
	const unfiltered = filter.minLevel === 0 && filter.prefixes === null;
	let kept: string[] = [];
	for (let tail = SEARCH_KEEP; ; tail *= 2) {
		const start =
			unfiltered && tail < SEARCH_WINDOW
				? await recordHeadAtOrBefore(handle, await startOfLastLines(handle, size, tail), windowStart)
				: windowStart;
		kept = await keptLines(handle, start, size, filter);
		if (start === windowStart || kept.length >= SEARCH_KEEP) break;
	}
	const needle = filter.search.toLowerCase();
	return kept
		.slice(-SEARCH_KEEP)
		.filter((line) => line.toLowerCase().includes(needle))
		.slice(-lines);
}

/**
 * Reads the raw window for the filters in use. Lines are redacted before filtering, so a
 * search cannot probe for a secret's text.
 */
async function readWindow(handle: FileHandle, lines: number, filter: LogFilter): Promise<string[]> {
	if (filter.search !== "") {
		return await searchWindow(handle, lines, filter);
	}
	if (filter.minLevel > 0 || filter.prefixes !== null) {
		const window = redactLogLines(await readLastLines(handle, Math.max(lines * 20, 2000)));
		return applyLevelAndComponent(window, filter).slice(-lines);
	}
	return redactLogLines(await readLastLines(handle, lines));
}

/** The search result as first written (the whole window in memory): the reference in tests. */
export async function searchWindowInMemory(handle: FileHandle, lines: number, filter: LogFilter): Promise<string[]> {
	const window = applyLevelAndComponent(redactLogLines(await readLastLines(handle, SEARCH_WINDOW)), filter).slice(
		-SEARCH_KEEP,
	);
	const needle = filter.search.toLowerCase();
	return window.filter((line) => line.toLowerCase().includes(needle)).slice(-lines);
}

/** The streamed search (exported for the equivalence test). */
export { searchWindow };

/**
 * `GET /api/logs` semantics (the windows of hermes-home §5), lines redacted. `path` must
 * stay a regular file inside `home` (ConfinementError otherwise); a missing file is empty.
 */
export async function readLogLines(home: string, path: string, requested: number, filter: LogFilter): Promise<LogRead> {
	const handle = await openConfinedFile(home, path);
	if (handle === null) {
		return { offset: 0, lines: [] };
	}
	try {
		const offset = (await handle.stat()).size;
		const lines = Math.min(Math.max(requested, 0), MAX_LOG_LINES);
		return { offset, lines: lines === 0 ? [] : await readWindow(handle, lines, filter) };
	} finally {
		await handle.close();
	}
}
