/**
 * @module
 * The skills curator (hermes-home §17.1): settings from `curator.*` in config.yaml, state
 * in `skills/.curator_state` (JSON, `indent=2, sort_keys=True`, atomic). Pausing rewrites
 * the state file, keeping every other field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isMapping } from "../config/effective.ts";
import { getPath, type ConfigMapping } from "../config/yaml.ts";

export interface CuratorStatus {
	enabled: boolean;
	paused: boolean;
	interval_hours: number | null;
	last_run_at: unknown;
	min_idle_hours: number | null;
	stale_after_days: number | null;
	archive_after_days: number | null;
}

/** Defaults of `curator.*` in Hermes 0.18.2 (hermes-home §2.7). */
const DEFAULTS = { interval_hours: 168, min_idle_hours: 2, stale_after_days: 30, archive_after_days: 90 };

function statePath(home: string): string {
	return join(home, "skills", ".curator_state");
}

function readState(home: string): Record<string, unknown> {
	try {
		const data = JSON.parse(readFileSync(statePath(home), "utf8")) as unknown;
		return isMapping(data) ? data : {};
	} catch {
		return {};
	}
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function curatorStatus(home: string, config: ConfigMapping): CuratorStatus {
	const state = readState(home);
	const enabled = getPath(config, "curator.enabled");
	return {
		enabled: typeof enabled === "boolean" ? enabled : true,
		paused: state.paused === true,
		interval_hours: numberOr(getPath(config, "curator.interval_hours"), DEFAULTS.interval_hours),
		last_run_at: state.last_run_at ?? null,
		min_idle_hours: numberOr(getPath(config, "curator.min_idle_hours"), DEFAULTS.min_idle_hours),
		stale_after_days: numberOr(getPath(config, "curator.stale_after_days"), DEFAULTS.stale_after_days),
		archive_after_days: numberOr(getPath(config, "curator.archive_after_days"), DEFAULTS.archive_after_days),
	};
}

/** Python's `json.dumps(indent=2, sort_keys=True)` for a flat state object. */
function dumpSorted(data: Record<string, unknown>): string {
	const sorted = Object.fromEntries(
		Object.keys(data)
			.sort()
			.map((key) => [key, data[key]]),
	);
	return JSON.stringify(sorted, null, 2);
}

export function setCuratorPaused(home: string, paused: boolean): void {
	const state = readState(home);
	state.paused = paused;
	writeFileAtomic(statePath(home), dumpSorted(state), { mode: 0o644 });
}
