/**
 * @module
 * The drain marker (hermes-home §12): `POST /api/gateway/drain` writes
 * `.drain_request.json` for the running gateway to quiesce, and removes it to cancel.
 * The marker carries this machine's instantiation epoch (kernel boot id and PID 1's
 * start time) so a gateway started after a reboot ignores a marker left from before.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";

export interface DrainRequest {
	action: "drain";
	requested_at: string;
	principal: string;
	epoch: string;
	suppress_notification: boolean;
}

function readTrimmed(path: string): string {
	try {
		return readFileSync(path, "utf8").trim();
	} catch {
		return "";
	}
}

/** `<boot id>:<PID 1 start ticks>`, or "" where /proc cannot tell. */
export function instantiationEpoch(): string {
	const bootId = readTrimmed("/proc/sys/kernel/random/boot_id");
	const stat = readTrimmed("/proc/1/stat");
	const pid1Start =
		stat === ""
			? ""
			: (stat
					.slice(stat.lastIndexOf(")") + 1)
					.trim()
					.split(/\s+/)[19] ?? "");
	return bootId === "" && pid1Start === "" ? "" : `${bootId}:${pid1Start}`;
}

function markerPath(home: string): string {
	return join(home, ".drain_request.json");
}

/** Whether a live (this instantiation's, or epoch-less) drain marker is present. */
export function drainRequested(home: string): boolean {
	let text: string;
	try {
		text = readFileSync(markerPath(home), "utf8");
	} catch {
		return false;
	}
	let epoch: unknown;
	try {
		epoch = (JSON.parse(text) as { epoch?: unknown }).epoch;
	} catch {
		// A half-written marker still asks for a drain.
		return true;
	}
	const current = instantiationEpoch();
	return current === "" || typeof epoch !== "string" || epoch === "" || epoch === current;
}

export function writeDrainRequest(
	home: string,
	request: { principal: string; suppressNotification: boolean; nowMs: number },
): DrainRequest {
	const payload: DrainRequest = {
		action: "drain",
		requested_at: new Date(request.nowMs).toISOString().replace("Z", "+00:00"),
		principal: request.principal,
		epoch: instantiationEpoch(),
		suppress_notification: request.suppressNotification,
	};
	writeFileAtomic(markerPath(home), JSON.stringify(payload, null, 2), { mode: 0o644 });
	return payload;
}

/** Removes the marker; whether one was there. */
export function clearDrainRequest(home: string): boolean {
	try {
		unlinkSync(markerPath(home));
		return true;
	} catch {
		return false;
	}
}
