/**
 * @module
 * Sliding-window limiter for password logins (api-contract D.4): at most 10 attempts
 * per 60 s per client key. An attempt is recorded only when it is allowed.
 */

export class SlidingWindowLimiter {
	readonly #hits = new Map<string, number[]>();
	readonly #limit: number;
	readonly #windowMs: number;
	readonly #now: () => number;

	constructor(limit = 10, windowMs = 60_000, now: () => number = Date.now) {
		this.#limit = limit;
		this.#windowMs = windowMs;
		this.#now = now;
	}

	/** True (and counted) when the key is under its limit. */
	attempt(key: string): boolean {
		const now = this.#now();
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
