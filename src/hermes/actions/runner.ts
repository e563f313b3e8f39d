/**
 * @module
 * Background actions (api-contract A.13, hermes-home §5.1): a Hermes CLI command run
 * detached, its stdout+stderr appended to `logs/<file>` after a header line, its
 * running/exit state kept in memory. Built once for every page that spawns the CLI
 * (skills hub, gateway, ops): each page only picks the action name and the argv.
 *
 * One instance per name: a start while the same argv runs answers the running
 * process (Hermes does this for `gateway-restart`); a start with another argv while
 * one runs is refused, so two installs never write the same log or skill folder.
 * Exited children are reaped by the `exit` listener (no zombies).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, appendFileSync, closeSync, constants, fstatSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../home/clock.ts";
import { findHermesInstall } from "../home/install.ts";
import { readTailLines } from "./tail.ts";

/** Fixed action names and their log files (A.13); other names log to `action-<name>.log`. */
const FIXED_LOGS: Readonly<Record<string, string>> = {
	"gateway-restart": "gateway-restart.log",
	"gateway-start": "gateway-start.log",
	"gateway-stop": "gateway-stop.log",
	"hermes-update": "hermes-update.log",
};
const FIXED_ACTION_NAMES = [
	"doctor",
	"security-audit",
	"backup",
	"import",
	"checkpoints-prune",
	"skills-update",
	"curator-run",
	"prompt-size",
	"dump",
	"config-migrate",
	"tools-post-setup",
	"computer-use-grant",
];

/** Why a start failed: another run in progress, or the spawn itself. */
export class ActionStartError extends Error {}

/** An argument no process can receive (a NUL byte): the request's fault, never spawned. */
export class ActionArgumentError extends ActionStartError {}

/** No `hermes` CLI to run: the user has something to install (a 4xx, not a server fault). */
export class HermesCLIMissingError extends ActionStartError {}

export interface ActionStatus {
	name: string;
	running: boolean;
	exit_code: number | null;
	pid: number | null;
	lines: string[];
}

interface Tracked {
	child: ChildProcess | null;
	argv: readonly string[];
	pid: number | null;
	exitCode: number | null;
	running: boolean;
	/** Byte offset of this run's header line in the log. */
	logOffset: number;
	/** Settles when the child has exited (or never started). */
	done: Promise<void>;
}

export interface ActionRunnerOptions {
	/** The `logs/` folder of the home the dashboard was started with. */
	logsDir: string;
	clock: Clock;
	/** The environment children inherit (PATH decides which `hermes` runs). */
	env: Record<string, string | undefined>;
	/** The home whose install is searched for a launcher when `hermes` is not on PATH. */
	home: string;
}

/** `YYYY-MM-DD HH:MM:SS` in local time, as Python's `datetime.now().strftime` writes it. */
export function headerStamp(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, "0");
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export class ActionRunner {
	private readonly options: ActionRunnerOptions;
	private readonly registered = new Set<string>([...Object.keys(FIXED_LOGS), ...FIXED_ACTION_NAMES]);
	private readonly tracked = new Map<string, Tracked>();

	constructor(options: ActionRunnerOptions) {
		this.options = options;
	}

	/** Whether `name` is an action the status endpoint knows (fixed, or spawned once). */
	isKnown(name: string): boolean {
		return this.registered.has(name);
	}

	logPath(name: string): string {
		const file = Object.hasOwn(FIXED_LOGS, name) ? FIXED_LOGS[name]! : `action-${name}.log`;
		return join(this.options.logsDir, file);
	}

	/** The `hermes` launcher children run, or a start error saying what to install. */
	private launcher(): string {
		const launcher = findHermesInstall(this.options.home, this.options.env).launcher;
		if (launcher === null) {
			throw new HermesCLIMissingError(
				"the hermes CLI was not found on PATH; install Hermes Agent (https://github.com/NousResearch/hermes-agent) or add its bin folder to PATH",
			);
		}
		try {
			// Checked here because a spawn that cannot exec reports why only asynchronously.
			accessSync(launcher, constants.X_OK);
		} catch (error) {
			throw new ActionStartError((error as Error).message);
		}
		return launcher;
	}

	/**
	 * Starts `hermes <args>` as action `name`; returns its pid. The same argv already
	 * running → that process's pid; another argv running → ActionStartError.
	 */
	start(name: string, args: readonly string[]): number {
		if (args.some((arg) => arg.includes("\0"))) {
			throw new ActionArgumentError("arguments must not contain NUL characters");
		}
		const current = this.tracked.get(name);
		if (current?.running) {
			if (current.argv.join("\0") === args.join("\0") && current.pid !== null) {
				return current.pid;
			}
			throw new ActionStartError(`${name} is already running with other arguments`);
		}
		const launcher = this.launcher();
		this.registered.add(name);
		const path = this.logPath(name);
		mkdirSync(this.options.logsDir, { recursive: true });
		const fd = openSync(path, "a", 0o600);
		const logOffset = fstatSync(fd).size;
		let child: ChildProcess;
		try {
			writeSync(fd, `\n=== ${name} started ${headerStamp(this.options.clock.now())} ===\n`);
			child = spawn(launcher, [...args], {
				detached: true,
				stdio: ["ignore", fd, fd],
				// The CLI acts on the home this dashboard serves (`-p` picks a profile under it).
				env: { ...this.options.env, HERMES_HOME: this.options.home, HERMES_NONINTERACTIVE: "1" },
			});
		} finally {
			// The child holds its own copy of the descriptor.
			closeSync(fd);
		}
		let settle!: () => void;
		const entry: Tracked = {
			child,
			argv: [...args],
			pid: child.pid ?? null,
			exitCode: null,
			running: child.pid !== undefined,
			logOffset,
			done: new Promise((resolve) => {
				settle = resolve;
			}),
		};
		// Before anything else touches the child: a failed spawn arrives as 'error'.
		child.on("error", () => {
			entry.running = false;
			entry.child = null;
			settle();
		});
		child.on("exit", (code, signal) => {
			entry.running = false;
			entry.exitCode = code ?? (signal !== null ? -1 : null);
			entry.child = null;
			settle();
		});
		if (child.pid === undefined) {
			throw new ActionStartError(`could not start ${launcher}`);
		}
		// A detached child must not keep the dashboard's event loop alive on shutdown.
		child.unref();
		this.tracked.set(name, entry);
		return child.pid;
	}

	/**
	 * Runs `task` in this process as action `name` (native backup and restore): the same
	 * header, log and status as a spawned action, with pid null. The task's lines are
	 * appended to the log as they come; its resolved number is the exit code, a throw
	 * is logged as `Error: <message>` with exit code 1.
	 */
	runTask(name: string, task: (log: (line: string) => void) => Promise<number>): void {
		if (this.tracked.get(name)?.running) {
			throw new ActionStartError(`${name} is already running`);
		}
		this.registered.add(name);
		const path = this.logPath(name);
		mkdirSync(this.options.logsDir, { recursive: true });
		const fd = openSync(path, "a", 0o600);
		const logOffset = fstatSync(fd).size;
		try {
			writeSync(fd, `\n=== ${name} started ${headerStamp(this.options.clock.now())} ===\n`);
		} finally {
			closeSync(fd);
		}
		const log = (line: string) => appendFileSync(path, `${line}\n`, { mode: 0o600 });
		const entry: Tracked = {
			child: null,
			argv: [],
			pid: null,
			exitCode: null,
			running: true,
			logOffset,
			done: Promise.resolve(),
		};
		entry.done = (async () => {
			try {
				entry.exitCode = await task(log);
			} catch (error) {
				try {
					log(`Error: ${(error as Error).message}`);
				} catch {
					// The log itself is unwritable: the exit code still tells.
				}
				entry.exitCode = 1;
			} finally {
				entry.running = false;
			}
		})();
		this.tracked.set(name, entry);
	}

	/** Records a result without a process (A.13 "synthetic results"). */
	complete(name: string, message: string): void {
		this.registered.add(name);
		mkdirSync(this.options.logsDir, { recursive: true });
		const fd = openSync(this.logPath(name), "a", 0o600);
		const logOffset = fstatSync(fd).size;
		try {
			writeSync(fd, `\n=== ${name} completed ${headerStamp(this.options.clock.now())} ===\n${message}\n`);
		} finally {
			closeSync(fd);
		}
		this.tracked.set(name, {
			child: null,
			argv: [],
			pid: null,
			exitCode: 1,
			running: false,
			logOffset,
			done: Promise.resolve(),
		});
	}

	/** Where the latest run's output starts in the log (0 when none ran in this process). */
	lastRunOffset(name: string): number {
		return this.tracked.get(name)?.logOffset ?? 0;
	}

	/** Whether the named action's process is running now. */
	isRunning(name: string): boolean {
		return this.tracked.get(name)?.running ?? false;
	}

	/** The last exit code recorded for the name (null while running or never run). */
	exitCode(name: string): number | null {
		const entry = this.tracked.get(name);
		return entry === undefined || entry.running ? null : entry.exitCode;
	}

	/** `GET /api/actions/{name}/status`; null for a name never registered. */
	status(name: string, lines: number): ActionStatus | null {
		if (!this.isKnown(name)) {
			return null;
		}
		const entry = this.tracked.get(name);
		const running = entry?.running ?? false;
		return {
			name,
			running,
			exit_code: running ? null : (entry?.exitCode ?? null),
			// Hermes keeps reporting the pid of a finished run (null only for synthetic results).
			pid: entry?.pid ?? null,
			lines: readTailLines(this.logPath(name), lines),
		};
	}

	/** Resolves when the named action's current process has exited (tests, shutdown). */
	async settled(name: string): Promise<void> {
		await this.tracked.get(name)?.done;
	}

	/** Stops every running child's process group (dashboard shutdown, tests). */
	stopAll(): void {
		for (const entry of this.tracked.values()) {
			if (entry.running && entry.pid !== null) {
				try {
					process.kill(-entry.pid, "SIGTERM");
				} catch {
					// Already gone.
				}
			}
		}
	}
}

const runners = new WeakMap<object, ActionRunner>();

/** The one runner of a dashboard instance (keyed by its context object); logs go to its home's `logs/`. */
export function actionRunnerFor(app: {
	home: string;
	clock: Clock;
	env: Record<string, string | undefined>;
}): ActionRunner {
	let runner = runners.get(app);
	if (runner === undefined) {
		runner = new ActionRunner({ logsDir: join(app.home, "logs"), clock: app.clock, env: app.env, home: app.home });
		runners.set(app, runner);
	}
	return runner;
}
