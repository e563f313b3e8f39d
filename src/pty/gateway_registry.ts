/**
 * @module
 * The `/api/ws` gateway children, capped like the PTY registry caps terminals: each
 * socket costs a process and four file descriptors, so an unbounded number of sockets
 * could exhaust the dashboard's fds (and every other request with them).
 */
import { CapacityError } from "./registry.ts";
import { GatewayProcess, type GatewayCommand } from "./gateway_process.ts";
import type { AppContext } from "../context.ts";

export const DEFAULT_MAX_GATEWAYS = 16;

export class GatewayRegistry {
	readonly maxGateways: number;
	readonly #running = new Set<GatewayProcess>();

	constructor(maxGateways: number = DEFAULT_MAX_GATEWAYS) {
		this.maxGateways = maxGateways;
	}

	get size(): number {
		return this.#running.size;
	}

	/**
	 * Starts a gateway, or throws CapacityError when `maxGateways` already run. A spawn
	 * that fails later (EMFILE, ENOENT) is reported through the gateway's `onExit`.
	 */
	start(command: GatewayCommand, app: AppContext, home: string = app.home): GatewayProcess {
		if (this.#running.size >= this.maxGateways) {
			throw new CapacityError(`all ${this.maxGateways} gateway connections are in use; close one and retry.`);
		}
		const gateway = new GatewayProcess(command, app, home);
		this.#running.add(gateway);
		gateway.onExit(() => this.#running.delete(gateway));
		return gateway;
	}

	/** Closes one gateway and frees its slot once it is gone. */
	async close(gateway: GatewayProcess): Promise<void> {
		await gateway.close();
		this.#running.delete(gateway);
	}

	/** Server shutdown: every gateway closed. */
	async closeAll(): Promise<void> {
		await Promise.all([...this.#running].map((gateway) => this.close(gateway)));
	}
}
