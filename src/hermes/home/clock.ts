/**
 * @module
 * The one source of "now". Every rule that depends on the time of day (analytics windows,
 * "active in the last 5 minutes", prune cut-offs, token expiry, log stamps) reads it from
 * the app's clock, so tests can pin it to a fixture's anchor and stay true next year.
 */

export interface Clock {
	/** Milliseconds since the Unix epoch. */
	now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock stopped at `ms` (tests; `advance` moves it). */
export function fixedClock(ms: number): Clock & { advance(byMs: number): void; set(ms: number): void } {
	let current = ms;
	return {
		now: () => current,
		advance(byMs: number) {
			current += byMs;
		},
		set(next: number) {
			current = next;
		},
	};
}

/** Whole seconds since the epoch, as Hermes stores times in state.db and JWTs carry them. */
export function nowSeconds(clock: Clock): number {
	return clock.now() / 1000;
}

/**
 * Reads a pinned "now" (`HERMES_DASHBOARD_NOW`, for tests and demos): epoch seconds or an
 * ISO 8601 time with a zone. Returns the instant in ms, or null when the text is neither.
 */
export function parsePinnedNow(text: string): number | null {
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) {
		return Number(trimmed) * 1000;
	}
	// Date.parse reads a zoneless time as local time: insist on Z or an offset.
	if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
		return null;
	}
	const ms = Date.parse(trimmed);
	return Number.isFinite(ms) ? ms : null;
}
