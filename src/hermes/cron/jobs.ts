/**
 * @module
 * Job operations with Hermes's rules (cron/jobs.py `create_job`, `update_job`,
 * `pause_job`, `resume_job`, `trigger_job`, `remove_job`; hermes-home §6.2–6.4). Each
 * change is one locked read-modify-write of jobs.json; "now" is the caller's clock.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readConfigLenient } from "../config/yaml.ts";
import { homePaths } from "../home/paths.ts";
import type { LockOptions } from "../home/flock.ts";
import {
	checkGatewayLifecycle,
	checkRunnable,
	CronRuleError,
	normalizeScript,
	normalizeWorkdir,
	optionalText,
	skillList,
	stringList,
} from "./rules.ts";
import { computeNextRun, ONESHOT_GRACE_SECONDS, parseSchedule, type Schedule, ScheduleError } from "./schedule.ts";
import { changeJobs, cronPaths, type Job } from "./store.ts";
import { labelOf, normalizeJob, resolveRef } from "./read.ts";
import { isoInZone } from "./time.ts";

export { CronRuleError, ScheduleError, type Job };

/** Where and when an operation runs: the profile's home, the clock's now and Hermes's zone. */
export interface CronScope {
	home: string;
	/** The profile name, for messages (`context_from job … not found in profile …`). */
	profile: string;
	nowMs: number;
	zone: string;
	lock?: LockOptions;
}

const nowIso = (scope: CronScope): string => isoInZone(scope.nowMs, scope.zone);

/**
 * Provider/model captured at creation for unpinned agent jobs (Hermes's drift guard):
 * the config's `model.provider` and `model.default` (or a bare `model` string).
 */
function snapshots(
	home: string,
	provider: string | null,
	model: string | null,
	noAgent: boolean,
): [string | null, string | null] {
	if (noAgent) {
		return [null, null];
	}
	const config = readConfigLenient(homePaths(home).config);
	const modelConfig = config.model;
	let defaultModel: string | null = null;
	let defaultProvider: string | null = null;
	if (typeof modelConfig === "string") {
		defaultModel = modelConfig.trim() || null;
	} else if (modelConfig !== null && typeof modelConfig === "object") {
		const record = modelConfig as Record<string, unknown>;
		const value = record.default || record.model;
		defaultModel = typeof value === "string" ? value.trim() || null : null;
		defaultProvider = typeof record.provider === "string" ? record.provider.trim().toLowerCase() || null : null;
	}
	return [provider === null ? defaultProvider : null, model === null ? defaultModel : null];
}

/** The dashboard's create body (api-contract A.6). */
export interface CreateJobInput {
	prompt?: string;
	schedule: string;
	name?: string;
	deliver?: string | null;
	skills?: unknown;
	model?: string | null;
	provider?: string | null;
	base_url?: string | null;
	script?: string | null;
	context_from?: unknown;
	enabled_toolsets?: unknown;
	workdir?: string | null;
	no_agent?: boolean;
	origin?: Record<string, unknown> | null;
}

function oneShotTooOld(schedule: Schedule, raw: string): CronRuleError {
	const runAt = schedule.kind === "once" ? schedule.run_at : raw;
	return new CronRuleError(
		`Requested one-shot time ${runAt} is more than ${ONESHOT_GRACE_SECONDS}s in the past and cannot be scheduled.`,
	);
}

/** Checks that each `context_from` id is a job of the same profile. */
function checkContextFrom(jobs: Job[], refs: string[] | null, profile: string): void {
	for (const ref of refs ?? []) {
		if (!jobs.some((job) => job.id === ref)) {
			throw new CronRuleError(`context_from job '${ref}' not found in profile '${profile}'`);
		}
	}
}

/** `create_job` behind the dashboard's checks: the new job, exactly as Hermes writes it. */
export async function createJob(scope: CronScope, input: CreateJobInput): Promise<Job> {
	const script = normalizeScript(input.script, scope.home);
	const skills = skillList(null, stringList(input.skills));
	const contextFrom = stringList(input.context_from);
	const noAgent = Boolean(input.no_agent);
	const prompt = input.prompt ?? "";
	checkRunnable({ prompt, skills, script, no_agent: noAgent });
	const schedule = parseSchedule(input.schedule, scope.nowMs, scope.zone);
	const repeat = schedule.kind === "once" ? 1 : null;
	const model = optionalText(input.model);
	const provider = optionalText(input.provider);
	const baseURL = optionalText(input.base_url, true);
	const toolsets = stringList(input.enabled_toolsets);
	const workdir = normalizeWorkdir(optionalText(input.workdir));
	checkGatewayLifecycle(prompt, script, scope.home);
	const label = prompt || skills[0] || (noAgent ? script : null) || "cron job";
	const [providerSnapshot, modelSnapshot] = snapshots(scope.home, provider, model, noAgent);
	const nextRun = computeNextRun(schedule, scope.nowMs, scope.zone);
	if (schedule.kind === "once" && nextRun === null) {
		throw oneShotTooOld(schedule, input.schedule);
	}
	const origin = input.origin ?? null;
	const job: Job = {
		id: randomUUID().replace(/-/g, "").slice(0, 12),
		name: input.name || labelOf(label),
		prompt,
		skills,
		skill: skills[0] ?? null,
		model,
		provider,
		provider_snapshot: providerSnapshot,
		model_snapshot: modelSnapshot,
		base_url: baseURL,
		script,
		no_agent: noAgent,
		context_from: contextFrom,
		schedule,
		schedule_display: schedule.display,
		repeat: { times: repeat, completed: 0 },
		enabled: true,
		state: "scheduled",
		paused_at: null,
		paused_reason: null,
		created_at: nowIso(scope),
		next_run_at: nextRun,
		last_run_at: null,
		last_status: null,
		last_error: null,
		last_delivery_error: null,
		deliver: optionalText(input.deliver) ?? (origin ? "origin" : "local"),
		origin,
		enabled_toolsets: toolsets,
		workdir,
	};
	await changeJobs(
		scope.home,
		() => nowIso(scope),
		(jobs) => {
			// Checked against the file as re-read under the lock.
			checkContextFrom(jobs, contextFrom, scope.profile);
			jobs.push(job);
			return { result: job, save: true };
		},
		scope.lock,
	);
	return job;
}

/** `_normalize_dashboard_cron_updates`: form values in their stored shape. */
function normalizeUpdates(updates: Record<string, unknown>, home: string): Record<string, unknown> {
	const out = { ...updates };
	for (const key of ["model", "provider", "workdir"]) {
		if (key in out) out[key] = optionalText(out[key]);
	}
	if ("script" in out) out.script = normalizeScript(out.script, home);
	if ("base_url" in out) out.base_url = optionalText(out.base_url, true);
	if ("deliver" in out) out.deliver = optionalText(out.deliver) ?? "local";
	if ("context_from" in out) out.context_from = stringList(out.context_from);
	if ("enabled_toolsets" in out) out.enabled_toolsets = stringList(out.enabled_toolsets);
	if ("workdir" in out) out.workdir = normalizeWorkdir(out.workdir);
	return out;
}

const INFERENCE_FIELDS = ["provider", "model", "base_url", "no_agent"];

function inferenceAxes(job: Job): string {
	return JSON.stringify([
		optionalText(job.provider),
		optionalText(job.model),
		optionalText(job.base_url, true),
		Boolean(job.no_agent),
	]);
}

/** `update_job`'s merge of one job, in place in `jobs` (throws Hermes's errors). */
function applyUpdates(scope: CronScope, jobs: Job[], index: number, updates: Record<string, unknown>): Job {
	const job = jobs[index]!;
	const updated: Job = { ...job, ...updates };
	const skills = skillList(updated.skill, updated.skills);
	updated.skills = skills;
	updated.skill = skills[0] ?? null;
	if ("schedule" in updates) {
		let schedule = updated.schedule;
		if (typeof schedule === "string") {
			schedule = parseSchedule(schedule, scope.nowMs, scope.zone);
			updated.schedule = schedule;
		} else if (schedule === null || typeof schedule !== "object" || Array.isArray(schedule)) {
			throw new CronRuleError("schedule must be a schedule string or object");
		}
		const record = schedule as Record<string, unknown>;
		updated.schedule_display = updates.schedule_display ?? record.display ?? updated.schedule_display;
		if (updated.state !== "paused") {
			const next = computeNextRun(schedule, scope.nowMs, scope.zone);
			if (next === null && record.kind === "once") {
				throw oneShotTooOld(schedule as Schedule, String(record.run_at ?? ""));
			}
			updated.next_run_at = next;
		}
	}
	if (INFERENCE_FIELDS.some((key) => key in updates) && inferenceAxes(updated) !== inferenceAxes(job)) {
		const [provider, model] = snapshots(
			scope.home,
			optionalText(updated.provider),
			optionalText(updated.model),
			Boolean(updated.no_agent),
		);
		updated.provider_snapshot = provider;
		updated.model_snapshot = model;
	}
	if ((updated.enabled ?? true) && updated.state !== "paused" && !updated.next_run_at) {
		const next = computeNextRun(updated.schedule, scope.nowMs, scope.zone);
		const schedule = (updated.schedule ?? {}) as Record<string, unknown>;
		if (next === null && schedule.kind === "once") {
			throw new CronRuleError(
				`Requested one-shot time ${String(schedule.run_at ?? "unknown")} is in the past (grace window: ${ONESHOT_GRACE_SECONDS}s) and cannot be scheduled.`,
			);
		}
		updated.next_run_at = next;
	}
	jobs[index] = updated;
	return normalizeJob(updated);
}

/** `PUT /api/cron/jobs/{id}`: the dashboard's normalisation, checks, then `update_job`. Null when no such id. */
export async function updateJob(
	scope: CronScope,
	id: string,
	rawUpdates: Record<string, unknown>,
): Promise<Job | null> {
	const updates = normalizeUpdates(rawUpdates, scope.home);
	if ("id" in updates) {
		throw new CronRuleError("Cron job field(s) cannot be updated: id");
	}
	return changeJobs(
		scope.home,
		() => nowIso(scope),
		(jobs) => {
			const index = jobs.findIndex((job) => job.id === id);
			if (index < 0) {
				return { result: null, save: false };
			}
			if ("context_from" in updates) {
				checkContextFrom(jobs, updates.context_from as string[] | null, scope.profile);
			}
			if (["prompt", "skill", "skills", "script", "no_agent"].some((key) => key in updates)) {
				const effective: Job = { ...normalizeJob(jobs[index]!), ...updates };
				if ("skills" in updates && !("skill" in updates)) {
					effective.skill = null;
				}
				checkRunnable(effective);
			}
			if ("prompt" in updates || "script" in updates) {
				const merged = { ...jobs[index]!, ...updates };
				checkGatewayLifecycle(String(merged.prompt ?? ""), optionalText(merged.script), scope.home);
			}
			return { result: applyUpdates(scope, jobs, index, updates), save: true };
		},
		scope.lock,
	);
}

type StateChange = (job: Job, scope: CronScope) => Record<string, unknown>;

const PAUSE: StateChange = (_job, scope) => ({
	enabled: false,
	state: "paused",
	paused_at: nowIso(scope),
	paused_reason: null,
});

const RESUME: StateChange = (job, scope) => {
	const next = computeNextRun(job.schedule, scope.nowMs, scope.zone);
	const schedule = (job.schedule ?? {}) as Record<string, unknown>;
	if (next === null && schedule.kind === "once") {
		throw new CronRuleError(
			`Cannot resume: one-shot time ${String(schedule.run_at ?? "unknown")} is in the past (grace window: ${ONESHOT_GRACE_SECONDS}s) and will never fire.`,
		);
	}
	return { enabled: true, state: "scheduled", paused_at: null, paused_reason: null, next_run_at: next };
};

// "Run now": the scheduler fires a job whose next run is due on its next tick (≤ 60 s).
const TRIGGER: StateChange = (_job, scope) => ({
	enabled: true,
	state: "scheduled",
	paused_at: null,
	paused_reason: null,
	next_run_at: nowIso(scope),
});

/** Changes the job `ref` names (id or name) under the jobs lock; null, nothing saved, when there is none. */
function changeJobByRef<T>(scope: CronScope, ref: string, change: (jobs: Job[], job: Job) => T): Promise<T | null> {
	return changeJobs<T | null>(
		scope.home,
		() => nowIso(scope),
		(jobs) => {
			const job = resolveRef(jobs, ref);
			return job === null ? { result: null, save: false } : { result: change(jobs, job), save: true };
		},
		scope.lock,
	);
}

function changeState(scope: CronScope, ref: string, change: StateChange): Promise<Job | null> {
	return changeJobByRef(scope, ref, (jobs, job) =>
		applyUpdates(scope, jobs, jobs.indexOf(job), change(normalizeJob(job), scope)),
	);
}

/** `pause_job` (by id or name). */
export const pauseJob = (scope: CronScope, ref: string): Promise<Job | null> => changeState(scope, ref, PAUSE);
/** `resume_job`: next run recomputed from now. */
export const resumeJob = (scope: CronScope, ref: string): Promise<Job | null> => changeState(scope, ref, RESUME);
/** `trigger_job`: due now. */
export const triggerJob = (scope: CronScope, ref: string): Promise<Job | null> => changeState(scope, ref, TRIGGER);

/** A job id usable as a folder name under `cron/output/` (Hermes refuses the rest). */
export function jobOutputDir(home: string, id: string): string {
	const text = id.trim();
	if (text === "" || text === "." || text === ".." || text.includes("/") || text.includes("\\")) {
		throw new CronRuleError(`Invalid cron job id for output path: '${id}'`);
	}
	return join(cronPaths(home).output, text);
}

/** `remove_job`: drops the job and its `cron/output/<id>/`. False when there is no such job. */
export async function removeJob(scope: CronScope, ref: string): Promise<boolean> {
	const removedId = await changeJobByRef(scope, ref, (jobs, job) => {
		const id = String(job.id);
		jobOutputDir(scope.home, id);
		jobs.splice(jobs.indexOf(job), 1);
		return id;
	});
	if (removedId === null) {
		return false;
	}
	rmSync(jobOutputDir(scope.home, removedId), { recursive: true, force: true });
	return true;
}
