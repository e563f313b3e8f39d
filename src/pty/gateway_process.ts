/**
 * @module
 * The Hermes TUI gateway child for one `/api/ws` socket: `python -m tui_gateway.entry`
 * from the Hermes install (overridable by `HERMES_DASHBOARD_GATEWAY_COMMAND` or
 * `dashboard.gateway_command`), newline-delimited JSON-RPC on stdin/stdout, run in its
 * own process group so closing it takes every helper it started along.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { getPath, readConfigLenient } from "../hermes/config/yaml.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { findHermesInstall } from "../hermes/home/install.ts";
import { childEnv, splitCommand } from "./command.ts";
import { killProcessGroup } from "./process_group.ts";
import type { AppContext } from "../context.ts";

/** How long a gateway may take to exit by itself after stdin closes. */
const GRACE_MS = 1000;
/**
 * Lines a gateway may print before anyone listens (a pre-started one has no socket
 * yet). Hermes prints only its ready event then; more is dropped rather than hoarded.
 */
const MAX_BACKLOG_LINES = 256;

/** True for the gateway's `{"method":"event","params":{"type":"gateway.ready",...}}` line. */
export function isReadyEvent(line: string): boolean {
	if (!line.includes("gateway.ready")) {
		return false;
	}
	try {
		const message = JSON.parse(line) as { method?: unknown; params?: { type?: unknown } };
		return message.method === "event" && message.params?.type === "gateway.ready";
	} catch {
		return false;
	}
}

export interface GatewayCommand {
	argv: string[];
	cwd: string;
}

/** The interpreter a launcher's shebang names (`#!/usr/bin/env python3` → python3). */
function launcherPython(launcher: string | null): string {
	if (launcher === null) {
		return "python3";
	}
	try {
		const first = readFileSync(launcher, "utf8").slice(0, 512).split("\n", 1)[0] ?? "";
		const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
		if (match?.[1] !== undefined) {
			return match[1].endsWith("/env") ? (match[2] ?? "python3") : match[1];
		}
	} catch {
		// Not readable: fall back to PATH.
	}
	return "python3";
}

export function gatewayCommand(app: AppContext): GatewayCommand {
	const install = findHermesInstall(app.home, app.env);
	const cwd = install.root ?? app.home;
	const fromEnv = app.env.HERMES_DASHBOARD_GATEWAY_COMMAND?.trim();
	if (fromEnv) {
		return { argv: splitCommand(fromEnv), cwd };
	}
	const configured = getPath(readConfigLenient(homePaths(app.home).config), "dashboard.gateway_command");
	if (typeof configured === "string" && configured.trim() !== "") {
		return { argv: splitCommand(configured), cwd };
	}
	return { argv: [launcherPython(install.launcher), "-m", "tui_gateway.entry"], cwd };
}

export class GatewayProcess {
	readonly #child: ChildProcess;
	#exited = false;
	#closing: Promise<void> | null = null;
	#stderrTail = "";
	#partial = "";
	#readyLine: string | null = null;
	#backlog: string[] | null = [];
	readonly #readyListeners: Array<(line: string) => void> = [];
	readonly #lineListeners: Array<(line: string) => void> = [];
	readonly #exitListeners: Array<(detail: string | null) => void> = [];

	/** `home` is the Hermes home the gateway serves (a requested profile's, else the dashboard's). */
	constructor(command: GatewayCommand, app: AppContext, home: string = app.home) {
		const [file, ...args] = command.argv;
		if (file === undefined) {
			throw new Error("the gateway command is empty");
		}
		this.#child = spawn(file, args, {
			cwd: command.cwd,
			env: childEnv(app, { home }),
			stdio: ["pipe", "pipe", "pipe"],
			detached: true,
		});
		let reported = false;
		const report = (detail: string | null): void => {
			this.#exited = true;
			if (!reported) {
				reported = true;
				for (const listener of this.#exitListeners) {
					listener(detail);
				}
			}
		};
		// First: a failed spawn (EMFILE, ENOENT…) is an "error" event on the next tick, and
		// an unheard one takes the whole server down. Its stdio may then be null. `on`, not
		// `once`: a failed kill later is another "error".
		this.#child.on("error", (error: NodeJS.ErrnoException) => {
			report(`cannot run ${file}: ${error.code ?? error.message}`);
		});
		this.#child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.#stdout(chunk));
		this.#child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
			this.#stderrTail = (this.#stderrTail + chunk).slice(-400);
		});
		this.#child.stdin?.on("error", () => {
			// The gateway died; "exit" reports it.
		});
		this.#child.once("exit", (code, signal) => {
			const tail = this.#stderrTail.trim().split("\n").pop() ?? "";
			report(
				code === 0 || this.#closing !== null
					? null
					: `gateway exited (${signal ?? code})${tail ? `: ${tail}` : ""}`,
			);
		});
	}

	get pid(): number | undefined {
		return this.#child.pid;
	}

	/** False once the process exited or closing began: it can serve no socket any more. */
	get usable(): boolean {
		return !this.#exited && this.#closing === null;
	}

	/** The gateway's own `gateway.ready` line (skin, branding, colours…), once it printed it. */
	get readyLine(): string | null {
		return this.#readyLine;
	}

	/** Called once with the gateway's ready line; at once if it was already printed. */
	onReady(listener: (line: string) => void): void {
		if (this.#readyLine !== null) {
			listener(this.#readyLine);
		} else {
			this.#readyListeners.push(listener);
		}
	}

	/**
	 * Every stdout line but the first ready event. Lines printed before the first listener
	 * (a pre-started gateway's) are held and handed to it first, in order.
	 */
	onLine(listener: (line: string) => void): void {
		this.#lineListeners.push(listener);
		const held = this.#backlog ?? [];
		this.#backlog = null;
		for (const line of held) {
			listener(line);
		}
	}

	onExit(listener: (detail: string | null) => void): void {
		this.#exitListeners.push(listener);
	}

	send(line: string): void {
		if (!this.#exited && this.#closing === null) {
			this.#child.stdin?.write(`${line}\n`);
		}
	}

	#stdout(chunk: string): void {
		const lines = (this.#partial + chunk).split("\n");
		this.#partial = lines.pop() ?? "";
		for (const raw of lines) {
			const line = raw.trim();
			if (line === "") {
				continue;
			}
			if (this.#readyLine === null && isReadyEvent(line)) {
				this.#readyLine = line;
				for (const listener of this.#readyListeners.splice(0)) {
					listener(line);
				}
			} else if (this.#backlog !== null) {
				if (this.#backlog.length < MAX_BACKLOG_LINES) {
					this.#backlog.push(line);
				}
			} else {
				for (const listener of this.#lineListeners) {
					listener(line);
				}
			}
		}
	}

	/** EOF on stdin, then the process group is signalled until it is gone. */
	close(): Promise<void> {
		this.#closing ??= (async () => {
			this.#child.stdin?.end();
			// EOF on stdin is the gateway's own signal to finish; give it a moment first.
			const done = (): boolean => this.#child.exitCode !== null || this.#child.signalCode !== null;
			for (let waited = 0; waited < GRACE_MS && !done() && this.#child.pid !== undefined; waited += 20) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			const pid = this.#child.pid;
			if (pid !== undefined) {
				await killProcessGroup(pid, () => this.#child.exitCode !== null || this.#child.signalCode !== null);
			}
			this.#child.stdout?.destroy();
			this.#child.stderr?.destroy();
		})();
		return this.#closing;
	}
}
