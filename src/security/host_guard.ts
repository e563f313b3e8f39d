/**
 * @module
 * Host-header (DNS-rebinding) and Origin rules (api-contract C.1, B.1).
 */
import { isLoopbackBind, LOOPBACK_BIND_NAMES } from "./mode.ts";

/** The hostname part of a Host header value: brackets stripped for IPv6, port dropped. */
export function hostnameOf(hostHeader: string): string {
	const trimmed = hostHeader.trim();
	if (trimmed.startsWith("[")) {
		const end = trimmed.indexOf("]");
		return (end === -1 ? trimmed.slice(1) : trimmed.slice(1, end)).toLowerCase();
	}
	const colon = trimmed.lastIndexOf(":");
	return (colon === -1 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
}

/** Whether a Host header is acceptable for a server bound to `boundHost`. */
export function isAllowedHost(hostHeader: string | null | undefined, boundHost: string): boolean {
	if (hostHeader === null || hostHeader === undefined || hostHeader.trim() === "") {
		return false;
	}
	const bound = boundHost.toLowerCase();
	if (bound === "0.0.0.0" || bound === "::") {
		return true;
	}
	const name = hostnameOf(hostHeader);
	if (name === "") {
		return false;
	}
	if (isLoopbackBind(bound)) {
		return LOOPBACK_BIND_NAMES.includes(name);
	}
	return name === bound.replace(/^\[|\]$/g, "");
}

/**
 * WebSocket Origin rule: absent → fine; a non-http(s) scheme (`file://`, `null`, `app://`,
 * a packaged desktop app) → fine; http(s) must name an allowed host.
 */
export function isAllowedOrigin(origin: string | null | undefined, boundHost: string): boolean {
	if (origin === null || origin === undefined) {
		return true;
	}
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		// `http://` with no host does not parse; it is still an http(s) origin: reject.
		return !/^https?:/i.test(origin.trim());
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") {
		return true;
	}
	if (url.host === "") {
		return false;
	}
	return isAllowedHost(url.host, boundHost);
}

/** Addresses accepted by the loopback peer guard. */
const LOOPBACK_PEERS = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost"]);

export function isLoopbackPeer(address: string | undefined): boolean {
	return address !== undefined && LOOPBACK_PEERS.has(address.toLowerCase());
}
