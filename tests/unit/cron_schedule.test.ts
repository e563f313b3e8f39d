/**
 * Schedules as Hermes's parse_schedule / compute_next_run treat them (hermes-home
 * §6.3–6.4), in the configured time zone, at the fixture's anchor time
 * (Monday 2026-11-23 23:19:46 UTC).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeNextRun, describeCron, parseDuration, parseSchedule } from "../../src/hermes/cron/schedule.ts";
import { hermesTimezone, isoInZone, serverZone } from "../../src/hermes/cron/time.ts";
import { FIXTURE_NOW_MS } from "../helpers/app.ts";

const NOW = FIXTURE_NOW_MS;

describe("parseSchedule", () => {
	it("intervals are stored in minutes", () => {
		expect(parseSchedule("every 90 min", NOW, "UTC")).toEqual({
			kind: "interval",
			minutes: 90,
			display: "every 90m",
		});
		expect(parseSchedule("Every 2 hours", NOW, "UTC")).toEqual({
			kind: "interval",
			minutes: 120,
			display: "every 120m",
		});
		expect(parseSchedule("every 1d", NOW, "UTC")).toMatchObject({ minutes: 1440 });
		expect(parseDuration(" 3H ")).toBe(180);
	});

	it("cron expressions keep their text; 6 fields are croniter's seconds-last form", () => {
		expect(parseSchedule("0 9 * * 1-5", NOW, "UTC")).toEqual({
			kind: "cron",
			expr: "0 9 * * 1-5",
			display: "0 9 * * 1-5",
		});
		const withSeconds = parseSchedule("0 9 * * * 30", NOW, "UTC");
		expect(computeNextRun(withSeconds, NOW, "UTC")).toBe("2026-11-24T09:00:30+00:00");
	});

	it("timestamps: offsets kept, naive ones in the configured zone, Z accepted", () => {
		expect(parseSchedule("2026-12-01T09:00", NOW, "Asia/Kolkata")).toEqual({
			kind: "once",
			run_at: "2026-12-01T09:00:00+05:30",
			display: "once at 2026-12-01 09:00",
		});
		expect(parseSchedule("2026-12-01T09:00:00Z", NOW, "Asia/Kolkata")).toMatchObject({
			run_at: "2026-12-01T09:00:00+00:00",
		});
		expect(parseSchedule("2026-12-01 18:45:00-05:00", NOW, "UTC")).toMatchObject({
			run_at: "2026-12-01T18:45:00-05:00",
			display: "once at 2026-12-01 18:45",
		});
		expect(() => parseSchedule("Tuesday", NOW, "UTC")).toThrow(
			"Invalid timestamp 'Tuesday': Invalid isoformat string: 'Tuesday'",
		);
		expect(() => parseSchedule("2026-02-30T10:00", NOW, "UTC")).toThrow(/^Invalid timestamp/);
	});

	it("durations are one-shots from now, in the zone's offset", () => {
		expect(parseSchedule("2h", NOW, "Europe/Berlin")).toEqual({
			kind: "once",
			run_at: "2026-11-24T02:19:46+01:00",
			display: "once in 2h",
		});
	});
});

describe("computeNextRun", () => {
	it("cron: the next match after now in the configured zone", () => {
		expect(computeNextRun({ kind: "cron", expr: "0 9 * * *" }, NOW, "Asia/Kolkata")).toBe(
			"2026-11-24T09:00:00+05:30",
		);
		expect(
			computeNextRun({ kind: "cron", expr: "0 8 * * *" }, NOW, "UTC", "2026-11-23T08:05:16.165942+00:00"),
		).toBe("2026-11-24T08:00:00+00:00");
	});

	it("cron: day-of-month and day-of-week combine with OR, as croniter does", () => {
		// Monday the 30th matches the weekday even though it is not the 1st.
		expect(computeNextRun({ kind: "cron", expr: "0 9 1 * 1" }, NOW, "UTC")).toBe("2026-11-30T09:00:00+00:00");
	});

	it("interval: from the last run, else from now (with Python's microseconds)", () => {
		expect(computeNextRun({ kind: "interval", minutes: 360 }, NOW, "UTC", "2026-11-23T18:05:37.176061+00:00")).toBe(
			"2026-11-24T00:05:37.176061+00:00",
		);
		expect(computeNextRun({ kind: "interval", minutes: 30 }, NOW + 250, "UTC")).toBe(
			"2026-11-23T23:49:46.250000+00:00",
		);
	});

	it("once: fires up to 120 s late, never after it ran", () => {
		const runAt = (secondsAgo: number) => ({ kind: "once", run_at: isoInZone(NOW - secondsAgo * 1000, "UTC") });
		expect(computeNextRun(runAt(100), NOW, "UTC")).toBe("2026-11-23T23:18:06+00:00");
		expect(computeNextRun(runAt(121), NOW, "UTC")).toBeNull();
		expect(computeNextRun(runAt(-60), NOW, "UTC", "2026-11-23T23:00:00+00:00")).toBeNull();
	});
});

describe("describeCron", () => {
	it("describes in English and Chinese", () => {
		expect(describeCron("0 9 * * 1-5", "en")).toBe("At 09:00, Monday through Friday");
		expect(describeCron("0 9 * * 1-5", "zh")).toContain("星期一至星期五");
		expect(describeCron("0 9 * * * 30", "en")).toBe("At 09:00:30");
	});
});

describe("hermesTimezone", () => {
	it("HERMES_TIMEZONE, then config timezone, then the server's zone", () => {
		const home = mkdtempSync(join(tmpdir(), "cron-tz-"));
		expect(hermesTimezone(home, {})).toBe(serverZone());
		writeFileSync(join(home, "config.yaml"), "timezone: Asia/Tokyo\n");
		expect(hermesTimezone(home, {})).toBe("Asia/Tokyo");
		expect(hermesTimezone(home, { HERMES_TIMEZONE: "Europe/Berlin" })).toBe("Europe/Berlin");
		expect(hermesTimezone(home, { HERMES_TIMEZONE: "Mars/Olympus" })).toBe(serverZone());
	});
});
