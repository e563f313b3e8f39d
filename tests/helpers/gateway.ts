/**
 * A gateway that looks alive to the dashboard without running one: a live process's PID
 * in `gateway.pid` (as Hermes writes it) and a `gateway_state.json` reporting "running".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** `state` adds to (or overrides) the state file's fields; `pid` must be a live process. */
export function fakeRunningGateway(
	home: string,
	state: Record<string, unknown>,
	pid: number = process.pid,
	argv: string[] = [],
): void {
	writeFileSync(join(home, "gateway.pid"), JSON.stringify({ pid, kind: "hermes-gateway", argv }));
	writeFileSync(join(home, "gateway_state.json"), JSON.stringify({ pid, gateway_state: "running", ...state }));
}
