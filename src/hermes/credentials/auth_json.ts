/**
 * @module
 * Read-only look at `auth.json` (hermes-home §14) for the Nous Portal login state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type NousSessionState = "valid" | "terminal" | "unknown";

/**
 * "unknown" when no Nous login is stored; "valid" while a refresh token or an unexpired
 * access token exists; "terminal" when only dead credentials remain (re-login needed).
 */
export function nousSessionState(home: string, nowMs: number): NousSessionState {
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));
	} catch {
		return "unknown";
	}
	const nous = (data as { providers?: Record<string, unknown> } | null)?.providers?.nous;
	if (nous === null || typeof nous !== "object") {
		return "unknown";
	}
	const entry = nous as Record<string, unknown>;
	if (typeof entry.refresh_token === "string" && entry.refresh_token !== "") {
		return "valid";
	}
	const expires =
		typeof entry.expires_at_ms === "number"
			? entry.expires_at_ms
			: typeof entry.expires_at === "string"
				? Date.parse(entry.expires_at)
				: Number.NaN;
	if (
		typeof entry.access_token === "string" &&
		entry.access_token !== "" &&
		Number.isFinite(expires) &&
		expires > nowMs
	) {
		return "valid";
	}
	return "terminal";
}
