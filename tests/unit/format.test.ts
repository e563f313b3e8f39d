/**
 * Dates and numbers per page language (src/views/format.ts), and the browser helper in
 * static/js/app.js giving the same text by the same rules.
 */
import { describe, expect, it } from "vitest";
import { runAppJS } from "../helpers/app_js.ts";
import {
	formatBytes,
	formatCompact,
	formatCost,
	formatDate,
	formatDateTime,
	formatDay,
	formatDecimal,
	formatDuration,
	formatInteger,
	formatPercent,
	formatRelative,
	formatTime,
	timeElement,
} from "../../src/views/format.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 5, 7));
const now = clock.now();
const MINUTE = 60_000;

describe("format.ts", () => {
	it("dates and times, in UTC with the zone named", () => {
		expect(formatDate("en", now)).toBe("Nov 23, 2026");
		expect(formatDate("zh", now)).toBe("2026年11月23日");
		expect(formatDateTime("en", now)).toBe("Nov 23, 2026, 09:05 UTC");
		expect(formatDateTime("zh", now)).toBe("2026年11月23日 UTC 09:05");
		expect(formatTime("en", now)).toBe("09:05:07 UTC");
		expect(formatTime("zh", now)).toBe("UTC 09:05:07");
		expect(formatDay("en", "2026-11-23")).toBe("Nov 23, 2026");
		expect(formatDay("zh", "2026-11-23")).toBe("2026年11月23日");
		expect(formatDay("zh", "2026.11.23")).toBe("2026.11.23");
	});

	it("relative times count from the given clock", () => {
		expect(formatRelative("en", now - 5 * MINUTE, now)).toBe("5 minutes ago");
		expect(formatRelative("zh", now - 5 * MINUTE, now)).toBe("5分钟前");
		expect(formatRelative("en", now + 3 * 60 * MINUTE, now)).toBe("in 3 hours");
		expect(formatRelative("zh", now + 3 * 60 * MINUTE, now)).toBe("3小时后");
		expect(formatRelative("en", now - 24 * 60 * MINUTE, now)).toBe("yesterday");
		expect(formatRelative("zh", now - 24 * 60 * MINUTE, now)).toBe("昨天");
		expect(formatRelative("en", now - 90 * 24 * 60 * MINUTE, now)).toBe("3 months ago");
		expect(formatRelative("zh", now - 90 * 24 * 60 * MINUTE, now)).toBe("3个月前");
		expect(formatRelative("en", now, now)).toBe("now");
		expect(formatRelative("zh", now, now)).toBe("现在");
	});

	it("numbers: integer, decimal, compact, percent", () => {
		expect(formatInteger("en", 1234567.4)).toBe("1,234,567");
		expect(formatInteger("zh", 1234567.4)).toBe("1,234,567");
		expect(formatDecimal("en", 2.25, 1)).toBe("2.3");
		expect(formatDecimal("zh", 2, 1)).toBe("2.0");
		expect(formatCompact("en", 1234567)).toBe("1.23M");
		expect(formatCompact("zh", 1234567)).toBe("123万");
		expect(formatCompact("en", 12345)).toBe("12.3K");
		expect(formatCompact("zh", 12345)).toBe("1.23万");
		expect(formatCompact("en", 999)).toBe("999");
		expect(formatPercent("en", 12.5)).toBe("12.5%");
		expect(formatPercent("zh", 40)).toBe("40%");
	});

	it("costs in US dollars, four decimals below a dollar", () => {
		expect(formatCost("en", 12.5)).toBe("$12.50");
		expect(formatCost("zh", 12.5)).toBe("US$12.50");
		expect(formatCost("en", 0.01234)).toBe("$0.0123");
		expect(formatCost("zh", 0)).toBe("US$0.00");
	});

	it("byte sizes in SI units", () => {
		expect(formatBytes("en", 15)).toBe("15 bytes");
		expect(formatBytes("zh", 15)).toBe("15字节");
		expect(formatBytes("en", 1)).toBe("1 byte");
		expect(formatBytes("en", 1500)).toBe("1.5 kB");
		expect(formatBytes("zh", 2_500_000_000)).toBe("2.5 GB");
	});

	it("durations in their two largest units", () => {
		expect(formatDuration("en", 3 * 86400 + 4 * 3600 + 59)).toBe("3d 4h");
		expect(formatDuration("zh", 3 * 86400 + 4 * 3600 + 59)).toBe("3天4小时");
		expect(formatDuration("en", 2 * 3600 + 5 * 60)).toBe("2h 5m");
	});

	it("a <time> element carries the instant and the kind for the browser", async () => {
		expect(String(await timeElement("zh", now, "date", "x"))).toBe(
			'<time datetime="2026-11-23T09:05:07.000Z" data-format="date" data-testid="x">2026年11月23日</time>',
		);
		expect(String(await timeElement("en", "not a time"))).toBe("<span>not a time</span>");
	});
});

/** The browser helper, run from static/js/app.js. */
function browserFormat(lang: string): Record<string, (...args: unknown[]) => string> {
	return runAppJS(lang).hermesFormat as Record<string, (...args: unknown[]) => string>;
}

describe("hermesFormat (static/js/app.js)", () => {
	for (const lang of ["en", "zh"] as const) {
		it(`${lang}: the same text as format.ts`, () => {
			const format = browserFormat(lang);
			for (const value of [0, 1, 15, 999, 1500, 12345, 1234567.4, 2_500_000_000]) {
				expect(format.integer!(value)).toBe(formatInteger(lang, value));
				expect(format.compact!(value)).toBe(formatCompact(lang, value));
				expect(format.bytes!(value)).toBe(formatBytes(lang, value));
				expect(format.decimal!(value / 7, 1)).toBe(formatDecimal(lang, value / 7, 1));
			}
			for (const ago of [0, 59_000, 5 * MINUTE, 3 * 60 * MINUTE, 24 * 60 * MINUTE, 90 * 24 * 60 * MINUTE]) {
				expect(format.relative!(now - ago, now)).toBe(formatRelative(lang, now - ago, now));
				expect(format.relative!(now + ago, now)).toBe(formatRelative(lang, now + ago, now));
			}
			for (const value of [0, 0.01234, 1, 12.5]) {
				expect(format.cost!(value)).toBe(formatCost(lang, value));
				expect(format.percent!(value)).toBe(formatPercent(lang, value));
			}
			// The browser writes times in its own zone: compare in a zone-free way, the date kind
			// at noon UTC (the same calendar day in every zone from UTC−11 to UTC+11).
			const noon = Date.UTC(2026, 10, 23, 12);
			expect(format.time!(noon, "date")).toBe(formatDate(lang, noon));
			expect(format.time!("not a time", "date")).toBe("");
		});
	}
});
