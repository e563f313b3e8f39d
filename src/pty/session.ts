/**
 * @module
 * One child behind a real PTY: raw byte output, input, resize, pause/resume for flow
 * control, and a close that kills the whole process group, waits for the reap and
 * releases the master fd.
 */
import type { IPty } from "node-pty";
import type { PtyModule } from "./node_pty.ts";
import { killProcessGroup } from "./process_group.ts";

export interface SpawnSpec {
	file: string;
	args: string[];
	env: Record<string, string>;
	cwd: string;
	cols?: number;
	rows?: number;
}

/** Who asked for the pause: the browser (flow control) or our socket send buffer. */
export type PauseReason = "client" | "backpressure";

export class PtySession {
	readonly pid: number;
	readonly #pty: IPty;
	readonly #pauses = new Set<PauseReason>();
	#exited = false;
	#closing: Promise<void> | null = null;
	readonly #exitWaiters: Array<() => void> = [];
	readonly #dataListeners: Array<(chunk: Uint8Array) => void> = [];
	readonly #exitListeners: Array<(code: number, signal: number | undefined) => void> = [];

	constructor(ptyModule: PtyModule, spec: SpawnSpec) {
		this.#pty = ptyModule.spawn(spec.file, spec.args, {
			name: spec.env.TERM ?? "xterm-256color",
			cols: spec.cols ?? 80,
			rows: spec.rows ?? 24,
			cwd: spec.cwd,
			env: spec.env,
			// Raw bytes: never split or re-encode UTF-8 on the way to the browser.
			encoding: null,
		} as Parameters<PtyModule["spawn"]>[2]);
		this.pid = this.#pty.pid;
		this.#pty.onData((chunk) => {
			const bytes = chunk as unknown as Uint8Array;
			for (const listener of this.#dataListeners) {
				listener(bytes);
			}
		});
		this.#pty.onExit(({ exitCode, signal }) => {
			this.#exited = true;
			for (const waiter of this.#exitWaiters.splice(0)) {
				waiter();
			}
			for (const listener of this.#exitListeners) {
				listener(exitCode, signal);
			}
		});
	}

	get exited(): boolean {
		return this.#exited;
	}

	get closed(): boolean {
		return this.#closing !== null;
	}

	onData(listener: (chunk: Uint8Array) => void): void {
		this.#dataListeners.push(listener);
	}

	onExit(listener: (code: number, signal: number | undefined) => void): void {
		this.#exitListeners.push(listener);
	}

	write(data: string | Uint8Array): void {
		if (this.#exited || this.#closing !== null) {
			return;
		}
		this.#pty.write(data as string);
	}

	resize(cols: number, rows: number): void {
		if (this.#exited || this.#closing !== null) {
			return;
		}
		try {
			this.#pty.resize(cols, rows);
		} catch {
			// The fd may be closing under us; a lost resize is harmless.
		}
	}

	pause(reason: PauseReason): void {
		if (this.#pauses.size === 0 && !this.#exited) {
			this.#pty.pause();
		}
		this.#pauses.add(reason);
	}

	resume(reason: PauseReason): void {
		if (!this.#pauses.delete(reason) || this.#pauses.size > 0) {
			return;
		}
		this.#pty.resume();
	}

	get paused(): boolean {
		return this.#pauses.size > 0;
	}

	/** Kills the process group, waits for the reap, closes the master fd. Idempotent. */
	close(): Promise<void> {
		this.#closing ??= this.#close();
		return this.#closing;
	}

	async #close(): Promise<void> {
		// A paused reader never sees EOF; resume so node-pty can finish its shutdown.
		this.#pauses.clear();
		this.#pty.resume();
		await killProcessGroup(this.pid, () => this.#exited);
		if (!this.#exited) {
			// Killed and still not reaped: wait a little more for node-pty's waitpid.
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 2000);
				this.#exitWaiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		// Releases the master fd (node-pty closes it with its read stream).
		(this.#pty as IPty & { destroy(): void }).destroy();
	}
}
