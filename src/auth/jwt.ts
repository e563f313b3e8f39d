/**
 * @module
 * JWT verification against a JWKS with @oslojs: RS256/384/512 and ES256/384, the key
 * chosen by `kid` AND `alg` (no algorithm confusion, `alg: none` never accepted), a
 * cached JWKS refetched on an unknown `kid`, and the registered claims checked.
 */
import { parseJWT } from "@oslojs/jwt";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";

// The bigint crypto is loaded on first verification: loopback starts never need it.
type Crypto = [
	typeof import("@oslojs/crypto/rsa"),
	typeof import("@oslojs/crypto/ecdsa"),
	typeof import("@oslojs/crypto/sha2"),
];
let cryptoModules: Promise<Crypto> | undefined;
function loadCrypto(): Promise<Crypto> {
	cryptoModules ??= Promise.all([
		import("@oslojs/crypto/rsa"),
		import("@oslojs/crypto/ecdsa"),
		import("@oslojs/crypto/sha2"),
	]);
	return cryptoModules;
}

/** The JWKS could not be fetched: the identity service is unreachable. */
export class JWKSUnavailableError extends Error {}
/** The token is well-formed but past its `exp`. */
export class JWTExpiredError extends Error {}
/** Anything else wrong with the token (signature, claims, shape). */
export class JWTInvalidError extends Error {}

export interface JWK {
	kty?: string;
	kid?: string;
	alg?: string;
	use?: string;
	n?: string;
	e?: string;
	crv?: string;
	x?: string;
	y?: string;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class JWKSCache {
	readonly #url: string;
	readonly #ttlMs: number;
	readonly #fetch: FetchLike;
	#keys: JWK[] = [];
	#fetchedAt = -Infinity;

	constructor(url: string, options: { ttlMs?: number; fetch?: FetchLike } = {}) {
		this.#url = url;
		this.#ttlMs = options.ttlMs ?? 300_000;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
	}

	async #load(): Promise<void> {
		let response: Response;
		try {
			response = await this.#fetch(this.#url, {
				headers: { accept: "application/json" },
				signal: AbortSignal.timeout(10_000),
			});
		} catch (error) {
			throw new JWKSUnavailableError(`JWKS fetch failed: ${(error as Error).message}`);
		}
		if (!response.ok) {
			throw new JWKSUnavailableError(`JWKS fetch failed: HTTP ${response.status}`);
		}
		const body = (await response.json().catch(() => null)) as { keys?: unknown } | null;
		if (body === null || !Array.isArray(body.keys)) {
			throw new JWKSUnavailableError("JWKS response has no keys array");
		}
		this.#keys = body.keys.filter((key): key is JWK => typeof key === "object" && key !== null);
		this.#fetchedAt = Date.now();
	}

	/** The key for `kid`+`alg`; refetches once (rate-limited) when the kid is unknown. */
	async find(kid: string | undefined, alg: string): Promise<JWK | undefined> {
		if (Date.now() - this.#fetchedAt > this.#ttlMs) {
			await this.#load();
		}
		let key = pick(this.#keys, kid, alg);
		if (key === undefined && Date.now() - this.#fetchedAt > 30_000) {
			await this.#load();
			key = pick(this.#keys, kid, alg);
		}
		return key;
	}
}

function keyTypeFor(alg: string): string {
	return alg.startsWith("RS") ? "RSA" : "EC";
}

function pick(keys: JWK[], kid: string | undefined, alg: string): JWK | undefined {
	const candidates = keys.filter(
		(key) =>
			key.kty === keyTypeFor(alg) &&
			(key.alg === undefined || key.alg === alg) &&
			(key.use === undefined || key.use === "sig"),
	);
	if (kid !== undefined) {
		return candidates.find((key) => key.kid === kid);
	}
	return candidates.length === 1 ? candidates[0] : undefined;
}

function bigintOf(base64url: string): bigint {
	const bytes = decodeBase64urlIgnorePadding(base64url);
	let value = 0n;
	for (const byte of bytes) {
		value = (value << 8n) | BigInt(byte);
	}
	return value;
}

function verifySignature(crypto: Crypto, key: JWK, alg: string, message: Uint8Array, signature: Uint8Array): boolean {
	const [
		{
			RSAPublicKey,
			sha256ObjectIdentifier,
			sha384ObjectIdentifier,
			sha512ObjectIdentifier,
			verifyRSASSAPKCS1v15Signature,
		},
		ecdsa,
		{ sha256, sha384, sha512 },
	] = crypto;
	const { decodeIEEEP1363ECDSASignature, ECDSAPublicKey, p256, p384, verifyECDSASignature } = ecdsa;
	const RSA_HASHES: Record<string, [string, (data: Uint8Array) => Uint8Array]> = {
		RS256: [sha256ObjectIdentifier, sha256],
		RS384: [sha384ObjectIdentifier, sha384],
		RS512: [sha512ObjectIdentifier, sha512],
	};
	const rsa = RSA_HASHES[alg];
	if (rsa !== undefined) {
		if (key.n === undefined || key.e === undefined) {
			return false;
		}
		return verifyRSASSAPKCS1v15Signature(
			new RSAPublicKey(bigintOf(key.n), bigintOf(key.e)),
			rsa[0],
			rsa[1](message),
			signature,
		);
	}
	const curve = alg === "ES256" && key.crv === "P-256" ? p256 : alg === "ES384" && key.crv === "P-384" ? p384 : null;
	if (curve === null || key.x === undefined || key.y === undefined) {
		return false;
	}
	const hashed = alg === "ES256" ? sha256(message) : sha384(message);
	const publicKey = new ECDSAPublicKey(curve, bigintOf(key.x), bigintOf(key.y));
	return verifyECDSASignature(publicKey, hashed, decodeIEEEP1363ECDSASignature(curve, signature));
}

export interface VerifyOptions {
	algorithms: string[];
	issuer: string;
	audience: string;
	/** Claims that must be present besides exp/iat/iss/aud. */
	required?: string[];
	/** Unix seconds. */
	now?: number;
}

/** Verifies signature and registered claims; returns the payload. */
export async function verifyJWT(
	token: string,
	jwks: JWKSCache,
	options: VerifyOptions,
): Promise<Record<string, unknown>> {
	let header: Record<string, unknown>;
	let payload: Record<string, unknown>;
	let signature: Uint8Array;
	let message: Uint8Array;
	try {
		const parsed = parseJWT(token);
		header = parsed[0] as Record<string, unknown>;
		payload = parsed[1] as Record<string, unknown>;
		signature = parsed[2];
		message = parsed[3];
	} catch {
		throw new JWTInvalidError("malformed token");
	}
	const alg = header.alg;
	if (typeof alg !== "string" || !options.algorithms.includes(alg)) {
		throw new JWTInvalidError(`algorithm not allowed: ${String(alg).slice(0, 16)}`);
	}
	const kid = typeof header.kid === "string" ? header.kid : undefined;
	const key = await jwks.find(kid, alg);
	if (key === undefined) {
		throw new JWTInvalidError("no matching signing key");
	}
	const crypto = await loadCrypto();
	let valid = false;
	try {
		valid = verifySignature(crypto, key, alg, message, signature);
	} catch {
		valid = false;
	}
	if (!valid) {
		throw new JWTInvalidError("bad signature");
	}
	const now = options.now ?? Math.floor(Date.now() / 1000);
	for (const claim of ["exp", "iat", "iss", "aud", ...(options.required ?? [])]) {
		if (payload[claim] === undefined || payload[claim] === null) {
			throw new JWTInvalidError(`missing claim: ${claim}`);
		}
	}
	if (typeof payload.exp !== "number" || typeof payload.iat !== "number") {
		throw new JWTInvalidError("exp/iat must be numbers");
	}
	if (payload.iss !== options.issuer) {
		throw new JWTInvalidError(`wrong issuer: ${String(payload.iss).slice(0, 100)}`);
	}
	const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
	if (!audiences.includes(options.audience)) {
		throw new JWTInvalidError(`wrong audience: ${JSON.stringify(payload.aud).slice(0, 100)}`);
	}
	if (typeof payload.nbf === "number" && payload.nbf > now) {
		throw new JWTInvalidError("token not yet valid");
	}
	if (payload.iat > now + 60) {
		throw new JWTInvalidError("token issued in the future");
	}
	if (payload.exp <= now) {
		throw new JWTExpiredError("token expired");
	}
	return payload;
}
