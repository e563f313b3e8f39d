/**
 * @module
 * The start-up handshake Hermes Desktop waits for (api-contract C.4): a stdout line
 * `HERMES_DASHBOARD_READY port=<N>`, the URL, and optionally a ready file `{"port":N}`.
 */
import { renameSync, writeFileSync } from "node:fs";
import { displayURL } from "../startup.ts";

export function announceReady(host: string, port: number, env: Record<string, string | undefined>): void {
	const readyFile = env.HERMES_DESKTOP_READY_FILE;
	if (readyFile !== undefined && readyFile !== "") {
		const temp = `${readyFile}.${process.pid}.tmp`;
		writeFileSync(temp, JSON.stringify({ port }), { mode: 0o600 });
		renameSync(temp, readyFile);
	}
	// Printed last: whoever waits for the line may read the ready file at once.
	process.stdout.write(`HERMES_DASHBOARD_READY port=${port}\n  Hermes Web UI → ${displayURL(host, port)}\n`);
}
