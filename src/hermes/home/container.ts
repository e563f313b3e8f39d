/**
 * @module
 * Container detection (hermes-home §1.4): decides whether chmods are skipped and whether
 * Hermes can update itself in place.
 */
import { existsSync, readFileSync } from "node:fs";

export function isInContainer(env: Record<string, string | undefined>): boolean {
	if ((env.HERMES_CONTAINER ?? "") !== "" || (env.HERMES_SKIP_CHMOD ?? "") !== "") {
		return true;
	}
	if (existsSync("/.dockerenv")) {
		return true;
	}
	try {
		return /docker|lxc|kubepods/.test(readFileSync("/proc/1/cgroup", "utf8"));
	} catch {
		return false;
	}
}
