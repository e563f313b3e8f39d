/**
 * @module
 * Password hashes in Hermes's format, `scrypt$<N>$<r>$<p>$<salt b64>$<dk b64>` (standard
 * base64 with padding), interchangeable with Python's `hashlib.scrypt`. Plus Python's
 * lenient `base64.b64decode`, which the Basic provider's secret decoding depends on.
 */
import { Buffer } from "node:buffer";
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";

const N = 16384;
const R = 8;
const P = 1;
const MAX_MEMORY = 256 * 1024 * 1024;

/** Hashes a password (sync: used at start-up and by the CLI). */
export function hashPassword(password: string): string {
	const salt = randomBytes(16);
	const dk = scryptSync(Buffer.from(password, "utf8"), salt, 32, { N, r: R, p: P, maxmem: MAX_MEMORY });
	return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${dk.toString("base64")}`;
}

interface ParsedHash {
	n: number;
	r: number;
	p: number;
	salt: Uint8Array;
	dk: Uint8Array;
}

function parseHash(encoded: string): ParsedHash | null {
	const parts = encoded.split("$");
	if (parts.length !== 6 || parts[0] !== "scrypt") {
		return null;
	}
	const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
	const isPowerOfTwo = Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
	if (
		!isPowerOfTwo ||
		!Number.isInteger(r) ||
		!Number.isInteger(p) ||
		r < 1 ||
		p < 1 ||
		128 * n * r * p > MAX_MEMORY ||
		p > 16
	) {
		return null;
	}
	const salt = pythonBase64Decode(parts[4]!);
	const dk = pythonBase64Decode(parts[5]!);
	if (salt === null || dk === null || dk.length === 0 || dk.length > 1024) {
		return null;
	}
	return { n, r, p, salt, dk };
}

/** Verifies a password against a Hermes hash; malformed hashes are simply false. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
	const parsed = parseHash(encoded);
	if (parsed === null) {
		return false;
	}
	const derived = await new Promise<Buffer | null>((resolve) => {
		scrypt(
			Buffer.from(password, "utf8"),
			parsed.salt,
			parsed.dk.length,
			{ N: parsed.n, r: parsed.r, p: parsed.p, maxmem: MAX_MEMORY },
			(error, key) => resolve(error ? null : key),
		);
	});
	return derived !== null && timingSafeEqual(derived, parsed.dk);
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * `binascii.a2b_base64` in non-strict mode: characters outside the alphabet are
 * skipped, a complete pad ends the input, an incomplete final quad is an error (null).
 */
export function pythonBase64Decode(text: string, alphabet: "std" | "urlsafe" = "std"): Uint8Array | null {
	// Python's urlsafe_b64decode translates `-_` to `+/` and then decodes leniently.
	const input = alphabet === "std" ? text : text.replace(/-/g, "+").replace(/_/g, "/");
	const out: number[] = [];
	let quadPos = 0;
	let leftChar = 0;
	let pads = 0;
	for (const char of input) {
		if (char === "=") {
			if (quadPos >= 2 && quadPos + ++pads >= 4) {
				return new Uint8Array(out);
			}
			continue;
		}
		const value = STD.indexOf(char);
		if (value === -1) {
			continue;
		}
		pads = 0;
		switch (quadPos) {
			case 0:
				quadPos = 1;
				leftChar = value;
				break;
			case 1:
				quadPos = 2;
				out.push((leftChar << 2) | (value >> 4));
				leftChar = value & 0x0f;
				break;
			case 2:
				quadPos = 3;
				out.push((leftChar << 4) | (value >> 2));
				leftChar = value & 0x03;
				break;
			default:
				quadPos = 0;
				out.push((leftChar << 6) | value);
				leftChar = 0;
		}
	}
	return quadPos === 0 ? new Uint8Array(out) : null;
}
