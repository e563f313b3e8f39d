/**
 * @module
 * Sessions for plugin password providers that only implement `completePasswordLogin`:
 * the dashboard mints its own signed tokens for them (per-process secret, so a restart
 * signs everyone out), with the provider name inside the signed payload.
 */
import { nowSeconds, type Clock } from "../hermes/home/clock.ts";
import { openJSONToken, signToken } from "./signed_token.ts";
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

const secret = crypto.getRandomValues(new Uint8Array(32));

function verify(token: string, provider: string, kind: Claims["kind"], clock: Clock): Claims | null {
	const claims = openJSONToken(secret, token) as Partial<Claims> | null;
	if (claims === null || claims.prv !== provider || claims.kind !== kind) {
		return null;
	}
	return typeof claims.exp === "number" && claims.exp > nowSeconds(clock) ? (claims as Claims) : null;
}

function session(provider: string, claims: Pick<Claims, "sub" | "eml" | "dsp" | "org">, clock: Clock): AuthSession {
	const now = Math.floor(nowSeconds(clock));
	const base = { prv: provider, sub: claims.sub, eml: claims.eml, dsp: claims.dsp, org: claims.org };
	const expiresAt = now + ACCESS_TTL;
	return {
		userId: claims.sub,
		email: claims.eml,
		displayName: claims.dsp,
		orgId: claims.org,
		provider,
		expiresAt,
		accessToken: signToken(secret, JSON.stringify({ ...base, kind: "access", exp: expiresAt })),
		refreshToken: signToken(secret, JSON.stringify({ ...base, kind: "refresh", exp: now + REFRESH_TTL })),
	};
}

/** Wraps a password-only provider so the gate can verify and refresh its sessions. */
export function withDashboardSessions(provider: DashboardAuthProvider, clock: Clock): DashboardAuthProvider {
	const login = provider.completePasswordLogin!.bind(provider);
	return {
		name: provider.name,
		displayName: provider.displayName,
		supportsPassword: true,
		supportsToken: provider.supportsToken,
		verifyToken: provider.verifyToken?.bind(provider),
		async completePasswordLogin(username, password) {
			const result = await login(username, password);
			const claims = { sub: result.userId, eml: result.email, dsp: result.displayName, org: result.orgId };
			return session(provider.name, claims, clock);
		},
		verifySession(accessToken) {
			const claims = verify(accessToken, provider.name, "access", clock);
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
			const claims = verify(refreshToken, provider.name, "refresh", clock);
			return claims === null
				? Promise.reject(new RefreshExpiredError("refresh token expired or invalid"))
				: Promise.resolve(session(provider.name, claims, clock));
		},
		revokeSession: () => Promise.resolve(),
	};
}
