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
