/**
 * @module
 * The `/api/ws` gateway children, capped like the PTY registry caps terminals: each
 * socket costs a process and four file descriptors, so an unbounded number of sockets
 * could exhaust the dashboard's fds (and every other request with them).
 *
 * A Hermes gateway takes about a second to start (Python imports), where Hermes's own
 * dashboard answers at once (its gateway runs in-process). So the registry keeps one
 * spare, already started gateway per Hermes home: a socket takes it and the next spare
 * starts at once (after a cold start: once the socket's gateway is ready). Spares count
 * against the cap, give way to a socket that needs a slot, are dropped when the home's
 * config.yaml or .env changed since they started (they read both at start-up), and are
 * reaped when unused.
 */
import { statSync } from "node:fs";
import { CapacityError } from "./registry.ts";
import { GatewayProcess, type GatewayCommand } from "./gateway_process.ts";
import { childEnv } from "./command.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { parseFlag } from "../http/truthy.ts";
import type { AppContext } from "../context.ts";

export const DEFAULT_MAX_GATEWAYS = 16;
/** An unused spare is closed after this long (10 min). */
export const DEFAULT_SPARE_IDLE_MS = 10 * 60_000;
/** A socket whose gateway has not printed `gateway.ready` by then is closed (1011). */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;

export interface GatewayOptions {
	/** Concurrent `/api/ws` gateway children, spares included. */
	maxGateways?: number;
	/** Keep a started gateway per home for the next socket (default on; `HERMES_DASHBOARD_GATEWAY_PRESTART=0` turns it off). */
	prestartGateways?: boolean;
	spareIdleMs?: number;
	readyTimeoutMs?: number;
}

interface Spare {
	gateway: GatewayProcess;
	/** What the gateway was started with; a socket asking for anything else does not get it. */
	fingerprint: string;
	idleTimer: NodeJS.Timeout;
}

function fileStamp(path: string): string {
	try {
		const stat = statSync(path);
		return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
	} catch {
		return "absent";
	}
}

/** The command, environment and the home's config.yaml / .env as they are now. */
function fingerprint(command: GatewayCommand, app: AppContext, home: string): string {
	const paths = homePaths(home);
	return JSON.stringify([
		command.argv,
		command.cwd,
		childEnv(app, { home }),
		fileStamp(paths.config),
		fileStamp(paths.env),
	]);
}

export class GatewayRegistry {
	readonly maxGateways: number;
	readonly prestart: boolean;
	readonly spareIdleMs: number;
	readonly readyTimeoutMs: number;
	readonly #running = new Set<GatewayProcess>();
	readonly #spares = new Map<string, Spare>();
	/** Discarded spares still being closed (shutdown waits for them too). */
	readonly #draining = new Set<Promise<void>>();
	#closed = false;

	constructor(options: GatewayOptions | number = {}) {
		const settings = typeof options === "number" ? { maxGateways: options } : options;
		this.maxGateways = settings.maxGateways ?? DEFAULT_MAX_GATEWAYS;
		this.prestart = settings.prestartGateways ?? true;
		this.spareIdleMs = settings.spareIdleMs ?? DEFAULT_SPARE_IDLE_MS;
		this.readyTimeoutMs = settings.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
	}

	/** Gateway processes counted against the cap (spares included). */
	get size(): number {
		return this.#running.size;
	}

	/** The spare waiting for the next socket on `home`, if any. */
	spare(home: string): GatewayProcess | undefined {
		return this.#spares.get(home)?.gateway;
	}

	/**
	 * A gateway for one socket on `home`: the spare if it was started with what this
	 * socket would be given, else a new one. Throws CapacityError when `maxGateways`
	 * serve sockets already. A spawn that fails later (EMFILE, ENOENT) is reported
	 * through the gateway's `onExit`.
	 */
	start(command: GatewayCommand, app: AppContext, home: string = app.home): GatewayProcess {
		const wanted = fingerprint(command, app, home);
		const spare = this.#takeSpare(home);
		const warm = spare !== undefined && spare.fingerprint === wanted && spare.gateway.usable;
		if (spare !== undefined && !warm) {
			this.#discard(spare.gateway);
		}
		const gateway = warm ? spare.gateway : this.#spawn(command, app, home, true);
		if (this.prestart && parseFlag(app.env.HERMES_DASHBOARD_GATEWAY_PRESTART) !== false) {
			// After a cold start the next spare waits until this gateway is up (two Python
			// start-ups at once slow this socket's); after a warm one it starts now, so
			// chats opened one after another each find a spare that had a head start.
			if (warm) {
				this.#replenish(command, app, home);
			} else {
				gateway.onReady(() => this.#replenish(command, app, home));
			}
		}
		return gateway;
	}

	/** Closes one gateway and frees its slot once it is gone. */
	async close(gateway: GatewayProcess): Promise<void> {
		await gateway.close();
		this.#running.delete(gateway);
	}

	/** Server shutdown: every gateway closed, spares too, and no new spare started. */
	async closeAll(): Promise<void> {
		this.#closed = true;
		for (const home of [...this.#spares.keys()]) {
			this.#takeSpare(home);
		}
		await Promise.all([...[...this.#running].map((gateway) => this.close(gateway)), ...this.#draining]);
	}

	#spawn(command: GatewayCommand, app: AppContext, home: string, forSocket: boolean): GatewayProcess {
		if (this.#running.size >= this.maxGateways && forSocket) {
			// A spare never keeps a socket from its gateway.
			const [other] = this.#spares.keys();
			if (other !== undefined) {
				const evicted = this.#takeSpare(other);
				if (evicted !== undefined) {
					this.#discard(evicted.gateway);
				}
			}
		}
		if (this.#running.size >= this.maxGateways) {
			throw new CapacityError(`all ${this.maxGateways} gateway connections are in use; close one and retry.`);
		}
		const gateway = new GatewayProcess(command, app, home);
		this.#running.add(gateway);
		gateway.onExit(() => this.#running.delete(gateway));
		return gateway;
	}

	/** A spare no socket will get: its slot is free at once, its process goes in the background. */
	#discard(gateway: GatewayProcess): void {
		this.#running.delete(gateway);
		const closing = gateway.close();
		this.#draining.add(closing);
		void closing.finally(() => this.#draining.delete(closing));
	}

	#takeSpare(home: string): Spare | undefined {
		const spare = this.#spares.get(home);
		if (spare !== undefined) {
			this.#spares.delete(home);
			clearTimeout(spare.idleTimer);
		}
		return spare;
	}

	/** Starts the next socket's gateway for `home`, if there is room; a failure only loses the spare. */
	#replenish(command: GatewayCommand, app: AppContext, home: string): void {
		if (this.#closed || this.#spares.has(home) || this.#running.size >= this.maxGateways) {
			return;
		}
		let spare: Spare;
		try {
			// Stamped before the spawn: a change while it starts makes the stamp stale, never fresh.
			const stamp = fingerprint(command, app, home);
			const gateway = this.#spawn(command, app, home, false);
			const idleTimer = setTimeout(() => {
				if (this.#spares.get(home) === spare) {
					this.#takeSpare(home);
					this.#discard(gateway);
				}
			}, this.spareIdleMs);
			// An idle spare never keeps the process alive.
			idleTimer.unref();
			spare = { gateway, fingerprint: stamp, idleTimer };
		} catch {
			return;
		}
		this.#spares.set(home, spare);
		spare.gateway.onExit(() => {
			if (this.#spares.get(home) === spare) {
				this.#takeSpare(home);
			}
		});
	}
}
