/**
 * @module
 * Hermes's cron clock (hermes-home §6.3): the configured time zone (`HERMES_TIMEZONE`,
 * then config `timezone`, then the server's zone) and Python's `datetime.isoformat()`
 * for an instant in that zone, which is how every cron timestamp is stored.
 */
import { readConfigLenient } from "../config/yaml.ts";
import { homePaths } from "../home/paths.ts";

function isValidZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat("en-US", { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The server's own zone (Hermes's fallback). */
export function serverZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The IANA zone Hermes uses for cron in this home; an invalid name falls back to the server's, as Hermes does. */
export function hermesTimezone(home: string, env: Record<string, string | undefined>): string {
	const fromEnv = (env.HERMES_TIMEZONE ?? "").trim();
	let name = fromEnv;
	if (name === "") {
		const configured = readConfigLenient(homePaths(home).config).timezone;
		name = typeof configured === "string" ? configured.trim() : "";
	}
	return name !== "" && isValidZone(name) ? name : serverZone();
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallTime(ms: number, zone: string): WallTime {
	let formatter = formatters.get(zone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat("en-US", {
			timeZone: zone,
			hourCycle: "h23",
			year: "numeric",
			month: "2-digit",
			day: "2-digit",
			hour: "2-digit",
			minute: "2-digit",
			second: "2-digit",
		});
		formatters.set(zone, formatter);
	}
	const parts: Record<string, number> = {};
	for (const part of formatter.formatToParts(new Date(ms))) {
		if (part.type !== "literal") {
			parts[part.type] = Number(part.value);
		}
	}
	return {
		year: parts.year ?? 1970,
		month: parts.month ?? 1,
		day: parts.day ?? 1,
		hour: parts.hour ?? 0,
		minute: parts.minute ?? 0,
		second: parts.second ?? 0,
	};
}

/** The zone's UTC offset at `ms`, in minutes. */
export function zoneOffsetMinutes(ms: number, zone: string): number {
	const wall = wallTime(ms, zone);
	const asUTC = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
	return Math.round((asUTC - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** Python's `+HH:MM` offset text. */
export function offsetText(minutes: number): string {
	const sign = minutes < 0 ? "-" : "+";
	const abs = Math.abs(minutes);
	return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Formats a wall time with an offset the way Python's `isoformat()` does (fraction only when non-zero). */
function isoText(wall: WallTime, micros: number, offsetMinutes: number): string {
	const fraction = micros > 0 ? `.${pad(micros, 6)}` : "";
	return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${fraction}${offsetText(offsetMinutes)}`;
}

/** `datetime.fromtimestamp(ms / 1000, zone).isoformat()`; `extraMicros` (0–999) keeps a stored time's microseconds. */
export function isoInZone(ms: number, zone: string, extraMicros = 0): string {
	const millis = ((ms % 1000) + 1000) % 1000;
	return isoText(wallTime(ms, zone), Math.round(millis * 1000) + extraMicros, zoneOffsetMinutes(ms, zone));
}

/** An ISO timestamp as Python's `fromisoformat` reads it (3.11 forms Hermes stores and accepts). */
export interface ParsedTimestamp {
	wall: WallTime;
	micros: number;
	/** Minutes east of UTC, or null for a naive time. */
	offset: number | null;
}

const ISO_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseIsoTimestamp(text: string): ParsedTimestamp | null {
	const match = ISO_PATTERN.exec(text.trim());
	if (match === null) {
		return null;
	}
	const [, y, mo, d, h, mi, s, frac, tz] = match;
	const wall: WallTime = {
		year: Number(y),
		month: Number(mo),
		day: Number(d),
		hour: Number(h ?? 0),
		minute: Number(mi ?? 0),
		second: Number(s ?? 0),
	};
	const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
	if (
		probe.getUTCMonth() !== wall.month - 1 ||
		probe.getUTCDate() !== wall.day ||
		wall.hour > 23 ||
		wall.minute > 59 ||
		wall.second > 59
	) {
		return null;
	}
	let offset: number | null = null;
	if (tz === "Z") {
		offset = 0;
	} else if (tz !== undefined) {
		const sign = tz.startsWith("-") ? -1 : 1;
		const digits = tz.slice(1).replace(":", "");
		offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
	}
	return { wall, micros: frac === undefined ? 0 : Number(frac.padEnd(6, "0")), offset };
}

/** The instant of a parsed timestamp; naive ones are read as wall time in `zone`. */
export function timestampMs(parsed: ParsedTimestamp, zone: string): number {
	const { wall } = parsed;
	const asUTC =
		Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) +
		Math.floor(parsed.micros / 1000);
	if (parsed.offset !== null) {
		return asUTC - parsed.offset * 60_000;
	}
	// Two passes settle the zone's offset around DST changes.
	let guess = asUTC - zoneOffsetMinutes(asUTC, zone) * 60_000;
	guess = asUTC - zoneOffsetMinutes(guess, zone) * 60_000;
	return guess;
}

/** `dt.isoformat()` of a parsed timestamp, a naive one placed in `zone` (as `parse_schedule` does). */
export function awareIsoText(parsed: ParsedTimestamp, zone: string): string {
	const offset = parsed.offset ?? zoneOffsetMinutes(timestampMs(parsed, zone), zone);
	return isoText(parsed.wall, parsed.micros, offset);
}

/** `dt.strftime('%Y-%m-%d %H:%M')` of a parsed timestamp. */
export function wallMinuteText(parsed: ParsedTimestamp): string {
	const { wall } = parsed;
	return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Milliseconds of a stored ISO timestamp (naive ones in `zone`), or null when unreadable. */
export function storedTimeMs(text: unknown, zone: string): number | null {
	if (typeof text !== "string") {
		return null;
	}
	const parsed = parseIsoTimestamp(text);
	return parsed === null ? null : timestampMs(parsed, zone);
}
