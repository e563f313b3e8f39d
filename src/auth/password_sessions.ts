/**
 * @module
 * Sessions for plugin password providers that only implement `completePasswordLogin`:
 * the dashboard mints its own HMAC-signed tokens for them (per-process secret, so a
 * restart signs everyone out), with the provider name inside the signed payload.
 */
import { Buffer } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { RefreshExpiredError, type AuthSession, type DashboardAuthProvider } from "./provider.ts";

const ACCESS_TTL = 43_200;
const REFRESH_TTL = 2_592_000;

interface Claims {
	prv: string;
	sub: string;
	eml: string;
	dsp: string;
	org: string;
	kind: "access" | "refresh";
	exp: number;
}

export class PasswordSessionSigner {
	readonly #secret = randomBytes(32);

	sign(claims: Claims): string {
		const body = Buffer.from(JSON.stringify(claims), "utf8");
		const mac = createHmac("sha256", this.#secret).update(body).digest();
		return Buffer.concat([body, mac]).toString("base64url");
	}

	verify(token: string, provider: string, kind: Claims["kind"]): Claims | null {
		const raw = Buffer.from(token, "base64url");
		if (raw.length <= 32) {
			return null;
		}
		const body = raw.subarray(0, raw.length - 32);
		const expected = createHmac("sha256", this.#secret).update(body).digest();
		if (!timingSafeEqual(expected, raw.subarray(raw.length - 32))) {
			return null;
		}
		const claims = JSON.parse(body.toString("utf8")) as Claims;
		return claims.prv === provider && claims.kind === kind && claims.exp > Math.floor(Date.now() / 1000)
			? claims
			: null;
	}
}

const signer = new PasswordSessionSigner();

function session(provider: string, claims: Omit<Claims, "kind" | "exp" | "prv">): AuthSession {
	const now = Math.floor(Date.now() / 1000);
	const base = { prv: provider, ...claims };
	const expiresAt = now + ACCESS_TTL;
	return {
		userId: claims.sub,
		email: claims.eml,
		displayName: claims.dsp,
		orgId: claims.org,
		provider,
		expiresAt,
		accessToken: signer.sign({ ...base, kind: "access", exp: expiresAt }),
		refreshToken: signer.sign({ ...base, kind: "refresh", exp: now + REFRESH_TTL }),
	};
}

/** Wraps a password-only provider so the gate can verify and refresh its sessions. */
export function withDashboardSessions(provider: DashboardAuthProvider): DashboardAuthProvider {
	const login = provider.completePasswordLogin!.bind(provider);
	const toClaims = (s: { userId: string; email: string; displayName: string; orgId: string }) => ({
		sub: s.userId,
		eml: s.email,
		dsp: s.displayName,
		org: s.orgId,
	});
	return {
		name: provider.name,
		displayName: provider.displayName,
		supportsPassword: true,
		supportsToken: provider.supportsToken,
		verifyToken: provider.verifyToken?.bind(provider),
		async completePasswordLogin(username, password) {
			const result = await login(username, password);
			return session(provider.name, toClaims(result));
		},
		verifySession(accessToken) {
			const claims = signer.verify(accessToken, provider.name, "access");
			if (claims === null) {
				return Promise.resolve(null);
			}
			return Promise.resolve({
				userId: claims.sub,
				email: claims.eml,
				displayName: claims.dsp,
				orgId: claims.org,
				provider: provider.name,
				expiresAt: claims.exp,
				accessToken,
				refreshToken: "",
			});
		},
		refreshSession(refreshToken) {
			const claims = signer.verify(refreshToken, provider.name, "refresh");
			return claims === null
				? Promise.reject(new RefreshExpiredError("refresh token expired or invalid"))
				: Promise.resolve(
						session(provider.name, { sub: claims.sub, eml: claims.eml, dsp: claims.dsp, org: claims.org }),
					);
		},
		revokeSession: () => Promise.resolve(),
	};
}
