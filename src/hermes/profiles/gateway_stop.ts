/**
 * @module
 * Stopping a profile's gateway before its folder is renamed or removed (Hermes does the
 * same, api-contract-clients §2.3/§2.4): SIGTERM to the pid its pid files name (checked
 * against the recorded start time), then SIGKILL if it is still alive after the grace
 * period. Otherwise the gateway would keep writing into a folder that moved or vanished.
 */
import { isProcessAlive, readGatewayStatus } from "../gateway/runtime.ts";

/** Hermes's grace period before a forced stop. */
export const STOP_GRACE_MS = 10_000;
const CHECK_EVERY_MS = 100;

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone (or not ours to signal): nothing more to do.
	}
}

/** Waits until `pid` has exited or `graceMs` has passed; true when it exited. */
async function exited(pid: number, graceMs: number): Promise<boolean> {
	for (let waited = 0; waited < graceMs; waited += CHECK_EVERY_MS) {
		if (!isProcessAlive(pid)) return true;
		await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
	}
	return !isProcessAlive(pid);
}

/** Stops the gateway running for `home`, if any; returns the pid it stopped. */
export async function stopProfileGateway(home: string, graceMs = STOP_GRACE_MS): Promise<number | null> {
	const { pid } = readGatewayStatus(home, {});
	if (pid === null || pid === process.pid) {
		return null;
	}
	signal(pid, "SIGTERM");
	if (!(await exited(pid, graceMs))) {
		signal(pid, "SIGKILL");
		await exited(pid, 1000);
	}
	return pid;
}
