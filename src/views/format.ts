/**
 * @module
 * Dates and numbers in the page's language: every view formats through here, all from
 * `Intl` (zh is written as zh-CN).
 *
 * Time zone: the server cannot know the browser's, so absolute times are written in UTC
 * with the zone named ("Nov 23, 2026, 09:05 UTC") inside `<time datetime="ISO"
 * data-format="…">`; `hermesFormat` in static/js/app.js applies the same rules in the
 * browser and re-writes those elements in the reader's own zone. Relative times count
 * from the app's clock, so they stay server text (the absolute time is their title).
 */
import { html } from "hono/html";
import type { Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

/** The BCP 47 tag `Intl` gets for a page language. */
export function localeOf(lang: Language): string {
	return lang === "zh" ? "zh-CN" : "en";
}

/** The options of each absolute-time kind; the browser helper uses the same ones minus `timeZone`. */
export const TIME_KINDS = {
	date: { year: "numeric", month: "short", day: "numeric" },
	datetime: {
		year: "numeric",
		month: "short",
		day: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		hourCycle: "h23",
		timeZoneName: "short",
	},
	time: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeKind = keyof typeof TIME_KINDS;

// Building an Intl formatter is the slow part; a list page formats hundreds of cells.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function dateFormat(lang: Language, kind: TimeKind): Intl.DateTimeFormat {
	const key = `d|${lang}|${kind}`;
	let format = cache.get(key) as Intl.DateTimeFormat | undefined;
	if (format === undefined) {
		format = new Intl.DateTimeFormat(localeOf(lang), { ...TIME_KINDS[kind], timeZone: "UTC" });
		cache.set(key, format);
	}
	return format;
}

function numberFormat(lang: Language, name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `n|${lang}|${name}`;
	let format = cache.get(key) as Intl.NumberFormat | undefined;
	if (format === undefined) {
		format = new Intl.NumberFormat(localeOf(lang), options);
		cache.set(key, format);
	}
	return format;
}

function relativeFormat(lang: Language): Intl.RelativeTimeFormat {
	const key = `r|${lang}`;
	let format = cache.get(key) as Intl.RelativeTimeFormat | undefined;
	if (format === undefined) {
		format = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: "auto" });
		cache.set(key, format);
	}
	return format;
}

/** Epoch milliseconds of a Date, epoch ms, or an ISO text; null when it names no instant. */
function instant(value: Date | number | string): number | null {
	const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
}

/** "Nov 23, 2026" / "2026年11月23日" (UTC). */
export function formatDate(lang: Language, ms: number): string {
	return dateFormat(lang, "date").format(ms);
}

/** "Nov 23, 2026, 09:05 UTC" / "2026年11月23日 UTC 09:05". */
export function formatDateTime(lang: Language, ms: number): string {
	return dateFormat(lang, "datetime").format(ms);
}

/** "09:05:07 UTC" / "UTC 09:05:07". */
export function formatTime(lang: Language, ms: number): string {
	return dateFormat(lang, "time").format(ms);
}

/** A UTC calendar day key ("2026-11-23", as analytics buckets them) in the page's words. */
export function formatDay(lang: Language, day: string): string {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
	return Number.isFinite(ms) ? formatDate(lang, ms) : day;
}

/**
 * `<time datetime="ISO" data-format="kind">` with the UTC text; the browser re-writes it
 * in its own zone. A value that is no instant is shown as given.
 */
export function timeElement(
	lang: Language,
	value: Date | number | string,
	kind: TimeKind = "datetime",
	testid?: string,
): Markup {
	const ms = instant(value);
	if (ms === null) {
		return html`<span${testid ? html` data-testid="${testid}"` : ""}>${String(value)}</span>`;
	}
	const text =
		kind === "date" ? formatDate(lang, ms) : kind === "time" ? formatTime(lang, ms) : formatDateTime(lang, ms);
	return html`<time datetime="${new Date(ms).toISOString()}" data-format="${kind}"${testid ? html` data-testid="${testid}"` : ""}>${text}</time>`;
}

const RELATIVE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
	["year", 365 * 86_400],
	["month", 30 * 86_400],
	["day", 86_400],
	["hour", 3600],
	["minute", 60],
];

/** "5 minutes ago" / "5分钟前", "in 3 hours" / "3小时后", "now" / "现在"; `nowMs` is the app's clock. */
export function formatRelative(lang: Language, ms: number, nowMs: number): string {
	const seconds = Math.round((ms - nowMs) / 1000);
	for (const [unit, size] of RELATIVE_UNITS) {
		if (Math.abs(seconds) >= size) {
			return relativeFormat(lang).format(Math.round(seconds / size), unit);
		}
	}
	return relativeFormat(lang).format(seconds, "second");
}

/** A relative time whose hover shows the absolute one (server text: it counts from the app's clock). */
export function relativeElement(lang: Language, ms: number, nowMs: number, testid?: string): Markup {
	return html`<time datetime="${new Date(ms).toISOString()}" title="${formatDateTime(lang, ms)}"${testid ? html` data-testid="${testid}"` : ""}>${formatRelative(lang, ms, nowMs)}</time>`;
}

/** 1234567 → "1,234,567" (rounded to a whole number). */
export function formatInteger(lang: Language, value: number): string {
	return numberFormat(lang, "int", { maximumFractionDigits: 0 }).format(value);
}

/** A number with exactly `digits` decimals: 2.5 → "2.5". */
export function formatDecimal(lang: Language, value: number, digits = 1): string {
	return numberFormat(lang, `dec${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
		value,
	);
}

/** 1234567 → "1.23M" / "123万"; three significant digits. */
export function formatCompact(lang: Language, value: number): string {
	return numberFormat(lang, "compact", { notation: "compact", maximumSignificantDigits: 3 }).format(value);
}

/** A percentage given as 0–100: 12.5 → "12.5%". */
export function formatPercent(lang: Language, value: number, digits = 1): string {
	return numberFormat(lang, `pct${digits}`, { style: "percent", maximumFractionDigits: digits }).format(value / 100);
}

/** A US-dollar cost (Hermes prices in USD): "$1.23" / "US$1.23"; four decimals below one dollar. */
export function formatCost(lang: Language, usd: number): string {
	const small = usd !== 0 && Math.abs(usd) < 1;
	return numberFormat(lang, small ? "usd4" : "usd2", {
		style: "currency",
		currency: "USD",
		minimumFractionDigits: 2,
		maximumFractionDigits: small ? 4 : 2,
	}).format(usd);
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** A size in SI units (1000 steps, as `Intl` names them): 1500 → "1.5 kB", 15 → "15 bytes" / "15字节". */
export function formatBytes(lang: Language, bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	const name = BYTE_UNITS[unit]!;
	return numberFormat(lang, `bytes-${name}`, {
		style: "unit",
		unit: name,
		// "15 byte" reads wrong; whole bytes spell the unit out.
		unitDisplay: unit === 0 ? "long" : "short",
		maximumFractionDigits: unit === 0 ? 0 : 1,
	}).format(value);
}

// Intl.DurationFormat (Node ≥ 23, Deno 2) is not in TypeScript's es2024 lib yet.
type DurationFormatter = { format(duration: Record<string, number>): string };
const DurationFormat = (
	Intl as unknown as { DurationFormat: new (locale: string, options: { style: string }) => DurationFormatter }
).DurationFormat;
const durations = new Map<string, DurationFormatter>();

/** An uptime-like span in its two largest units: "3d 4h" / "3天4小时", "2h 5m" / "2小时5分钟". */
export function formatDuration(lang: Language, seconds: number): string {
	const days = Math.floor(seconds / 86400);
	const hours = Math.floor((seconds % 86400) / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const key = `dur|${lang}`;
	let format = durations.get(key);
	if (format === undefined) {
		format = new DurationFormat(localeOf(lang), { style: "narrow" });
		durations.set(key, format);
	}
	return format.format(days > 0 ? { days, hours } : { hours, minutes });
}
