/**
 * @module
 * The `attach` keep-alive registry (api-contract B.3): PTYs that outlive their socket,
 * keyed by an opaque client key. Max 16 sessions; a reaper closes dead sessions and
 * ones detached too long; at capacity the oldest detached one is evicted.
 */
import { Terminal } from "./terminal.ts";
import type { PtySession } from "./session.ts";
import { type Clock, systemClock } from "../hermes/home/clock.ts";

export interface RegistryOptions {
	maxSessions?: number;
	bufferBytes?: number;
	/** Detached sessions older than this are reaped. */
	idleMs?: number;
	reapEveryMs?: number;
	/** Decides how long a session has been detached (the app's clock). */
	clock?: Clock;
}

export class CapacityError extends Error {}

export class PtyRegistry {
	readonly maxSessions: number;
	readonly bufferBytes: number;
	readonly idleMs: number;
	readonly #clock: Clock;
	readonly #terminals = new Map<string, Terminal>();
	/** One-socket (no `attach`) terminals, tracked only so shutdown can close them. */
	readonly #legacy = new Set<Terminal>();
	readonly #timer: ReturnType<typeof setInterval>;

	constructor(options: RegistryOptions = {}) {
		this.maxSessions = options.maxSessions ?? 16;
		this.bufferBytes = options.bufferBytes ?? 1024 * 1024;
		this.idleMs = options.idleMs ?? 30 * 60_000;
		this.#clock = options.clock ?? systemClock;
		this.#timer = setInterval(() => void this.reap(), options.reapEveryMs ?? 60_000);
		this.#timer.unref();
	}

	get size(): number {
		return this.#terminals.size;
	}

	/** The live terminal for a key, if any (a dead one is dropped). */
	get(key: string): Terminal | undefined {
		const terminal = this.#terminals.get(key);
		if (terminal !== undefined && !terminal.alive) {
			this.#terminals.delete(key);
			void terminal.close();
			return undefined;
		}
		return terminal;
	}

	/**
	 * Makes room for one more session: drops dead sessions, then evicts the oldest
	 * detached one at capacity (closed in the background), or throws CapacityError when
	 * every session has a socket. One-socket terminals count while their socket is open:
	 * each holds a process and fds just the same.
	 */
	makeRoom(): void {
		for (const [key, terminal] of this.#terminals) {
			if (!terminal.alive) {
				this.#terminals.delete(key);
				void terminal.close();
			}
		}
		let legacyInUse = 0;
		for (const terminal of this.#legacy) {
			if (terminal.socket !== null) {
				legacyInUse++;
			}
		}
		if (this.#terminals.size + legacyInUse < this.maxSessions) {
			return;
		}
		let oldest: [string, Terminal] | undefined;
		for (const entry of this.#terminals) {
			if (entry[1].socket === null && (oldest === undefined || entry[1].detachedAt < oldest[1].detachedAt)) {
				oldest = entry;
			}
		}
		if (oldest === undefined) {
			throw new CapacityError(
				`all ${this.maxSessions} terminal sessions are in use; close a chat tab and retry.`,
			);
		}
		this.#terminals.delete(oldest[0]);
		void oldest[1].close();
	}

	/** Registers a freshly spawned session under `key`. */
	add(key: string, session: PtySession): Terminal {
		const terminal: Terminal = new Terminal(session, {
			bufferBytes: this.bufferBytes,
			clock: this.#clock,
			onGone: () => {
				if (this.#terminals.get(key) === terminal) {
					this.#terminals.delete(key);
				}
			},
		});
		this.#terminals.set(key, terminal);
		return terminal;
	}

	/** A one-socket terminal: closed when its socket drops or its child exits. */
	addLegacy(session: PtySession): Terminal {
		const terminal: Terminal = new Terminal(session, {
			bufferBytes: 0,
			clock: this.#clock,
			onGone: () => this.#legacy.delete(terminal),
		});
		this.#legacy.add(terminal);
		return terminal;
	}

	/** Closes dead sessions and those detached for longer than `idleMs`. */
	async reap(now: number = this.#clock.now()): Promise<void> {
		const doomed: Terminal[] = [];
		for (const [key, terminal] of this.#terminals) {
			if (!terminal.alive || (terminal.socket === null && now - terminal.detachedAt > this.idleMs)) {
				this.#terminals.delete(key);
				doomed.push(terminal);
			}
		}
		await Promise.all(doomed.map((terminal) => terminal.close()));
	}

	/** Server shutdown: every session closed. */
	async closeAll(): Promise<void> {
		clearInterval(this.#timer);
		const all = [...this.#terminals.values(), ...this.#legacy];
		this.#terminals.clear();
		this.#legacy.clear();
		await Promise.all(all.map((terminal) => terminal.close(1001)));
	}
}
