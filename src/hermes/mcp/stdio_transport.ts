/**
 * @module
 * An MCP stdio client transport whose server runs in its own process group, so closing
 * it reaps the whole tree (an `npx` or shell wrapper's children too), as Hermes does
 * with `killpg`. The SDK's own stdio transport signals only the direct child. Framing
 * is MCP's stdio framing: one JSON-RPC message per line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Client } from "@modelcontextprotocol/sdk/client";

/** The SDK's transport interface, taken from the client (its own module has no types Deno can resolve). */
export type Transport = Parameters<Client["connect"]>[0];
type JSONRPCMessage = Parameters<Transport["send"]>[0];

/** Splits a byte stream into lines and parses each as one message. */
class LineBuffer {
	#pending = "";
	#decoder = new TextDecoder();

	append(chunk: Uint8Array): void {
		this.#pending += this.#decoder.decode(chunk, { stream: true });
	}

	/** The next complete message, or null; throws on a line that is not JSON. */
	next(): JSONRPCMessage | null {
		const end = this.#pending.indexOf("\n");
		if (end < 0) {
			return null;
		}
		const line = this.#pending.slice(0, end).replace(/\r$/, "");
		this.#pending = this.#pending.slice(end + 1);
		return JSON.parse(line) as JSONRPCMessage;
	}

	clear(): void {
		this.#pending = "";
	}
}

export interface StdioLaunch {
	command: string;
	args: string[];
	env: Record<string, string>;
	/** A file descriptor the server's stderr is appended to, or "ignore". */
	stderr: number | "ignore";
}

/** How long a closing server gets after stdin closes, and again after SIGTERM. */
const GRACE_MS = 500;

/** Process groups of servers still running: killed if the dashboard exits mid-probe, so none outlives it. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number): void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once("exit", () => {
			for (const group of liveGroups) {
				try {
					process.kill(-group, "SIGKILL");
				} catch {
					// Already gone.
				}
			}
		});
	}
	liveGroups.add(pid);
}

export class GroupStdioTransport implements Transport {
	onclose?: () => void;
	onerror?: (error: Error) => void;
	onmessage?: (message: JSONRPCMessage) => void;

	#launch: StdioLaunch;
	#child: ChildProcess | undefined;
	#buffer = new LineBuffer();
	#exited: Promise<void> | undefined;

	constructor(launch: StdioLaunch) {
		this.#launch = launch;
	}

	get pid(): number | undefined {
		return this.#child?.pid;
	}

	start(): Promise<void> {
		return new Promise((resolve, reject) => {
			const child = spawn(this.#launch.command, this.#launch.args, {
				env: this.#launch.env,
				stdio: ["pipe", "pipe", this.#launch.stderr],
				detached: true,
				windowsHide: true,
			});
			this.#child = child;
			// Listeners first: a failed spawn must fail this probe, never the server.
			child.on("error", (error) => {
				reject(error);
				this.onerror?.(error);
			});
			this.#exited = new Promise((done) => child.once("close", () => done()));
			child.once("close", () => {
				this.#child = undefined;
				this.onclose?.();
			});
			child.stdin?.on("error", (error) => this.onerror?.(error));
			child.stdout?.on("error", (error) => this.onerror?.(error));
			child.stdout?.on("data", (chunk: Buffer) => {
				this.#buffer.append(chunk);
				for (;;) {
					let message: JSONRPCMessage | null;
					try {
						message = this.#buffer.next();
					} catch (error) {
						this.onerror?.(error as Error);
						continue;
					}
					if (message === null) {
						break;
					}
					this.onmessage?.(message);
				}
			});
			child.once("spawn", () => {
				if (child.pid !== undefined) {
					trackGroup(child.pid);
				}
				resolve();
			});
		});
	}

	send(message: JSONRPCMessage): Promise<void> {
		const stdin = this.#child?.stdin;
		if (stdin === undefined || stdin === null || stdin.destroyed) {
			return Promise.reject(new Error("Not connected"));
		}
		return new Promise((resolve) => {
			if (stdin.write(`${JSON.stringify(message)}\n`)) {
				resolve();
			} else {
				stdin.once("drain", resolve);
			}
		});
	}

	/** Closes stdin, then SIGTERMs and finally SIGKILLs the group; resolves once the child is gone. */
	async close(): Promise<void> {
		const child = this.#child;
		const exited = this.#exited;
		if (child === undefined || exited === undefined || child.pid === undefined) {
			return;
		}
		const group = child.pid;
		const signalGroup = (signal: NodeJS.Signals): void => {
			try {
				process.kill(-group, signal);
			} catch {
				// The group is already gone.
			}
		};
		const waitExit = (ms: number): Promise<boolean> =>
			new Promise((resolve) => {
				const timer = setTimeout(() => resolve(false), ms);
				exited.then(() => {
					clearTimeout(timer);
					resolve(true);
				});
			});
		child.stdin?.end();
		if (!(await waitExit(GRACE_MS))) {
			signalGroup("SIGTERM");
			if (!(await waitExit(GRACE_MS))) {
				signalGroup("SIGKILL");
				await exited;
			}
		}
		// The leader may exit first and leave descendants behind: the group goes too.
		signalGroup("SIGKILL");
		liveGroups.delete(group);
		this.#buffer.clear();
	}
}
