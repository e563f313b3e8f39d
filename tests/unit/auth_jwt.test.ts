/**
 * JWT verification on WebCrypto: a portal stand-in that signs with keys generated here
 * (ES256, ES384, RS256) and serves their JWKS; time comes from a pinned clock.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import {
	CLOCK_TOLERANCE_SECONDS,
	JWKS_REFETCH_THROTTLE_MS,
	JWKSCache,
	JWTExpiredError,
	JWTInvalidError,
	verifyJWT,
	type JWK,
} from "../../src/auth/jwt.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

const ISSUER = "https://portal.example";
const AUDIENCE = "agent:inst-1";
const NOW_MS = Date.UTC(2026, 10, 23, 23, 19, 46);
const NOW = NOW_MS / 1000;
const ALGORITHMS = ["RS256", "ES256", "ES384"];

interface SigningKey {
	kid: string;
	alg: string;
	privateKey: CryptoKey;
	jwk: JWK;
}

const SIGN_PARAMS: Record<string, AlgorithmIdentifier | EcdsaParams> = {
	ES256: { name: "ECDSA", hash: "SHA-256" },
	ES384: { name: "ECDSA", hash: "SHA-384" },
	RS256: { name: "RSASSA-PKCS1-v1_5" },
};

async function makeKey(kid: string, alg: string): Promise<SigningKey> {
	const params =
		alg === "RS256"
			? {
					name: "RSASSA-PKCS1-v1_5",
					modulusLength: 2048,
					publicExponent: new Uint8Array([1, 0, 1]),
					hash: "SHA-256",
				}
			: { name: "ECDSA", namedCurve: alg === "ES256" ? "P-256" : "P-384" };
	const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
	const exported = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JWK;
	return { kid, alg, privateKey: pair.privateKey, jwk: { ...exported, kid, alg, use: "sig" } };
}

function b64(value: unknown): string {
	return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(value)));
}

async function sign(
	key: SigningKey,
	claims: Record<string, unknown>,
	header: Record<string, unknown> = {},
): Promise<string> {
	const message = `${b64({ alg: key.alg, typ: "JWT", kid: key.kid, ...header })}.${b64({
		iss: ISSUER,
		aud: AUDIENCE,
		sub: "user-1",
		iat: NOW - 10,
		exp: NOW + 3600,
		...claims,
	})}`;
	const signature = await crypto.subtle.sign(
		SIGN_PARAMS[key.alg]!,
		key.privateKey,
		new TextEncoder().encode(message),
	);
	return `${message}.${encodeBase64urlNoPadding(new Uint8Array(signature))}`;
}

/** The portal's JWKS endpoint; `keys` is what it serves right now, `fetches` counts calls. */
function portalJWKS(keys: JWK[]) {
	const portal = new Hono();
	const state = { keys, fetches: 0 };
	portal.get("/.well-known/jwks.json", (c) => {
		state.fetches++;
		return c.json({ keys: state.keys });
	});
	const clock = fixedClock(NOW_MS);
	const jwks = new JWKSCache(`${ISSUER}/.well-known/jwks.json`, {
		clock,
		fetch: (input, init) => Promise.resolve(portal.request(input, init)),
	});
	const verify = (token: string) =>
		verifyJWT(token, jwks, {
			algorithms: ALGORITHMS,
			issuer: ISSUER,
			audience: AUDIENCE,
			required: ["sub"],
			now: clock.now() / 1000,
		});
	return { state, clock, verify };
}

let es256: SigningKey;
let es384: SigningKey;
let rs256: SigningKey;

beforeAll(async () => {
	[es256, es384, rs256] = await Promise.all([
		makeKey("ec-1", "ES256"),
		makeKey("ec-2", "ES384"),
		makeKey("rsa-1", "RS256"),
	]);
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe("JWT verification (WebCrypto)", () => {
	it("verifies an ES256 portal token with the platform's crypto.subtle", async () => {
		const { verify } = portalJWKS([es256.jwk, rs256.jwk]);
		const subtleVerify = vi.spyOn(crypto.subtle, "verify");
		const claims = await verify(await sign(es256, { email: "u@example.test" }));
		expect(claims).toMatchObject({ sub: "user-1", email: "u@example.test" });
		expect(subtleVerify).toHaveBeenCalledWith(
			expect.objectContaining({ name: "ECDSA", hash: "SHA-256" }),
			expect.anything(),
			expect.anything(),
			expect.anything(),
		);
	});

	it("verifies ES384 and RS256 tokens, each with its own key", async () => {
		const { verify } = portalJWKS([es256.jwk, es384.jwk, rs256.jwk]);
		await expect(verify(await sign(es384, {}))).resolves.toMatchObject({ sub: "user-1" });
		await expect(verify(await sign(rs256, {}))).resolves.toMatchObject({ sub: "user-1" });
	});

	it("rejects a token whose nbf is in the future, beyond a small clock skew", async () => {
		const { verify } = portalJWKS([es256.jwk]);
		await expect(verify(await sign(es256, { nbf: NOW + 30 }))).rejects.toThrow(
			new JWTInvalidError("token not yet valid"),
		);
		const skewed = await sign(es256, { nbf: NOW + CLOCK_TOLERANCE_SECONDS / 2 });
		await expect(verify(skewed)).resolves.toMatchObject({ sub: "user-1" });
	});

	it("rejects a token 30 s past expiry, and accepts one inside the clock tolerance", async () => {
		const { verify } = portalJWKS([es256.jwk]);
		await expect(verify(await sign(es256, { exp: NOW - 30 }))).rejects.toBeInstanceOf(JWTExpiredError);
		const justExpired = await sign(es256, { exp: NOW - CLOCK_TOLERANCE_SECONDS / 2 });
		await expect(verify(justExpired)).resolves.toMatchObject({ sub: "user-1" });
	});

	it("refetches the JWKS for an unknown kid at most once per throttle window", async () => {
		const { state, clock, verify } = portalJWKS([es256.jwk]);
		await verify(await sign(es256, {}));
		expect(state.fetches).toBe(1);
		const rotated = await makeKey("ec-rotated", "ES256");
		const unknown = await sign(rotated, {});

		clock.advance(JWKS_REFETCH_THROTTLE_MS);
		await expect(verify(unknown)).rejects.toThrow("no matching signing key");
		expect(state.fetches).toBe(2);
		// A flood of unknown kids inside the window costs no further fetches.
		await expect(verify(unknown)).rejects.toThrow("no matching signing key");
		await expect(verify(await sign(rotated, {}, { kid: "ec-other" }))).rejects.toThrow("no matching signing key");
		expect(state.fetches).toBe(2);

		// The portal publishes the new key; after the window, one refetch picks it up.
		state.keys = [es256.jwk, rotated.jwk];
		clock.advance(JWKS_REFETCH_THROTTLE_MS);
		await expect(verify(unknown)).resolves.toMatchObject({ sub: "user-1" });
		expect(state.fetches).toBe(3);
	});

	it("rejects a token whose alg does not match its key", async () => {
		const { verify } = portalJWKS([es256.jwk, rs256.jwk]);
		// The ES256 key's kid with an ES384 header (and signature): the key is not for ES384.
		const es384UnderEs256Kid = await sign(es384, {}, { kid: es256.kid });
		await expect(verify(es384UnderEs256Kid)).rejects.toThrow("no matching signing key");
		// An RSA key named by an EC algorithm, and an EC key without `alg` named by RS256.
		const { verify: verifyBare } = portalJWKS([{ ...es256.jwk, alg: undefined }]);
		await expect(verifyBare(await sign(es256, {}, { alg: "RS256" }))).rejects.toBeInstanceOf(JWTInvalidError);
		await expect(verify(await sign(rs256, {}, { alg: "ES256" }))).rejects.toBeInstanceOf(JWTInvalidError);
	});
});
