/**
 * @module
 * How the browser sees us (api-contract C.6, D.9): scheme, host and path prefix, from a
 * configured public URL, else from `X-Forwarded-*` when proxy headers are trusted, else
 * from the request itself. Also the client IP for audit and rate limiting.
 */
import type { Context } from "hono";
import { peerAddress } from "../security/peer.ts";
import type { CookieScope } from "./cookies.ts";

const UNSAFE = /["'<>\s]/;
const warned = new Set<string>();

function warnOnce(message: string): void {
	if (!warned.has(message)) {
		warned.add(message);
		console.warn(`[hermes-dashboard] ${message}`);
	}
}

/** `X-Forwarded-Prefix` normalisation: leading `/`, no trailing `/`, no tricks; "" if unusable. */
export function normalizePrefix(raw: string | undefined | null): string {
	if (raw === undefined || raw === null) {
		return "";
	}
	let prefix = raw.trim();
	if (prefix === "" || prefix === "/") {
		return "";
	}
	if (
		prefix.length > 256 ||
		UNSAFE.test(prefix) ||
		prefix.includes("//") ||
		prefix.includes("..") ||
		prefix.includes("?") ||
		prefix.includes("#") ||
		prefix.includes("\\")
	) {
		warnOnce(`ignoring unsafe X-Forwarded-Prefix ${JSON.stringify(prefix.slice(0, 80))}`);
		return "";
	}
	if (!prefix.startsWith("/")) {
		prefix = `/${prefix}`;
	}
	return prefix.replace(/\/+$/, "");
}

/** Validates a configured public URL; undefined (with one warning) when unusable. */
export function normalizePublicURL(raw: string | undefined, source: string): string | undefined {
	if (raw === undefined) {
		return undefined;
	}
	const value = raw.trim();
	if (value === "") {
		return undefined;
	}
	let url: URL | undefined;
	if (!UNSAFE.test(value)) {
		try {
			url = new URL(value);
		} catch {
			url = undefined;
		}
	}
	if (
		url === undefined ||
		(url.protocol !== "http:" && url.protocol !== "https:") ||
		url.host === "" ||
		url.search !== "" ||
		url.hash !== ""
	) {
		warnOnce(
			`ignoring invalid public URL from ${source}: ${JSON.stringify(value.slice(0, 120))} (expected http(s)://host[/prefix])`,
		);
		return undefined;
	}
	return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "");
}

export interface ExternalSettings {
	/** Normalised public URL, or undefined. */
	publicURL?: string;
	/** Honour `X-Forwarded-Proto/Host/Prefix/For` (only behind a proxy you control). */
	trustProxyHeaders?: boolean;
}

export interface ExternalView {
	/** `https://host[:port]` as the browser sees it. */
	origin: string;
	secure: boolean;
	prefix: string;
}

function firstHeaderValue(value: string | undefined): string | undefined {
	const first = value?.split(",")[0]?.trim();
	return first === undefined || first === "" ? undefined : first;
}

export function externalView(c: Context, settings: ExternalSettings): ExternalView {
	if (settings.publicURL !== undefined) {
		const url = new URL(settings.publicURL);
		return { origin: url.origin, secure: url.protocol === "https:", prefix: normalizePrefix(url.pathname) };
	}
	const requestURL = new URL(c.req.url);
	let scheme = requestURL.protocol.replace(":", "");
	let host = c.req.header("host") ?? requestURL.host;
	let prefix = "";
	if (settings.trustProxyHeaders === true) {
		const proto = firstHeaderValue(c.req.header("x-forwarded-proto"))?.toLowerCase();
		if (proto === "http" || proto === "https") {
			scheme = proto;
		}
		const forwardedHost = firstHeaderValue(c.req.header("x-forwarded-host"));
		if (forwardedHost !== undefined && !UNSAFE.test(forwardedHost) && !/[/\\?#@]/.test(forwardedHost)) {
			host = forwardedHost;
		}
		prefix = normalizePrefix(c.req.header("x-forwarded-prefix"));
	}
	return { origin: `${scheme}://${host}`, secure: scheme === "https", prefix };
}

export function cookieScope(view: ExternalView): CookieScope {
	return { secure: view.secure, prefix: view.prefix };
}

/** The OAuth redirect URI (D.9). */
export function redirectURI(view: ExternalView): string {
	return `${view.origin}${view.prefix}/auth/callback`;
}

/** Client IP: first `X-Forwarded-For` entry only when proxy headers are trusted. */
export function clientIP(c: Context, settings: ExternalSettings): string {
	if (settings.trustProxyHeaders === true) {
		const forwarded = firstHeaderValue(c.req.header("x-forwarded-for"));
		if (forwarded !== undefined) {
			return forwarded.slice(0, 64);
		}
	}
	return peerAddress(c) ?? "_unknown_";
}
