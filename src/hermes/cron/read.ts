/**
 * @module
 * Reading jobs as Hermes's readers do (cron/jobs.py `_normalize_job_record`, `get_job`,
 * `resolve_job_ref`): hand-edited or legacy records get a name, a schedule display and a
 * state, and a job is found by id or, where Hermes allows it, by name.
 */
import { CronRuleError, skillList } from "./rules.ts";
import { type Job, loadJobs } from "./store.ts";

/** Python's `str[:50].strip()` on code points. */
export function labelOf(text: string): string {
	return Array.from(text).slice(0, 50).join("").trim();
}

/** `_normalize_job_record`: the read-safe shape every reader gets (storage is untouched). */
export function normalizeJob(job: Job): Job {
	const normalized: Job = { ...job };
	const skills = skillList(normalized.skill, normalized.skills);
	normalized.skills = skills;
	normalized.skill = skills[0] ?? null;
	const id = normalized.id === null || normalized.id === undefined ? "unknown" : String(normalized.id);
	const prompt = normalized.prompt === null || normalized.prompt === undefined ? "" : String(normalized.prompt);
	normalized.id = id;
	normalized.prompt = prompt;
	let name = String(normalized.name ?? "").trim();
	if (name === "") {
		const script = String(normalized.script ?? "").trim();
		name = labelOf(prompt || skills[0] || script || id || "cron job") || "cron job";
	}
	normalized.name = name;
	normalized.schedule_display = scheduleDisplay(normalized);
	let state = String(normalized.state ?? "").trim();
	if (state === "") {
		state = (normalized.enabled ?? true) ? "scheduled" : "paused";
	}
	normalized.state = state;
	return normalized;
}

function scheduleDisplay(job: Job): string {
	const display = String(job.schedule_display ?? "").trim();
	if (display !== "") {
		return display;
	}
	const schedule = job.schedule;
	if (schedule !== null && typeof schedule === "object") {
		for (const key of ["display", "value", "expr", "run_at"]) {
			const text = String((schedule as Record<string, unknown>)[key] ?? "").trim();
			if (text !== "") {
				return text;
			}
		}
	} else if (schedule !== null && schedule !== undefined) {
		return String(schedule);
	}
	return "?";
}

/** Every job of a home, normalised for readers. */
export function listJobs(home: string): Job[] {
	return loadJobs(home).map(normalizeJob);
}

/** `get_job`: by exact id only. */
export function getJob(home: string, id: string): Job | null {
	const found = loadJobs(home).find((job) => job.id === id);
	return found === undefined ? null : normalizeJob(found);
}

/** `resolve_job_ref`: exact id, else a case-insensitive name that must be unambiguous. */
export function resolveRef(jobs: Job[], ref: string): Job | null {
	if (ref === "") {
		return null;
	}
	const byId = jobs.find((job) => job.id === ref);
	if (byId !== undefined) {
		return byId;
	}
	const lower = ref.toLowerCase();
	const matches = jobs.filter((job) => String(job.name ?? "").toLowerCase() === lower);
	if (matches.length > 1) {
		throw new CronRuleError(
			`Job name '${ref}' is ambiguous — matches ${matches.length} jobs: ${matches.map((job) => job.id).join(", ")}. Use the job ID instead.`,
		);
	}
	return matches[0] ?? null;
}

/** Whether a job with this id or exact name exists (how Hermes finds a job's profile). */
export function hasJobRef(home: string, ref: string): boolean {
	return loadJobs(home).some((job) => job.id === ref || job.name === ref);
}
