/**
 * @module
 * Per-server OAuth tokens Hermes keeps in `HERMES_HOME/mcp-tokens/<safe name>.json`
 * (hermes-home §8.1). The dashboard only reads them: to know whether a token exists
 * and to send it when testing a server.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Hermes's `_safe_filename`: no path separators, at most 128 characters. */
export function tokenFileStem(name: string): string {
	const stem = name
		.replace(/[^\p{L}\p{N}_-]/gu, "_")
		.replace(/^_+|_+$/g, "")
		.slice(0, 128);
	return stem === "" ? "default" : stem;
}

export function tokenPath(home: string, name: string): string {
	return join(home, "mcp-tokens", `${tokenFileStem(name)}.json`);
}

export function hasStoredToken(home: string, name: string): boolean {
	return existsSync(tokenPath(home, name));
}

/** `Authorization` for a stored token, or none when there is no usable token. */
export function storedTokenHeaders(home: string, name: string): Record<string, string> {
	try {
		const data = JSON.parse(readFileSync(tokenPath(home, name), "utf8")) as {
			access_token?: unknown;
			token_type?: unknown;
		};
		if (typeof data.access_token === "string" && data.access_token !== "") {
			return { Authorization: `Bearer ${data.access_token}` };
		}
	} catch {
		// Missing or unreadable: the server decides whether it needs one.
	}
	return {};
}
