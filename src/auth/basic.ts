/**
 * @module
 * The username/password provider (`basic`, api-contract D.11). Sessions are stateless
 * HMAC tokens in Hermes's exact format, so a secret shared with the Python dashboard
 * gives interchangeable sessions. Unknown users cost a full scrypt too (no user probing).
 */
import { Buffer } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { envValue } from "../options.ts";
import { nowSeconds, systemClock, type Clock } from "../hermes/home/clock.ts";
import { getPath, getString, type ConfigMapping } from "../hermes/config/yaml.ts";
import { pythonJSONDumps } from "../hermes/home/python_json.ts";
import { hashPassword, pythonBase64Decode, verifyPassword } from "./password_hash.ts";
import { openJSONToken, signToken } from "./signed_token.ts";
import {
	InvalidCredentialsError,
	RefreshExpiredError,
	type AuthSession,
	type DashboardAuthProvider,
} from "./provider.ts";

export const DEFAULT_TTL_SECONDS = 43_200;
export const REFRESH_TTL_SECONDS = 2_592_000;
// A valid hash of a random password: unknown usernames are checked against it.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$bm90LWEtcmVhbC1oYXNoLWp1c3QtdGltaW5nLXBhZA==";

/** Secret bytes as Hermes derives them: lenient base64 (≥16 B), else hex (≥16 B), else UTF-8. */
export function decodeSecret(raw: string): Uint8Array {
	const b64 = pythonBase64Decode(raw);
	if (b64 !== null && b64.length >= 16) {
		return b64;
	}
	if (/^(?:[0-9a-fA-F]{2})+$/.test(raw) && raw.length >= 32) {
		return new Uint8Array(Buffer.from(raw, "hex"));
	}
	return new Uint8Array(Buffer.from(raw, "utf8"));
}

export interface BasicSettings {
	username: string;
	passwordHash: string;
	secret: Uint8Array;
	ttlSeconds: number;
	clock?: Clock;
}

export class BasicAuthProvider implements DashboardAuthProvider {
	readonly name = "basic";
	readonly displayName = "Username & Password";
	readonly supportsPassword = true;
	readonly #settings: BasicSettings;
	readonly #clock: Clock;

	constructor(settings: BasicSettings) {
		if (settings.username === "") {
			throw new Error("basic auth: username must not be empty");
		}
		if (!settings.passwordHash.startsWith("scrypt$")) {
			throw new Error("basic auth: password hash must be an scrypt$... hash");
		}
		if (settings.secret.length < 16) {
			throw new Error("basic auth: secret must be at least 16 bytes");
		}
		this.#settings = settings;
		this.#clock = settings.clock ?? systemClock;
	}

	async completePasswordLogin(username: string, password: string): Promise<AuthSession> {
		const known = safeStringEqual(username, this.#settings.username);
		const ok = await verifyPassword(password, known ? this.#settings.passwordHash : DUMMY_HASH);
		if (!known || !ok) {
			throw new InvalidCredentialsError("Invalid credentials");
		}
		return this.#mint(this.#settings.username);
	}

	verifySession(accessToken: string): Promise<AuthSession | null> {
		const claims = this.#decode(accessToken, "access");
		return Promise.resolve(claims === null ? null : this.#session(claims.sub, claims.exp, accessToken, ""));
	}

	refreshSession(refreshToken: string): Promise<AuthSession> {
		const claims = this.#decode(refreshToken, "refresh");
		if (claims === null) {
			return Promise.reject(new RefreshExpiredError("refresh token expired or invalid"));
		}
		return Promise.resolve(this.#mint(claims.sub));
	}

	revokeSession(): Promise<void> {
		return Promise.resolve();
	}

	/** Mints a token (exported for tests that need expired or foreign tokens). */
	sign(sub: string, kind: "access" | "refresh", exp: number): string {
		return signToken(this.#settings.secret, pythonJSONDumps({ sub, kind, exp }, [",", ":"]));
	}

	#mint(sub: string): AuthSession {
		const now = Math.floor(nowSeconds(this.#clock));
		const exp = now + this.#settings.ttlSeconds;
		return this.#session(
			sub,
			exp,
			this.sign(sub, "access", exp),
			this.sign(sub, "refresh", now + REFRESH_TTL_SECONDS),
		);
	}

	#session(sub: string, exp: number, accessToken: string, refreshToken: string): AuthSession {
		return {
			userId: sub,
			email: "",
			displayName: sub,
			orgId: "",
			provider: this.name,
			expiresAt: exp,
			accessToken,
			refreshToken,
		};
	}

	#decode(token: string, kind: "access" | "refresh"): { sub: string; exp: number } | null {
		const claims = openJSONToken(this.#settings.secret, token);
		if (claims === null) {
			return null;
		}
		const { sub, kind: gotKind, exp } = claims;
		if (typeof sub !== "string" || gotKind !== kind || typeof exp !== "number" || exp <= nowSeconds(this.#clock)) {
			return null;
		}
		return { sub, exp };
	}
}

function safeStringEqual(a: string, b: string): boolean {
	const left = createHmac("sha256", "cmp").update(a).digest();
	const right = createHmac("sha256", "cmp").update(b).digest();
	return timingSafeEqual(left, right) && a === b;
}

/** Builds the provider from env/config, or the reason it is not configured. */
export function basicFromConfig(
	config: ConfigMapping,
	env: Record<string, string | undefined>,
	clock: Clock = systemClock,
): BasicAuthProvider | { skip: string } {
	const pick = (envName: string, key: string): string | undefined =>
		envValue(env, envName) ?? getString(config, `dashboard.basic_auth.${key}`);
	const username = pick("HERMES_DASHBOARD_BASIC_AUTH_USERNAME", "username");
	if (username === undefined) {
		return { skip: "no username — set dashboard.basic_auth.username (or HERMES_DASHBOARD_BASIC_AUTH_USERNAME)" };
	}
	const envPassword = envValue(env, "HERMES_DASHBOARD_BASIC_AUTH_PASSWORD");
	const hash = pick("HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH", "password_hash");
	const configPassword = getString(config, "dashboard.basic_auth.password");
	const passwordHash =
		envPassword !== undefined
			? hashPassword(envPassword)
			: (hash ?? (configPassword !== undefined ? hashPassword(configPassword) : undefined));
	if (passwordHash === undefined) {
		return {
			skip: "no password — set dashboard.basic_auth.password_hash (or HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH; make one with `hermes-dashboard hash-password`)",
		};
	}
	if (!passwordHash.startsWith("scrypt$")) {
		return { skip: "dashboard.basic_auth.password_hash is not an scrypt$... hash" };
	}
	const rawSecret = pick("HERMES_DASHBOARD_BASIC_AUTH_SECRET", "secret");
	const secret = rawSecret === undefined ? new Uint8Array(randomBytes(32)) : decodeSecret(rawSecret);
	if (secret.length < 16) {
		return { skip: "dashboard.basic_auth.secret is shorter than 16 bytes" };
	}
	const ttlRaw =
		envValue(env, "HERMES_DASHBOARD_BASIC_AUTH_TTL_SECONDS") ??
		getPath(config, "dashboard.basic_auth.session_ttl_seconds");
	const ttlNumber = Number.parseInt(String(ttlRaw ?? ""), 10);
	// 0 (the config default) and garbage mean "the default"; otherwise at least a minute.
	const ttlSeconds = Number.isFinite(ttlNumber) && ttlNumber > 0 ? Math.max(60, ttlNumber) : DEFAULT_TTL_SECONDS;
	return new BasicAuthProvider({ username, passwordHash, secret, ttlSeconds, clock });
}
