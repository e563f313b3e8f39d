/**
 * @module
 * `cron/jobs.json` read and written as Hermes's `cron/jobs.py` does (hermes-home §6.1):
 * `{"jobs": [...], "updated_at": "<ISO with offset>"}`, `json.dump(indent=2)` with
 * non-ASCII escaped and no trailing newline, atomic replace, every read-modify-write
 * under the scheduler's `flock` on `cron/.jobs.lock`, the file re-read under that lock
 * right before the change so a job Hermes wrote meanwhile is kept.
 */
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { homePaths } from "../home/paths.ts";
import { type LockOptions, withFileLock } from "../home/flock.ts";

/** A stored job: Hermes's fields in Hermes's order, unknown fields kept as they are. */
export type Job = Record<string, unknown>;

/** jobs.json cannot be read (Hermes raises the same and lists nothing). */
export class CronStoreError extends Error {}

export interface CronPaths {
	dir: string;
	jobs: string;
	lock: string;
	output: string;
}

export function cronPaths(home: string): CronPaths {
	const dir = homePaths(home).cron;
	return { dir, jobs: join(dir, "jobs.json"), lock: join(dir, ".jobs.lock"), output: join(dir, "output") };
}

/** `ensure_dirs()`: `cron/` and `cron/output/`, owner-only. */
function ensureDirs(paths: CronPaths): void {
	for (const dir of [paths.dir, paths.output]) {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		try {
			chmodSync(dir, 0o700);
		} catch {
			// Not ours to change (read-only mount): Hermes ignores this too.
		}
	}
}

/** Escapes raw control characters inside strings: Python's `json.loads(strict=False)` accepts them. */
function escapeControlCharacters(text: string): string {
	let out = "";
	let inString = false;
	let escaped = false;
	for (const char of text) {
		const code = char.charCodeAt(0);
		if (inString && !escaped && code < 0x20) {
			out += `\\u${code.toString(16).padStart(4, "0")}`;
			continue;
		}
		if (escaped) {
			escaped = false;
		} else if (char === "\\" && inString) {
			escaped = true;
		} else if (char === '"') {
			inString = !inString;
		}
		out += char;
	}
	return out;
}

function pythonTypeName(value: unknown): string {
	if (value === null) return "NoneType";
	if (typeof value === "string") return "str";
	if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
	if (typeof value === "boolean") return "bool";
	return typeof value;
}

/** `load_jobs()`: the stored jobs (a bare list is accepted; control characters tolerated). */
export function loadJobs(home: string): Job[] {
	const path = cronPaths(home).jobs;
	let text: string;
	try {
		text = readFileSync(path, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") {
			return [];
		}
		throw new CronStoreError(`Failed to read cron database: ${(error as Error).message}`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		try {
			data = JSON.parse(escapeControlCharacters(text));
		} catch (error) {
			throw new CronStoreError(`Cron database corrupted and unrepairable: ${(error as Error).message}`);
		}
	}
	const jobs = Array.isArray(data)
		? data
		: data !== null && typeof data === "object" && !Array.isArray(data)
			? ((data as { jobs?: unknown }).jobs ?? [])
			: null;
	if (!Array.isArray(jobs)) {
		throw new CronStoreError(`Cron database corrupted: expected {'jobs': [...]}, got ${pythonTypeName(data)}`);
	}
	return jobs.filter((job): job is Job => job !== null && typeof job === "object" && !Array.isArray(job));
}

/** `json.dump(..., indent=2)` with `ensure_ascii`: JSON.stringify's layout is the same, then non-ASCII escaped. */
export function serializeJobs(jobs: Job[], updatedAt: string): string {
	return JSON.stringify({ jobs, updated_at: updatedAt }, null, 2).replace(
		/[\u007f-\uffff]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
	);
}

/** Writes the jobs atomically; a new file is owner-only like Hermes's, an existing one keeps its mode. */
export function saveJobs(home: string, jobs: Job[], updatedAt: string): void {
	const paths = cronPaths(home);
	ensureDirs(paths);
	writeFileAtomic(paths.jobs, serializeJobs(jobs, updatedAt), { mode: 0o600 });
}

export interface JobsChange<T> {
	result: T;
	/** False when nothing changed (the file is left alone). */
	save: boolean;
}

/**
 * One locked read-modify-write: take the scheduler's lock, re-read the file, let
 * `change` edit the list, write it back. `updatedAt` is asked for only when saving.
 */
export async function changeJobs<T>(
	home: string,
	updatedAt: () => string,
	change: (jobs: Job[]) => JobsChange<T>,
	lockOptions: LockOptions = {},
): Promise<T> {
	const paths = cronPaths(home);
	return withFileLock(
		paths.lock,
		() => {
			const jobs = loadJobs(home);
			const outcome = change(jobs);
			if (outcome.save) {
				saveJobs(home, jobs, updatedAt());
			}
			return outcome.result;
		},
		{ what: "the cron jobs file", ...lockOptions },
	);
}
