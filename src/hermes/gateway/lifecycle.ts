/**
 * @module
 * Gateway start / stop / restart (api-contract A.12, hermes-home §5.1, §12): the CLI is
 * spawned detached as `hermes [-p <profile>] gateway <verb>`, stdin from /dev/null and
 * its output appended to `logs/gateway-<verb>.log` after a `=== … started … ===` header.
 * A restart still running for the same arguments is reused (two clicks, one process);
 * one running for another profile refuses the second.
 *
 * Kept small on purpose: the shared background-actions module will own spawning and
 * action status; this tracks only the three gateway actions until it lands.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";

export type GatewayVerb = "start" | "stop" | "restart";

/** A spawn that failed: one request answers 500 with this message. */
export class GatewaySpawnError extends Error {}

/** No `hermes` launcher on this machine: nothing was spawned. */
export class GatewayNotInstalledError extends Error {}

interface Tracked {
	child: ChildProcess;
	argv: string[];
	exitCode: number | null;
	running: boolean;
}

const tracked = new Map<string, Tracked>();

export interface SpawnPlan {
	/** The launcher: `hermes` found on PATH (or the install's), or null when Hermes is not installed. */
	launcher: string | null;
	/** Logs folder of the dashboard's own home (where action logs go). */
	logsDir: string;
	/** The dashboard's own home (HERMES_HOME of the CLI; `-p` picks a profile under it). */
	home: string;
	/** Named profile, passed as `-p`. */
	profile: string | null;
	env: Record<string, string | undefined>;
	nowMs: number;
}

function stamp(nowMs: number): string {
	return new Date(nowMs).toISOString().replace("T", " ").slice(0, 19);
}

/** Waits for the child to spawn or fail; a failure is an error event, never a crash. */
function spawned(child: ChildProcess): Promise<void> {
	return new Promise((resolve, reject) => {
		child.once("spawn", () => resolve());
		child.once("error", (error) => reject(error));
	});
}

/** Spawns (or, for a restart, reuses) `hermes gateway <verb>`; returns the tracked PID. */
export async function runGatewayAction(verb: GatewayVerb, plan: SpawnPlan): Promise<{ pid: number; reused: boolean }> {
	const name = `gateway-${verb}`;
	const args = [...(plan.profile !== null ? ["-p", plan.profile] : []), "gateway", verb];
	const current = tracked.get(name);
	if (verb === "restart" && current?.running === true && current.child.pid !== undefined) {
		if (current.argv.join("\0") === args.join("\0")) {
			return { pid: current.child.pid, reused: true };
		}
		throw new GatewaySpawnError("gateway restart already in progress for another profile");
	}
	if (plan.launcher === null) {
		throw new GatewayNotInstalledError(
			"Hermes Agent is not installed on this machine (no `hermes` command on PATH). Install Hermes Agent, then try again.",
		);
	}
	mkdirSync(plan.logsDir, { recursive: true, mode: 0o700 });
	const logPath = join(plan.logsDir, `${name}.log`);
	appendFileSync(logPath, `\n=== ${name} started ${stamp(plan.nowMs)} ===\n`);
	const fd = openSync(logPath, "a");
	let child: ChildProcess;
	try {
		child = spawn(plan.launcher, args, {
			cwd: plan.home,
			detached: true,
			stdio: ["ignore", fd, fd],
			env: { ...plan.env, HERMES_HOME: plan.home, HERMES_NONINTERACTIVE: "1" },
		});
	} catch (error) {
		closeSync(fd);
		throw new GatewaySpawnError((error as Error).message);
	}
	const entry: Tracked = { child, argv: args, exitCode: null, running: true };
	// Listeners first: an 'error' without one would take the server down.
	child.on("error", () => {
		entry.running = false;
	});
	child.on("exit", (code) => {
		entry.running = false;
		entry.exitCode = code;
	});
	try {
		await spawned(child);
	} catch (error) {
		throw new GatewaySpawnError((error as Error).message);
	} finally {
		closeSync(fd);
	}
	child.unref();
	tracked.set(name, entry);
	return { pid: child.pid!, reused: false };
}
