/**
 * @module
 * A job's run history (hermes-home §6.1): the run sessions in state.db (ids
 * `cron_<job>_<YYYYmmdd_HHMMSS>`, found by an id-range scan as Hermes does) and the
 * Markdown output files the scheduler saves under `cron/output/<job>/`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sessionsByIds } from "../sessions/query.ts";
import { rows } from "../sessions/rows.ts";
import { type Row, withReader } from "../sessions/state_db.ts";
import { jobOutputDir } from "./jobs.ts";

/** One saved run output. */
export interface RunOutput {
	/** The file name, `<YYYY-MM-DD_HH-MM-SS>.md` (the run time in Hermes's zone). */
	file: string;
	/** `YYYY-MM-DD HH:MM:SS` from the file name. */
	run_time: string;
	/** The scheduler titles a failed run `# Cron Job: <name> (FAILED)`. */
	failed: boolean;
	content: string;
}

const OUTPUT_FILE = /^(\d{4}-\d{2}-\d{2})_(\d{2})-(\d{2})-(\d{2})\.md$/;
/** Longest output kept per run in the answer (a runaway job can write megabytes). */
const MAX_OUTPUT_CHARS = 200_000;

/** Newest first, at most `limit`. */
export function runOutputs(home: string, jobId: string, limit: number): RunOutput[] {
	const dir = jobOutputDir(home, jobId);
	let names: string[];
	try {
		names = readdirSync(dir).filter((name) => OUTPUT_FILE.test(name));
	} catch {
		return [];
	}
	return names
		.sort()
		.reverse()
		.slice(0, limit)
		.map((file) => {
			const [, day, h, m, s] = OUTPUT_FILE.exec(file)!;
			let content = "";
			try {
				content = readFileSync(join(dir, file), "utf8").slice(0, MAX_OUTPUT_CHARS);
			} catch {
				// Removed by retention while we listed: show it empty.
			}
			const title = content.split("\n", 1)[0] ?? "";
			return { file, run_time: `${day} ${h}:${m}:${s}`, failed: title.endsWith("(FAILED)"), content };
		});
}

/** `SessionDB.list_cron_job_runs`: run sessions of a job, newest first, in `/api/sessions`'s row shape. */
export function runSessions(stateDB: string, jobId: string, limit: number, nowSeconds: number): Row[] {
	const low = `cron_${jobId}_`;
	const high = `cron_${jobId}\``;
	const ids = withReader(stateDB, [] as string[], (db) =>
		rows(
			db,
			"SELECT id FROM sessions WHERE source = 'cron' AND id >= ? AND id < ? ORDER BY started_at DESC, id DESC LIMIT ?",
			low,
			high,
			limit,
		).map((row) => String(row.id)),
	);
	const found = sessionsByIds(stateDB, ids, nowSeconds);
	return ids.flatMap((id) => {
		const row = found.get(id);
		return row === undefined ? [] : [{ ...row, archived: Boolean(row.archived) }];
	});
}
