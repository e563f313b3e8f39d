/**
 * @module
 * Reading the admin audit trail (`logs/dashboard-admin.log`, JSON lines) newest first,
 * from the end of the file backwards, so a long trail costs only what is shown.
 */
import { open } from "node:fs/promises";
import { readLastLines } from "../logs/files.ts";
import { redactSecrets } from "../../security/redact.ts";

export interface AdminLogEntry {
	ts: string;
	user: string;
	method: string;
	path: string;
	status: number | null;
	target: string | null;
}

export const ADMIN_LOG_SHOWN = 200;

function text(value: unknown): string {
	return typeof value === "string" ? redactSecrets(value) : "";
}

/** The last `count` well-formed records, newest first (a torn or foreign line is skipped). */
export async function readAdminLog(path: string, count: number = ADMIN_LOG_SHOWN): Promise<AdminLogEntry[]> {
	let lines: string[];
	try {
		const handle = await open(path, "r");
		try {
			lines = await readLastLines(handle, count);
		} finally {
			await handle.close();
		}
	} catch {
		return []; // No trail yet.
	}
	const entries: AdminLogEntry[] = [];
	for (const line of lines.reverse()) {
		let record: unknown;
		try {
			record = JSON.parse(line);
		} catch {
			continue;
		}
		if (record === null || typeof record !== "object" || Array.isArray(record)) {
			continue;
		}
		const fields = record as Record<string, unknown>;
		entries.push({
			ts: text(fields.ts),
			user: text(fields.user),
			method: text(fields.method),
			path: text(fields.path),
			status: typeof fields.status === "number" ? fields.status : null,
			target: typeof fields.target === "string" ? redactSecrets(fields.target) : null,
		});
	}
	return entries;
}
