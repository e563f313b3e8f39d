/**
 * @module
 * The messaging gateway's runtime files (hermes-home §12): `gateway.pid`,
 * `gateway_state.json`. Read-only: the dashboard never writes the gateway's files.
 */
import { readFileSync, statSync } from "node:fs";
import { homePaths } from "../home/paths.ts";
import { getPath, type ConfigMapping } from "../config/yaml.ts";

/** Default ports of port-binding platforms (hermes-home §12). */
const PLATFORM_PORTS: Record<string, number> = {
	webhook: 8644,
	api_server: 8642,
	msgraph_webhook: 8646,
	feishu: 8765,
	wecom_callback: 8645,
	bluebubbles: 8645,
	sms: 8080,
	whatsapp_cloud: 8090,
	line: 8646,
};

export interface PlatformState {
	state?: string;
	error_code?: string | null;
	error_message?: string | null;
	updated_at?: string | null;
	[key: string]: unknown;
}

export interface GatewayStatus {
	running: boolean;
	pid: number | null;
	state: string | null;
	platforms: Record<string, PlatformState>;
	exitReason: unknown;
	updatedAt: unknown;
	activeAgents: number;
	busy: boolean;
	drainable: boolean;
	servedProfiles: string[];
	/** Port per enabled port-binding platform. */
	ports: Record<string, number>;
}

interface PidRecord {
	pid: number;
	startTime: number | null;
	argv: string[];
}

function readJSON(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, "utf8"));
	} catch {
		return undefined;
	}
}

function readPidRecord(path: string): PidRecord | null {
	let text: string;
	try {
		text = readFileSync(path, "utf8").trim();
	} catch {
		return null;
	}
	if (/^\d+$/.test(text)) {
		return { pid: Number(text), startTime: null, argv: [] };
	}
	try {
		const record = JSON.parse(text) as { pid?: unknown; start_time?: unknown; argv?: unknown };
		if (typeof record.pid !== "number" || !Number.isInteger(record.pid) || record.pid <= 0) {
			return null;
		}
		return {
			pid: record.pid,
			startTime: typeof record.start_time === "number" ? record.start_time : null,
			argv: Array.isArray(record.argv) ? record.argv.map(String) : [],
		};
	} catch {
		return null;
	}
}

/** Whether a PID names a live process (EPERM still means it exists). */
export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/** Linux start time in clock ticks (field 22 of /proc/<pid>/stat), or null elsewhere. */
function processStartTime(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		// The command name may hold spaces and parentheses: fields start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		const ticks = Number(fields[19]);
		return Number.isFinite(ticks) ? ticks : null;
	} catch {
		return null;
	}
}

/** A recorded PID is ours only if it lives and (where known) started when recorded. */
function recordIsLive(record: PidRecord): boolean {
	if (!isProcessAlive(record.pid)) {
		return false;
	}
	if (record.startTime === null) {
		return true;
	}
	const actual = processStartTime(record.pid);
	return actual === null || Math.abs(actual - record.startTime) <= 1;
}

/**
 * Who holds `flock` on the gateway's lock file, read from /proc/locks (Linux) without
 * touching the lock: a PID, null when the file exists and nobody holds it (no gateway,
 * whatever a stale PID file says), or undefined when this cannot be told here.
 */
export function gatewayLockHolder(lockPath: string): number | null | undefined {
	let id: string;
	try {
		const stat = statSync(lockPath);
		const dev = Number(stat.dev);
		const major = (dev >> 8) & 0xfff;
		const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
		id = `${major.toString(16).padStart(2, "0")}:${minor.toString(16).padStart(2, "0")}:${stat.ino}`;
	} catch {
		return undefined;
	}
	let locks: string;
	try {
		locks = readFileSync("/proc/locks", "utf8");
	} catch {
		return undefined;
	}
	for (const line of locks.split("\n")) {
		// "1: FLOCK  ADVISORY  WRITE 4242 fe:00:2150760 0 EOF" (blocked waiters carry "->").
		const fields = line.trim().split(/\s+/);
		if (fields[1] === "FLOCK" && fields[2] !== "->" && fields[5] === id) {
			const pid = Number(fields[4]);
			return Number.isInteger(pid) && pid > 0 ? pid : undefined;
		}
	}
	return null;
}

function configuredPlatforms(config: ConfigMapping): Set<string> {
	const platforms = getPath(config, "platforms");
	const names = new Set<string>();
	if (platforms !== null && typeof platforms === "object" && !Array.isArray(platforms)) {
		for (const [name, settings] of Object.entries(platforms as Record<string, unknown>)) {
			const enabled =
				settings !== null && typeof settings === "object"
					? (settings as Record<string, unknown>).enabled
					: undefined;
			if (enabled !== false) {
				names.add(name);
			}
		}
	}
	return names;
}

function platformPorts(config: ConfigMapping, configured: Set<string>): Record<string, number> {
	const ports: Record<string, number> = {};
	for (const name of configured) {
		// Own properties only: a platform named `constructor` in config.yaml has no default port.
		const fallback = Object.hasOwn(PLATFORM_PORTS, name) ? PLATFORM_PORTS[name] : undefined;
		if (fallback === undefined) {
			continue;
		}
		const custom = getPath(config, `platforms.${name}.extra.port`) ?? getPath(config, `platforms.${name}.port`);
		ports[name] = typeof custom === "number" && Number.isInteger(custom) ? custom : fallback;
	}
	return ports;
}

function nonNegativeInteger(value: unknown): number {
	const number = typeof value === "string" ? Number(value) : value;
	return typeof number === "number" && Number.isFinite(number) && number >= 0 ? Math.floor(number) : 0;
}

/** Reads the local gateway's state for one home. */
export function readGatewayStatus(home: string, config: ConfigMapping): GatewayStatus {
	const paths = homePaths(home);
	const rawState = readJSON(paths.gatewayState);
	const stateFile =
		rawState !== null && typeof rawState === "object" && !Array.isArray(rawState)
			? (rawState as Record<string, unknown>)
			: {};
	const recordedState = typeof stateFile.gateway_state === "string" ? stateFile.gateway_state : null;

	let pid: number | null = null;
	const record = readPidRecord(paths.gatewayPid) ?? readPidRecord(paths.gatewayLock);
	// The lock decides first, as Hermes asks it: held ⇒ running (by its holder), free ⇒ not.
	const holder = gatewayLockHolder(paths.gatewayLock);
	if (typeof holder === "number" && isProcessAlive(holder)) {
		pid = holder;
	} else if (holder === null) {
		pid = null;
	} else if (record !== null && recordIsLive(record)) {
		pid = record.pid;
	} else if (
		typeof stateFile.pid === "number" &&
		recordedState !== "stopped" &&
		recordedState !== "startup_failed" &&
		isProcessAlive(stateFile.pid)
	) {
		pid = stateFile.pid;
	}
	const running = pid !== null;

	let state = recordedState;
	if (!running && state !== "stopped" && state !== "startup_failed") {
		state = "stopped";
	}
	const configured = configuredPlatforms(config);
	const platforms: Record<string, PlatformState> = {};
	const rawPlatforms = stateFile.platforms;
	if (running && rawPlatforms !== null && typeof rawPlatforms === "object" && !Array.isArray(rawPlatforms)) {
		for (const [name, value] of Object.entries(rawPlatforms as Record<string, unknown>)) {
			if (configured.has(name) && value !== null && typeof value === "object") {
				platforms[name] = value as PlatformState;
			}
		}
	}
	const activeAgents = nonNegativeInteger(stateFile.active_agents);
	const served = Array.isArray(stateFile.served_profiles) ? stateFile.served_profiles.map(String) : [];
	return {
		running,
		pid,
		state,
		platforms,
		exitReason: stateFile.exit_reason ?? null,
		updatedAt: stateFile.updated_at ?? null,
		activeAgents,
		busy: running && state === "running" && activeAgents > 0,
		drainable: running && state === "running",
		servedProfiles: served,
		ports: running ? platformPorts(config, configured) : {},
	};
}
