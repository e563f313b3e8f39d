/**
 * @module
 * Ending a PTY child for good: SIGHUP, then SIGTERM, then SIGKILL to its whole process
 * group (the child is a session leader, so its pid is the group id), each followed by
 * up to 0.5 s for the group to disappear.
 */

const STEP_MS = 500;
const POLL_MS = 10;

/** True while any process of group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// Already gone.
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Signals the group until it is gone. `leaderDone` tells whether the leader was
 * already reaped; the group check alone would miss an unreaped (zombie) leader.
 */
export async function killProcessGroup(
	pgid: number,
	leaderDone: () => boolean,
	stepMs: number = STEP_MS,
): Promise<void> {
	for (const signal of ["SIGHUP", "SIGTERM", "SIGKILL"] as const) {
		if (!groupAlive(pgid) && leaderDone()) {
			return;
		}
		signalGroup(pgid, signal);
		const deadline = Date.now() + stepMs;
		while (Date.now() < deadline) {
			await sleep(POLL_MS);
			if (!groupAlive(pgid) && leaderDone()) {
				return;
			}
		}
	}
}
