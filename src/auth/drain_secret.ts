/**
 * @module
 * The `drain-secret` token provider (api-contract D.12): a bearer secret from
 * `HERMES_DASHBOARD_DRAIN_SECRET` lets automation (a deploy hook) call
 * `/api/gateway/drain` without a browser session. Weak secrets are refused.
 */
import { envValue } from "../options.ts";
import { safeEqual } from "../security/session_token.ts";
import type { DashboardAuthProvider, TokenPrincipal } from "./provider.ts";

export const DRAIN_PATHS: readonly string[] = ["/api/gateway/drain"];

/** ≥43 chars, ≥16 distinct characters, ≥128 bits of Shannon entropy over the string. */
export function isStrongSecret(secret: string): boolean {
	if (secret.length < 43) {
		return false;
	}
	const counts = new Map<string, number>();
	for (const char of secret) {
		counts.set(char, (counts.get(char) ?? 0) + 1);
	}
	if (counts.size < 16) {
		return false;
	}
	let bitsPerChar = 0;
	for (const count of counts.values()) {
		const p = count / secret.length;
		bitsPerChar -= p * Math.log2(p);
	}
	return bitsPerChar * secret.length >= 128;
}

export class DrainSecretProvider implements DashboardAuthProvider {
	readonly name = "drain-secret";
	readonly displayName = "Gateway drain secret";
	readonly supportsToken = true;
	readonly supportsSession = false;
	readonly tokenPaths = DRAIN_PATHS;
	readonly #secret: string;

	constructor(secret: string) {
		if (!isStrongSecret(secret)) {
			throw new Error("drain secret is too weak (need ≥43 chars, ≥16 distinct, ≥128 bits)");
		}
		this.#secret = secret;
	}

	verifyToken(token: string): Promise<TokenPrincipal | null> {
		return Promise.resolve(
			safeEqual(token, this.#secret)
				? { principal: "drain-control", provider: this.name, scopes: ["gateway:drain"] }
				: null,
		);
	}
}

export function drainFromEnv(env: Record<string, string | undefined>): DrainSecretProvider | { skip: string } | null {
	const secret = envValue(env, "HERMES_DASHBOARD_DRAIN_SECRET");
	if (secret === undefined) {
		return null;
	}
	return isStrongSecret(secret)
		? new DrainSecretProvider(secret)
		: { skip: "HERMES_DASHBOARD_DRAIN_SECRET is too weak (need ≥43 chars, ≥16 distinct, ≥128 bits)" };
}
