/**
 * @module
 * JWT verification against a JWKS on the platform's WebCrypto (`crypto.subtle`, Node and
 * Deno alike): RS256/384/512 and ES256/384, the key chosen by `kid` AND `alg` (no
 * algorithm confusion, `alg: none` never accepted), a cached JWKS refetched on an unknown
 * `kid` at most once per throttle window, and the registered claims checked with a small
 * clock tolerance.
 */
import { parseJWT } from "@oslojs/jwt";
import { systemClock, type Clock } from "../hermes/home/clock.ts";

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

/** Seconds a token's `exp`/`nbf`/`iat` may be off, for clocks that drift a little. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** An unknown `kid` refetches the JWKS at most once per this window (no refetch storms). */
export const JWKS_REFETCH_THROTTLE_MS = 30_000;

interface Algorithm {
	kty: "RSA" | "EC";
	/** The curve an EC key must name. */
	crv?: string;
	importParams: RsaHashedImportParams | EcKeyImportParams;
	verifyParams: AlgorithmIdentifier | EcdsaParams;
}

const ALGORITHMS: Record<string, Algorithm> = {
	RS256: rsa("SHA-256"),
	RS384: rsa("SHA-384"),
	RS512: rsa("SHA-512"),
	ES256: ec("P-256", "SHA-256"),
	ES384: ec("P-384", "SHA-384"),
};

function rsa(hash: string): Algorithm {
	return {
		kty: "RSA",
		importParams: { name: "RSASSA-PKCS1-v1_5", hash },
		verifyParams: { name: "RSASSA-PKCS1-v1_5" },
	};
}

function ec(namedCurve: string, hash: string): Algorithm {
	return {
		kty: "EC",
		crv: namedCurve,
		importParams: { name: "ECDSA", namedCurve },
		verifyParams: { name: "ECDSA", hash },
	};
}

export class JWKSCache {
	readonly #url: string;
	readonly #ttlMs: number;
	readonly #fetch: FetchLike;
	readonly #clock: Clock;
	#keys: JWK[] = [];
	#fetchedAt = -Infinity;
	/** Imported keys by `kid|alg|x|n` so each key is imported once. */
	readonly #imported = new Map<string, Promise<CryptoKey>>();

	constructor(url: string, options: { ttlMs?: number; fetch?: FetchLike; clock?: Clock } = {}) {
		this.#url = url;
		this.#ttlMs = options.ttlMs ?? 300_000;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
		this.#clock = options.clock ?? systemClock;
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
		this.#imported.clear();
		this.#fetchedAt = this.#clock.now();
	}

	/** The key for `kid`+`alg`; refetches (throttled) when the kid is unknown. */
	async find(kid: string | undefined, alg: string): Promise<JWK | undefined> {
		if (this.#clock.now() - this.#fetchedAt > this.#ttlMs) {
			await this.#load();
		}
		let key = pick(this.#keys, kid, alg);
		if (key === undefined && this.#clock.now() - this.#fetchedAt >= JWKS_REFETCH_THROTTLE_MS) {
			await this.#load();
			key = pick(this.#keys, kid, alg);
		}
		return key;
	}

	/** The WebCrypto public key for a JWK from this set, imported for exactly `alg`. */
	cryptoKey(key: JWK, alg: string): Promise<CryptoKey> {
		const id = `${key.kid ?? ""}|${alg}|${key.n ?? key.x ?? ""}`;
		let imported = this.#imported.get(id);
		if (imported === undefined) {
			const algorithm = ALGORITHMS[alg]!;
			const { kty, n, e, crv, x, y } = key;
			imported = crypto.subtle.importKey("jwk", { kty, n, e, crv, x, y }, algorithm.importParams, false, [
				"verify",
			]);
			this.#imported.set(id, imported);
		}
		return imported;
	}
}

/** Only a key of the algorithm's type (and curve), whose own `alg` (if any) agrees, may verify. */
function pick(keys: JWK[], kid: string | undefined, alg: string): JWK | undefined {
	const algorithm = ALGORITHMS[alg];
	if (algorithm === undefined) {
		return undefined;
	}
	const candidates = keys.filter(
		(key) =>
			key.kty === algorithm.kty &&
			(algorithm.crv === undefined || key.crv === algorithm.crv) &&
			(key.alg === undefined || key.alg === alg) &&
			(key.use === undefined || key.use === "sig"),
	);
	if (kid !== undefined) {
		return candidates.find((key) => key.kid === kid);
	}
	return candidates.length === 1 ? candidates[0] : undefined;
}

export interface VerifyOptions {
	algorithms: string[];
	issuer: string;
	audience: string;
	/** Claims that must be present besides exp/iat/iss/aud. */
	required?: string[];
	/** Unix seconds (from the app's clock). */
	now: number;
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
	if (typeof alg !== "string" || !options.algorithms.includes(alg) || ALGORITHMS[alg] === undefined) {
		throw new JWTInvalidError(`algorithm not allowed: ${String(alg).slice(0, 16)}`);
	}
	const kid = typeof header.kid === "string" ? header.kid : undefined;
	const key = await jwks.find(kid, alg);
	if (key === undefined) {
		throw new JWTInvalidError("no matching signing key");
	}
	let valid = false;
	try {
		const publicKey = await jwks.cryptoKey(key, alg);
		valid = await crypto.subtle.verify(
			ALGORITHMS[alg]!.verifyParams,
			publicKey,
			new Uint8Array(signature),
			new Uint8Array(message),
		);
	} catch {
		valid = false;
	}
	if (!valid) {
		throw new JWTInvalidError("bad signature");
	}
	checkClaims(payload, options);
	return payload;
}

function checkClaims(payload: Record<string, unknown>, options: VerifyOptions): void {
	const now = options.now;
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
	if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf > now + CLOCK_TOLERANCE_SECONDS)) {
		throw new JWTInvalidError("token not yet valid");
	}
	if (payload.iat > now + CLOCK_TOLERANCE_SECONDS) {
		throw new JWTInvalidError("token issued in the future");
	}
	if (payload.exp <= now - CLOCK_TOLERANCE_SECONDS) {
		throw new JWTExpiredError("token expired");
	}
}
