/**
 * @module
 * Gateway start / stop / restart (api-contract A.12, hermes-home §5.1, §12): the CLI is
 * spawned detached as `hermes [-p <profile>] gateway <verb>` through the shared
 * background-actions runner, so `GET /api/actions/gateway-<verb>/status` and its stream
 * follow the run. A restart still running for the same arguments is reused (two clicks,
 * one process); one running for another profile refuses the second.
 */
import { accessSync, constants } from "node:fs";
import { ActionStartError, type ActionRunner } from "../actions/runner.ts";

export type GatewayVerb = "start" | "stop" | "restart";

/** A spawn that failed: one request answers 500 with this message. */
export class GatewaySpawnError extends Error {}

/** No `hermes` launcher on this machine: nothing was spawned. */
export class GatewayNotInstalledError extends Error {}

export interface SpawnPlan {
	/** The launcher: `hermes` found on PATH (or the install's), or null when Hermes is not installed. */
	launcher: string | null;
	/** The dashboard's action runner (its logs go to the dashboard's own home's `logs/`). */
	runner: ActionRunner;
	/** Named profile, passed as `-p`. */
	profile: string | null;
}

/** Spawns (or, for a restart, reuses) `hermes gateway <verb>`; returns the tracked PID. */
export function runGatewayAction(verb: GatewayVerb, plan: SpawnPlan): { pid: number; name: string } {
	const name = `gateway-${verb}`;
	const args = [...(plan.profile !== null ? ["-p", plan.profile] : []), "gateway", verb];
	if (plan.launcher === null) {
		throw new GatewayNotInstalledError(
			"Hermes Agent is not installed on this machine (no `hermes` command on PATH). Install Hermes Agent, then try again.",
		);
	}
	try {
		// A launcher that exists but cannot run: say why (EACCES) instead of a bare spawn failure.
		accessSync(plan.launcher, constants.X_OK);
	} catch (error) {
		throw new GatewaySpawnError((error as Error).message);
	}
	try {
		return { pid: plan.runner.start(name, args), name };
	} catch (error) {
		if (error instanceof ActionStartError && plan.runner.isRunning(name)) {
			throw new GatewaySpawnError(`gateway ${verb} already in progress for another profile`);
		}
		throw new GatewaySpawnError((error as Error).message);
	}
}

/**
 * The best-effort restart a settings change asks for (webhooks enable, channel saves):
 * the save stays authoritative, a failed spawn is reported in the answer so the page can
 * fall back to its manual-restart hint.
 */
export function restartGatewayAfterChange(
	plan: SpawnPlan,
):
	| { restart_started: true; restart_action: string; restart_pid: number }
	| { restart_started: false; restart_error: string } {
	try {
		const run = runGatewayAction("restart", plan);
		return { restart_started: true, restart_action: run.name, restart_pid: run.pid };
	} catch (error) {
		if (error instanceof GatewaySpawnError || error instanceof GatewayNotInstalledError) {
			return { restart_started: false, restart_error: error.message };
		}
		throw error;
	}
}
