/**
 * @module
 * Gateway start / stop / restart (api-contract A.12, hermes-home §5.1, §12) as background
 * actions: `hermes [-p <profile>] gateway <verb>` spawned by the shared actions runner
 * (detached, stdin /dev/null, output in `logs/gateway-<verb>.log` after its header,
 * status at `/api/actions/gateway-<verb>/status`). The runner reuses a run still going
 * with the same argv (two restart clicks, one process) and refuses one for another
 * profile; the exit listener reaps every child.
 */
import { ActionArgumentError, ActionStartError, type ActionRunner, HermesCLIMissingError } from "../actions/runner.ts";

export type GatewayVerb = "start" | "stop" | "restart";

/** A spawn that failed or was refused: one request answers 500 with this message. */
export class GatewaySpawnError extends Error {}

/** No `hermes` launcher on this machine: nothing was spawned. */
export class GatewayNotInstalledError extends Error {}

/** The argv of a gateway verb for a profile (`-p` first, as Hermes passes it). */
export function gatewayArgs(verb: GatewayVerb, profile: string | null): string[] {
	return [...(profile !== null ? ["-p", profile] : []), "gateway", verb];
}

/** Starts (or joins the running) `gateway-<verb>` action; returns its pid. */
export function runGatewayAction(
	runner: ActionRunner,
	verb: GatewayVerb,
	profile: string | null,
): { pid: number; name: string } {
	const name = `gateway-${verb}`;
	try {
		return { pid: runner.start(name, gatewayArgs(verb, profile)), name };
	} catch (error) {
		if (error instanceof HermesCLIMissingError) {
			throw new GatewayNotInstalledError(
				"Hermes Agent is not installed on this machine (no `hermes` command on PATH). Install Hermes Agent, then try again.",
			);
		}
		if (error instanceof ActionArgumentError) throw new GatewaySpawnError(error.message);
		if (error instanceof ActionStartError) {
			throw new GatewaySpawnError(
				runner.isRunning(name) ? `gateway ${verb} already in progress for another profile` : error.message,
			);
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
	runner: ActionRunner,
	profile: string | null,
):
	| { restart_started: true; restart_action: string; restart_pid: number }
	| { restart_started: false; restart_error: string } {
	try {
		const run = runGatewayAction(runner, "restart", profile);
		return { restart_started: true, restart_action: run.name, restart_pid: run.pid };
	} catch (error) {
		if (error instanceof GatewaySpawnError || error instanceof GatewayNotInstalledError) {
			return { restart_started: false, restart_error: error.message };
		}
		throw error;
	}
}
