/**
 * @module
 * Cron schedules as Hermes's `parse_schedule` / `compute_next_run` handle them
 * (hermes-home §6.3–6.4): `every 30m` intervals, cron expressions, ISO timestamps and
 * `30m`-style one-shots. Cron expressions are validated and stepped with croner, and
 * described with cronstrue ("At 09:00, Monday through Friday").
 *
 * croniter (Hermes's library) reads a 6th field as *seconds at the end* and a 7th as the
 * year; croner wants seconds first, so the fields are reordered before croner sees them.
 * Day-of-month and day-of-week combine with OR, as croniter and Vixie cron do.
 */
import { Cron } from "croner";
import cronstrueI18n from "cronstrue/i18n.js";
import { pythonStringRepr } from "../home/profiles.ts";
import { awareIsoText, isoInZone, parseIsoTimestamp, storedTimeMs, wallMinuteText } from "./time.ts";

/** cronstrue's i18n build (its typings describe the default export loosely). */
const cronstrue = cronstrueI18n as unknown as {
	toString(expression: string, options: { use24HourTimeFormat: boolean; locale: string }): string;
};

export type Schedule =
	| { kind: "interval"; minutes: number; display: string }
	| { kind: "cron"; expr: string; display: string }
	| { kind: "once"; run_at: string; display: string };

/** A schedule string Hermes refuses (the message is Hermes's). */
export class ScheduleError extends Error {}

/** One-shots up to this far in the past still fire (`ONESHOT_GRACE_SECONDS`). */
export const ONESHOT_GRACE_SECONDS = 120;

const DURATION = /^(\d+)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)$/;
const MULTIPLIER: Record<string, number> = { m: 1, h: 60, d: 1440 };
const CRON_FIELD = /^[\d*\-,/]+$/;

/** `parse_duration`: minutes in `30m`, `2h`, `1d`. */
export function parseDuration(text: string): number {
	const lowered = text.trim().toLowerCase();
	const match = DURATION.exec(lowered);
	if (match === null) {
		throw new ScheduleError(`Invalid duration: '${lowered}'. Use format like '30m', '2h', or '1d'`);
	}
	return Number(match[1]) * (MULTIPLIER[match[2]!.charAt(0)] ?? 1);
}

/** The croner pattern for a croniter expression (seconds moved to the front). */
function cronerPattern(expr: string): string {
	const fields = expr.trim().split(/\s+/);
	if (fields.length === 5) {
		return fields.join(" ");
	}
	const [minute, hour, dom, month, dow, second, ...rest] = fields;
	return [second, minute, hour, dom, month, dow, ...rest].join(" ");
}

function cronJob(expr: string, zone: string | undefined): Cron {
	return new Cron(cronerPattern(expr), {
		paused: true,
		legacyMode: true,
		mode: "auto",
		...(zone === undefined ? {} : { timezone: zone }),
	});
}

/** Whether the text has the shape Hermes treats as a cron expression. */
function looksLikeCron(text: string): boolean {
	const parts = text.split(/\s+/);
	return parts.length >= 5 && parts.slice(0, 5).every((part) => CRON_FIELD.test(part));
}

/** `parse_schedule`: the stored `schedule` object for a schedule string, at `nowMs` in `zone`. */
export function parseSchedule(input: string, nowMs: number, zone: string): Schedule {
	const schedule = input.trim();
	const lower = schedule.toLowerCase();
	if (lower.startsWith("every ")) {
		const minutes = parseDuration(schedule.slice(6).trim());
		return { kind: "interval", minutes, display: `every ${minutes}m` };
	}
	if (looksLikeCron(schedule)) {
		try {
			cronJob(schedule, zone);
		} catch (error) {
			throw new ScheduleError(`Invalid cron expression '${schedule}': ${(error as Error).message}`);
		}
		return { kind: "cron", expr: schedule, display: schedule };
	}
	if (schedule.includes("T") || /^\d{4}-\d{2}-\d{2}/.test(schedule)) {
		const parsed = parseIsoTimestamp(schedule);
		if (parsed === null) {
			throw new ScheduleError(
				`Invalid timestamp '${schedule}': Invalid isoformat string: ${pythonStringRepr(schedule.replace("Z", "+00:00"))}`,
			);
		}
		return { kind: "once", run_at: awareIsoText(parsed, zone), display: `once at ${wallMinuteText(parsed)}` };
	}
	try {
		const minutes = parseDuration(schedule);
		return { kind: "once", run_at: isoInZone(nowMs + minutes * 60_000, zone), display: `once in ${schedule}` };
	} catch {
		// fall through to Hermes's usage message
	}
	throw new ScheduleError(
		`Invalid schedule '${schedule}'. Use:\n` +
			"  - Duration: '30m', '2h', '1d' (one-shot)\n" +
			"  - Interval: 'every 30m', 'every 2h' (recurring)\n" +
			"  - Cron: '0 9 * * *' (cron expression)\n" +
			"  - Timestamp: '2026-02-03T14:00:00' (one-shot at time)",
	);
}

/**
 * `compute_next_run`: the next fire time (ISO text in `zone`) or null when there is none.
 * One-shots fire once, up to the grace window late; intervals step from the last run
 * (or now); cron expressions take the next match after the last run (or now).
 */
export function computeNextRun(
	schedule: unknown,
	nowMs: number,
	zone: string,
	lastRunAt: string | null = null,
): string | null {
	if (schedule === null || typeof schedule !== "object") {
		return null;
	}
	const record = schedule as Record<string, unknown>;
	if (record.kind === "once") {
		if (lastRunAt) {
			return null;
		}
		const runAt = storedTimeMs(record.run_at, zone);
		return runAt !== null && runAt >= nowMs - ONESHOT_GRACE_SECONDS * 1000 ? (record.run_at as string) : null;
	}
	const lastMs = lastRunAt ? storedTimeMs(lastRunAt, zone) : null;
	if (record.kind === "interval") {
		if (typeof record.minutes !== "number") {
			return null;
		}
		// Python keeps the last run's microseconds; milliseconds alone would drop them.
		const lastMicros = lastRunAt ? (parseIsoTimestamp(lastRunAt)?.micros ?? 0) % 1000 : 0;
		return isoInZone((lastMs ?? nowMs) + record.minutes * 60_000, zone, lastMs === null ? 0 : lastMicros);
	}
	if (record.kind === "cron") {
		if (typeof record.expr !== "string" || record.expr === "") {
			return null;
		}
		try {
			const next = cronJob(record.expr, zone).nextRun(new Date(lastMs ?? nowMs));
			return next === null ? null : isoInZone(next.getTime(), zone);
		} catch {
			return null;
		}
	}
	return null;
}

/** A human description of a cron expression ("At 09:00, Monday through Friday"), or null. */
export function describeCron(expr: string, language: "en" | "zh"): string | null {
	try {
		return cronstrue.toString(cronerPattern(expr), {
			use24HourTimeFormat: true,
			locale: language === "zh" ? "zh_CN" : "en",
		});
	} catch {
		return null;
	}
}
