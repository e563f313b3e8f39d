/**
 * @module
 * The gate decision (api-contract C.4, with the project's `--insecure` rule): which
 * credential a request needs, given the bind host.
 */

/** Hosts that count as loopback binds: exact strings, nothing else (not 0.0.0.0). */
export const LOOPBACK_BIND_NAMES: readonly string[] = ["127.0.0.1", "localhost", "::1"];

/**
 * - `token`: loopback bind; every `/api` call needs the per-start session token.
 * - `insecure`: non-loopback bind forced into token mode by `--insecure`.
 * - `gated`: non-loopback bind; the auth gate (cookie sessions from providers) applies.
 */
export type SecurityMode = "token" | "insecure" | "gated";

export function isLoopbackBind(host: string): boolean {
	return LOOPBACK_BIND_NAMES.includes(host.toLowerCase());
}

export function decideSecurityMode(host: string, insecure: boolean): SecurityMode {
	if (isLoopbackBind(host)) {
		return "token";
	}
	return insecure ? "insecure" : "gated";
}

/** True when the session token (not a cookie session) is the credential. */
export function usesSessionToken(mode: SecurityMode): boolean {
	return mode !== "gated";
}
