/**
 * @module
 * The one signed-token format the dashboard mints: `base64url(payload ‖ HMAC-SHA256(payload))`
 * with `=` padding, exactly as Hermes's basic-auth sessions are built (so a secret shared
 * with the Python dashboard gives interchangeable tokens). Decoding is as lenient as
 * Python's `urlsafe_b64decode`; the MAC is compared in constant time.
 */
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase64url } from "@oslojs/encoding";
import { pythonBase64Decode } from "./password_hash.ts";

const MAC_BYTES = 32;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Signs `payload` (a JSON text) with `secret`. */
export function signToken(secret: Uint8Array, payload: string): string {
	const body = encoder.encode(payload);
	const signed = new Uint8Array(body.length + MAC_BYTES);
	signed.set(body);
	signed.set(hmac(SHA256, secret, body), body.length);
	return encodeBase64url(signed);
}

/** The payload text of a token signed with `secret`, or null (bad encoding or MAC). */
export function openToken(secret: Uint8Array, token: string): string | null {
	const raw = pythonBase64Decode(token, "urlsafe");
	if (raw === null || raw.length <= MAC_BYTES) {
		return null;
	}
	const body = raw.subarray(0, raw.length - MAC_BYTES);
	if (!constantTimeEqual(hmac(SHA256, secret, body), raw.subarray(raw.length - MAC_BYTES))) {
		return null;
	}
	try {
		return decoder.decode(body);
	} catch {
		return null;
	}
}

/** The payload of a signed JSON token as an object, or null. */
export function openJSONToken(secret: Uint8Array, token: string): Record<string, unknown> | null {
	const text = openToken(secret, token);
	if (text === null) {
		return null;
	}
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === "object" && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}
