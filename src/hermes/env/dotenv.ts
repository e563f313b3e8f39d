/**
 * @module
 * `.env` in Hermes's format (hermes-home §3.1–3.2): parse, set and delete one key
 * while every other byte of the file survives — comments, blank lines, ordering,
 * `export` prefixes, indentation and line endings. Writes are atomic and keep the
 * file's mode (a new file gets 0600).
 *
 * Deliberate differences from Hermes's writer, all in the direction of losing less:
 * - other lines are kept byte-for-byte (Hermes trims them and re-terminates with LF);
 * - an `export KEY=` line is updated in place (Hermes appends a duplicate);
 * - every assignment of the key is updated, so a later duplicate (which wins on read)
 *   can never keep serving the old value.
 *
 * Hermes (and the user's editor) write `.env` without a lock, so each change is a
 * compare-and-swap against the bytes it was computed from, re-applied on a fresh read
 * when another writer got in first. A file that is not valid UTF-8 is never rewritten:
 * decoding it would alter the bytes we cannot read.
 */
import { readFileSync } from "node:fs";
import { FileChangedError, writeFileAtomic } from "../home/atomic_write.ts";
import { repairConcatenated } from "./repair.ts";

/** Hermes's variable-name rule for writes. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names Hermes refuses to write (§3.2); delete is still allowed. */
export const ENV_WRITE_DENYLIST: ReadonlySet<string> = new Set([
	"LD_PRELOAD",
	"LD_LIBRARY_PATH",
	"LD_AUDIT",
	"LD_DEBUG",
	"DYLD_INSERT_LIBRARIES",
	"DYLD_LIBRARY_PATH",
	"DYLD_FRAMEWORK_PATH",
	"DYLD_FALLBACK_LIBRARY_PATH",
	"DYLD_FALLBACK_FRAMEWORK_PATH",
	"PYTHONPATH",
	"PYTHONHOME",
	"PYTHONSTARTUP",
	"PYTHONUSERBASE",
	"PYTHONEXECUTABLE",
	"PYTHONNOUSERSITE",
	"NODE_OPTIONS",
	"NODE_PATH",
	"PATH",
	"SHELL",
	"BROWSER",
	"EDITOR",
	"VISUAL",
	"PAGER",
	"GIT_SSH_COMMAND",
	"GIT_EXEC_PATH",
	"GIT_SHELL",
	"HERMES_HOME",
	"HERMES_PROFILE",
	"HERMES_CONFIG",
	"HERMES_ENV",
]);

const BOM = "\uFEFF";

/** One physical line: its text (without terminator) and its terminator (`\n`, `\r\n` or ``). */
interface Line {
	text: string;
	end: string;
}

interface Assignment {
	key: string;
	value: string;
}

function splitLines(content: string): Line[] {
	const lines: Line[] = [];
	const pattern = /([^\n]*?)(\r?\n|$)/g;
	for (const match of content.matchAll(pattern)) {
		if (match[0] === "") {
			break;
		}
		lines.push({ text: match[1]!, end: match[2]! });
	}
	return lines;
}

/** Parses one line as Hermes does; null for blank, comment and `=`-less lines. */
export function parseEnvLine(line: string): Assignment | null {
	let body = line.trim();
	if (body === "" || body.startsWith("#")) {
		return null;
	}
	if (body.startsWith("export ")) {
		body = body.slice(7);
	}
	const eq = body.indexOf("=");
	if (eq < 0) {
		return null;
	}
	const key = body.slice(0, eq).trim();
	let value = body.slice(eq + 1).trim();
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
		value = value.slice(1, -1).replace(/\\(["\\])/g, "$1");
	} else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
		value = value.slice(1, -1);
	}
	return { key, value };
}

/**
 * Parses file content into a map; later duplicates win, and concatenated lines
 * (`A=xB=y`) are read as Hermes repairs them.
 */
export function parseEnv(content: string): Map<string, string> {
	const values = new Map<string, string>();
	for (const line of splitLines(stripBOM(content))) {
		for (const part of repairConcatenated(line.text.trim())) {
			const assignment = parseEnvLine(part);
			if (assignment !== null && assignment.key !== "") {
				values.set(assignment.key, assignment.value);
			}
		}
	}
	return values;
}

function stripBOM(content: string): string {
	return content.startsWith(BOM) ? content.slice(1) : content;
}

/** Hermes's value cleaning: CR/LF removed, non-ASCII characters dropped. */
export function cleanEnvValue(value: string): string {
	return value.replace(/[\r\n]/g, "").replace(/[^\x00-\x7F]/g, "");
}

/** Hermes's quoting rule: quote when `#`, quotes or edge whitespace would be misread. */
export function formatEnvValue(value: string): string {
	if (/[#"']/.test(value) || value !== value.trim()) {
		return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
	}
	return value;
}

/** Reads `.env`; a missing file reads as empty. Undecodable bytes become U+FFFD. */
export function readEnvFile(path: string): string {
	try {
		return new TextDecoder("utf-8", { ignoreBOM: true }).decode(readFileSync(path));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return "";
		}
		throw error;
	}
}

export function readEnvValues(path: string): Map<string, string> {
	return parseEnv(readEnvFile(path));
}

/** Rewrites an assignment line with a new value, keeping indentation, `export` and terminator. */
function rewriteLine(line: Line, key: string, formatted: string): Line {
	const indent = /^\s*/.exec(line.text)![0];
	const exported = line.text.trim().startsWith("export ") ? "export " : "";
	return { text: `${indent}${exported}${key}=${formatted}`, end: line.end };
}

/** Returns new content with `key` set; pure, for tests and the writer. */
export function setEnvInContent(content: string, key: string, value: string): string {
	const hasBOM = content.startsWith(BOM);
	const lines = splitLines(stripBOM(content));
	const formatted = formatEnvValue(value);
	let found = false;
	const out = lines.map((line) => {
		if (parseEnvLine(line.text)?.key === key) {
			found = true;
			return rewriteLine(line, key, formatted);
		}
		return line;
	});
	if (!found) {
		const last = out[out.length - 1];
		if (last !== undefined && last.end === "") {
			last.end = "\n";
		}
		out.push({ text: `${key}=${formatted}`, end: "\n" });
	}
	return (hasBOM ? BOM : "") + out.map((line) => line.text + line.end).join("");
}

/** Returns new content without any assignment of `key`, or null when there was none. */
export function deleteEnvFromContent(content: string, key: string): string | null {
	const hasBOM = content.startsWith(BOM);
	const lines = splitLines(stripBOM(content));
	const kept = lines.filter((line) => parseEnvLine(line.text)?.key !== key);
	if (kept.length === lines.length) {
		return null;
	}
	return (hasBOM ? BOM : "") + kept.map((line) => line.text + line.end).join("");
}

/** `.env` is not valid UTF-8, so it is not rewritten. */
export class EnvEncodingError extends Error {}

/** Other writers kept changing `.env` while we tried to save. */
export class EnvConflictError extends Error {}

const UPDATE_ATTEMPTS = 10;

/** The file's bytes (null when missing) and their strict UTF-8 text. */
function readEnvForUpdate(path: string): { bytes: Uint8Array | null; content: string } {
	let bytes: Uint8Array;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return { bytes: null, content: "" };
		}
		throw error;
	}
	try {
		return { bytes, content: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
	} catch {
		throw new EnvEncodingError(".env is not valid UTF-8; fix it in an editor before saving here");
	}
}

/**
 * Applies `change` to the file's content and writes the result if the file still holds
 * what was read; otherwise reads again and re-applies. Returns false when `change`
 * answers null (nothing to do). Read, change and write are synchronous, so requests in
 * this process never interleave; the compare-and-swap covers other processes.
 */
function updateEnvFile(path: string, change: (content: string) => string | null): boolean {
	for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
		const { bytes, content } = readEnvForUpdate(path);
		const next = change(content);
		if (next === null) {
			return false;
		}
		try {
			writeFileAtomic(path, next, { mode: 0o600, expect: bytes });
			return true;
		} catch (error) {
			if (!(error instanceof FileChangedError)) {
				throw error;
			}
		}
	}
	throw new EnvConflictError(".env kept changing while saving; try again");
}

/** Sets `key` in the file. */
export function setEnvValue(path: string, key: string, value: string): void {
	updateEnvFile(path, (content) => setEnvInContent(content, key, value));
}

/** Removes every assignment of `key`; false when the key was not in the file. */
export function deleteEnvValue(path: string, key: string): boolean {
	return updateEnvFile(path, (content) => deleteEnvFromContent(content, key));
}
