/**
 * @module
 * The per-start session token (api-contract C.5) and constant-time comparisons.
 */
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

/** The env value if given, else 32 random bytes as unpadded base64url (43 chars). */
export function createSessionToken(fromEnv: string | undefined): string {
	if (fromEnv !== undefined && fromEnv !== "") {
		return fromEnv;
	}
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return encodeBase64urlNoPadding(bytes);
}

const encoder = new TextEncoder();

/** Compares two strings without leaking where they differ (length may leak). */
export function safeEqual(a: string, b: string): boolean {
	const left = encoder.encode(a);
	const right = encoder.encode(b);
	if (left.byteLength !== right.byteLength) {
		return false;
	}
	return constantTimeEqual(left, right);
}

/**
 * Accepts `X-Hermes-Session-Token: <token>` or the legacy `Authorization: Bearer <token>`
 * (whole header compared, as Hermes does).
 */
export function requestHasToken(headers: Headers, token: string): boolean {
	const header = headers.get("x-hermes-session-token");
	if (header !== null && safeEqual(header, token)) {
		return true;
	}
	const authorization = headers.get("authorization");
	return authorization !== null && safeEqual(authorization, `Bearer ${token}`);
}
