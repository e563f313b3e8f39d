/**
 * @module
 * The one rate limiter: a sliding window of at most `limit` attempts per `windowMs` per
 * key. Password logins key it by client IP (api-contract D.4: 10 per 60 s); env reveals
 * use one process-wide key (A.4: 5 per 30 s across all clients). An attempt is recorded
 * only when it is allowed; time comes from the app's clock.
 */
import type { Clock } from "../hermes/home/clock.ts";

/** The key for limits shared by every client. */
export const EVERYONE = "*";

export class SlidingWindowLimiter {
	readonly #hits = new Map<string, number[]>();
	readonly #limit: number;
	readonly #windowMs: number;
	readonly #clock: Clock;

	constructor(limit: number, windowMs: number, clock: Clock) {
		this.#limit = limit;
		this.#windowMs = windowMs;
		this.#clock = clock;
	}

	/** True (and counted) when the key is under its limit. */
	attempt(key: string): boolean {
		const now = this.#clock.now();
		const recent = (this.#hits.get(key) ?? []).filter((time) => now - time < this.#windowMs);
		if (recent.length >= this.#limit) {
			this.#hits.set(key, recent);
			return false;
		}
		recent.push(now);
		this.#hits.set(key, recent);
		if (this.#hits.size > 10_000) {
			this.#sweep(now);
		}
		return true;
	}

	#sweep(now: number): void {
		for (const [key, times] of this.#hits) {
			if (times.every((time) => now - time >= this.#windowMs)) {
				this.#hits.delete(key);
			}
		}
	}
}
