/**
 * @module
 * Paths inside a Hermes home, and creating a missing one with safe modes.
 */
import { mkdirSync, existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Sub-folders Hermes's own `ensure_hermes_home()` creates (mode 0700). */
const STANDARD_DIRS = ["cron", "sessions", "logs", "memories", "skills", "hooks"];

export interface HomePaths {
	home: string;
	config: string;
	env: string;
	stateDB: string;
	logs: string;
	cron: string;
	skills: string;
	gatewayPid: string;
	gatewayLock: string;
	gatewayState: string;
	profiles: string;
}

export function homePaths(home: string): HomePaths {
	return {
		home,
		config: join(home, "config.yaml"),
		env: join(home, ".env"),
		stateDB: join(home, "state.db"),
		logs: join(home, "logs"),
		cron: join(home, "cron"),
		skills: join(home, "skills"),
		gatewayPid: join(home, "gateway.pid"),
		gatewayLock: join(home, "gateway.lock"),
		gatewayState: join(home, "gateway_state.json"),
		profiles: join(home, "profiles"),
	};
}

/**
 * The root home (the "default" profile): a home under `<root>/profiles/<name>` belongs
 * to `<root>`; any other home is its own root.
 */
export function rootHome(home: string): string {
	const parent = dirname(home);
	return basename(parent) === "profiles" ? dirname(parent) : home;
}

/**
 * Creates a missing home (and Hermes's standard sub-folders) with mode 0700. An existing
 * home is left exactly as it is. Returns true when it created the home.
 */
export function ensureHome(home: string): boolean {
	if (existsSync(home)) {
		if (!statSync(home).isDirectory()) {
			throw new Error(`Hermes home ${home} exists but is not a directory`);
		}
		return false;
	}
	mkdirSync(home, { recursive: true, mode: 0o700 });
	for (const dir of STANDARD_DIRS) {
		mkdirSync(join(home, dir), { recursive: true, mode: 0o700 });
	}
	return true;
}
