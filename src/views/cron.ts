/**
 * @module
 * The Cron page: a profile selector, job cards (schedule and its description, state,
 * delivery, last and next run), the create/edit dialog with live schedule checking,
 * the delete confirmation and the run-history drawer. `static/js/cron.js` drives the
 * buttons through the JSON API and reloads the card list fragment after each change.
 */
import { html, raw } from "hono/html";
import type { Job } from "../hermes/cron/jobs.ts";
import type { RunOutput } from "../hermes/cron/runs.ts";
import { describeCron } from "../hermes/cron/schedule.ts";
import { storedTimeMs } from "../hermes/cron/time.ts";
import type { DeliveryTarget } from "../hermes/cron/delivery.ts";
import { type Language, type MessageKey, t } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { moreMenu } from "./row_actions.ts";
import { formatDateTime, formatInteger, formatRelative, timeElement } from "./format.ts";

/** A job as listed: the stored fields plus the profile it belongs to. */
export type ListedJob = Job & { profile: string };

/** The human description under the schedule ("At 09:00, Monday through Friday"). */
export function scheduleDescription(schedule: unknown, lang: Language): string | null {
	if (schedule === null || typeof schedule !== "object") {
		return null;
	}
	const record = schedule as Record<string, unknown>;
	if (record.kind === "cron" && typeof record.expr === "string") {
		return describeCron(record.expr, lang);
	}
	if (record.kind === "interval" && typeof record.minutes === "number") {
		return t(lang, "cron.every_minutes").replace("{n}", String(record.minutes));
	}
	if (record.kind === "once" && typeof record.run_at === "string") {
		// Hermes stores run_at with its offset, so the zone passed here is never used.
		const ms = storedTimeMs(record.run_at, "UTC");
		return t(lang, "cron.once_at").replace("{time}", ms === null ? record.run_at : formatDateTime(lang, ms));
	}
	return null;
}

/** The text that re-creates a stored schedule in the edit form. */
export function scheduleInput(job: Job): string {
	const schedule = (job.schedule ?? {}) as Record<string, unknown>;
	if (schedule.kind === "cron") return String(schedule.expr ?? "");
	if (schedule.kind === "interval") return `every ${String(schedule.minutes ?? "")}m`;
	if (schedule.kind === "once") return String(schedule.run_at ?? "");
	return String(job.schedule_display ?? "");
}

function stateBadge(job: Job, lang: Language): Markup {
	const state = String(job.state);
	const [kind, key]: [string, MessageKey] =
		state === "paused" || job.enabled === false
			? ["off", state === "completed" ? "cron.completed" : "cron.paused"]
			: state === "error" || job.last_status === "error"
				? ["danger", "cron.error"]
				: ["ok", "cron.enabled"];
	return html`<span class="badge ${kind}" data-testid="cron-state">${t(lang, key)}</span>`;
}

function timeCell(value: unknown, zone: string, nowMs: number, lang: Language, testid: string): Markup {
	const ms = storedTimeMs(value, zone);
	if (ms === null) {
		return html`<span class="muted" data-testid="${testid}">${t(lang, testid === "cron-next" ? "cron.none" : "cron.never")}</span>`;
	}
	return html`${timeElement(lang, ms, "datetime", testid)} <span class="muted">(${formatRelative(lang, ms, nowMs)})</span>`;
}

function preview(text: string): string {
	const chars = Array.from(text.replace(/\s+/g, " ").trim());
	return chars.length > 160 ? `${chars.slice(0, 160).join("")}…` : chars.join("");
}

function jobCard(job: ListedJob, zone: string, nowMs: number, lang: Language): Markup {
	const paused = job.state === "paused" || job.enabled === false;
	const description = scheduleDescription(job.schedule, lang);
	const editData = JSON.stringify({
		name: job.name,
		prompt: job.prompt,
		schedule: scheduleInput(job),
		deliver: job.deliver,
		skills: Array.isArray(job.skills) ? job.skills.join(", ") : "",
	});
	const lastStatus = job.last_status === "ok" ? "cron.ok" : job.last_status === "error" ? "cron.failed" : null;
	return html`<article class="card cron-card" data-testid="cron-job" data-job-id="${String(job.id)}" data-profile="${job.profile}" data-job="${editData}">
<header class="cron-card-head"><h2>${String(job.name)}</h2>${stateBadge(job, lang)}<span class="muted cron-profile">${job.profile}</span></header>
<p class="cron-prompt" data-testid="cron-prompt">${preview(String(job.prompt ?? ""))}</p>
<dl class="cron-facts">
<dt>${t(lang, "cron.schedule")}</dt><dd><code data-testid="cron-schedule">${String(job.schedule_display)}</code>${description === null ? "" : html` <span class="muted" data-testid="cron-description">${description}</span>`}</dd>
<dt>${t(lang, "cron.deliver")}</dt><dd data-testid="cron-deliver">${String(job.deliver ?? "local")}</dd>
<dt>${t(lang, "cron.last_run")}</dt><dd>${timeCell(job.last_run_at, zone, nowMs, lang, "cron-last")}${lastStatus === null ? "" : html` <span class="badge ${job.last_status === "ok" ? "ok" : "danger"}" data-testid="cron-last-status">${t(lang, lastStatus)}</span>`}${job.last_error ? html`<div class="cron-error">${String(job.last_error)}</div>` : ""}</dd>
<dt>${t(lang, "cron.next_run")}</dt><dd>${paused ? html`<span class="muted" data-testid="cron-next">${t(lang, "cron.none")}</span>` : timeCell(job.next_run_at, zone, nowMs, lang, "cron-next")}</dd>
</dl>
<div class="cron-actions">
<button type="button" class="button" data-action="edit">${t(lang, "cron.edit")}</button>
${paused ? html`<button type="button" class="button" data-action="resume">${t(lang, "cron.resume")}</button>` : html`<button type="button" class="button" data-action="pause">${t(lang, "cron.pause")}</button>`}
<button type="button" class="button" data-action="trigger">${t(lang, "cron.trigger")}</button>
${moreMenu(
	lang,
	html`<button type="button" class="button" data-action="runs">${t(lang, "cron.runs")}</button>
<button type="button" class="button danger" data-action="delete">${t(lang, "cron.delete")}</button>`,
)}
</div>
</article>`;
}

/** The card list (the fragment the page reloads after each change). */
export function jobList(jobs: ListedJob[], zones: Map<string, string>, nowMs: number, lang: Language): Markup {
	if (jobs.length === 0) {
		return html`<p class="muted" data-testid="cron-empty">${t(lang, "cron.empty")}</p>`;
	}
	return html`${jobs.map((job) => jobCard(job, zones.get(job.profile) ?? "UTC", nowMs, lang))}`;
}

export interface CronPageData {
	profiles: string[];
	/** The selected profile, or "all". */
	profile: string;
	jobs: ListedJob[];
	zones: Map<string, string>;
	targets: DeliveryTarget[];
	nowMs: number;
}

function jobDialog(data: CronPageData, lang: Language): Markup {
	return html`<dialog id="cron-dialog" class="cron-dialog" data-testid="cron-dialog" data-create-title="${t(lang, "cron.create_title")}" data-edit-title="${t(lang, "cron.edit_title")}">
<form id="cron-form" method="dialog">
<h2 id="cron-dialog-title">${t(lang, "cron.create_title")}</h2>
<label>${t(lang, "cron.name")} <input name="name" autocomplete="off"></label>
<label>${t(lang, "cron.prompt")} <textarea name="prompt" rows="4"></textarea></label>
<label>${t(lang, "cron.schedule")} <input name="schedule" required autocomplete="off" placeholder="${t(lang, "cron.schedule_help")}" aria-describedby="cron-schedule-check"></label>
<p id="cron-schedule-check" class="cron-schedule-check muted" data-testid="cron-schedule-check" aria-live="polite"></p>
<label>${t(lang, "cron.deliver")} <input name="deliver" list="cron-targets" value="local" autocomplete="off"></label>
<datalist id="cron-targets">${data.targets.map((target) => html`<option value="${target.id}">${target.name}</option>`)}<option value="origin"></option></datalist>
<label>${t(lang, "cron.skills")} <input name="skills" autocomplete="off"></label>
<p id="cron-form-error" class="cron-form-error" role="alert" data-testid="cron-form-error"></p>
<div class="cron-dialog-actions">
<button type="button" class="button" data-action="cancel">${t(lang, "cron.cancel")}</button>
<button type="submit" class="button primary" data-testid="cron-save">${t(lang, "cron.save")}</button>
</div>
</form>
</dialog>`;
}

export function cronPage(data: CronPageData, lang: Language): Markup {
	return html`<h1>${t(lang, "cron.title")}</h1>
<div class="cron-toolbar">
<label>${t(lang, "cron.profile")} <select id="cron-profile" data-testid="cron-profile">
<option value="all"${data.profile === "all" ? raw(" selected") : ""}>${t(lang, "cron.all_profiles")}</option>
${data.profiles.map((name) => html`<option value="${name}"${name === data.profile ? raw(" selected") : ""}>${name}</option>`)}
</select></label>
<button type="button" class="button primary" id="cron-new" data-testid="cron-new">${t(lang, "cron.new")}</button>
<p id="cron-message" class="cron-message" role="status" data-testid="cron-message"></p>
</div>
<section id="cron-jobs" class="cron-jobs" data-testid="cron-jobs" aria-live="polite">${jobList(data.jobs, data.zones, data.nowMs, lang)}</section>
${jobDialog(data, lang)}
<dialog id="cron-confirm" class="cron-dialog" data-testid="cron-confirm"><form method="dialog">
<p>${t(lang, "cron.confirm_delete")}</p>
<div class="cron-dialog-actions"><button class="button" value="cancel">${t(lang, "cron.cancel")}</button><button class="button danger" value="delete" data-testid="cron-confirm-delete">${t(lang, "cron.delete")}</button></div>
</form></dialog>
<aside id="cron-runs" class="cron-runs" data-testid="cron-runs" hidden aria-label="${t(lang, "cron.runs_title")}"></aside>`;
}

/** A run's time, written by Hermes as wall-clock time in its zone ("2026-11-23 20:00:00"). */
function runTime(text: string, zone: string, lang: Language): Markup {
	const ms = storedTimeMs(text.replace(" ", "T"), zone);
	return ms === null ? html`${text}` : timeElement(lang, ms);
}

/** The run-history drawer: each saved output rendered from Markdown (already sanitised). */
export function runsDrawer(
	job: Job,
	outputs: (RunOutput & { html: string })[],
	sessions: number,
	lang: Language,
	zone: string,
): Markup {
	return html`<header class="cron-runs-head"><h2>${t(lang, "cron.runs_title")}: ${String(job.name)}</h2><button type="button" class="button" data-action="close-runs">${t(lang, "cron.close")}</button></header>
<p class="muted">${t(lang, "cron.sessions")}: ${formatInteger(lang, sessions)}</p>
${
	outputs.length === 0
		? html`<p class="muted" data-testid="cron-no-runs">${t(lang, "cron.no_runs")}</p>`
		: outputs.map(
				(output) =>
					html`<details class="cron-run" data-testid="cron-run"${outputs[0] === output ? raw(" open") : ""}><summary><span class="badge ${output.failed ? "danger" : "ok"}">${t(lang, output.failed ? "cron.failed" : "cron.ok")}</span> ${runTime(output.run_time, zone, lang)}</summary><div class="md">${raw(output.html)}</div></details>`,
			)
}`;
}
