/**
 * Auth test helpers: a stub OAuth provider (no network), a basic provider with a known
 * password, and a gated in-process client that sends the bound Host header.
 */
import { hashPassword } from "../../src/auth/password_hash.ts";
import { BasicAuthProvider } from "../../src/auth/basic.ts";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import {
	InvalidCodeError,
	ProviderUnreachableError,
	RefreshExpiredError,
	type AuthSession,
	type DashboardAuthProvider,
	type LoginCompletion,
	type LoginStart,
} from "../../src/auth/provider.ts";
import { makeContext, testClient, type TestRequestInit } from "./app.ts";
import type { AppContext } from "../../src/context.ts";

export const BASIC_PASSWORD = "correct horse battery staple";
// One hash for the whole run: scrypt is deliberately slow.
const BASIC_HASH = hashPassword(BASIC_PASSWORD);

export function basicProvider(): BasicAuthProvider {
	return new BasicAuthProvider({
		username: "admin",
		passwordHash: BASIC_HASH,
		secret: new Uint8Array(32).fill(7),
		ttlSeconds: 3600,
	});
}

/** An OAuth provider whose IdP is the callback itself (like Hermes's test stub). */
export class StubOAuthProvider implements DashboardAuthProvider {
	readonly name: string;
	readonly displayName: string;
	unreachable = false;
	refreshCalls = 0;
	#counter = 0;
	readonly #live = new Set<string>();
	readonly #refresh = new Set<string>();

	constructor(name = "stub", displayName = "Stub IdP (test only)") {
		this.name = name;
		this.displayName = displayName;
	}

	startLogin(redirectURI: string): Promise<LoginStart> {
		if (this.unreachable) {
			return Promise.reject(new ProviderUnreachableError("stub down"));
		}
		return Promise.resolve({
			redirectURL: `${redirectURI}?code=stub_code&state=s1`,
			cookiePayload: "state=s1;verifier=v1",
		});
	}

	completeLogin(completion: LoginCompletion): Promise<AuthSession> {
		if (completion.code !== "stub_code" || completion.codeVerifier !== "v1") {
			return Promise.reject(new InvalidCodeError("bad code"));
		}
		return Promise.resolve(this.mint());
	}

	/** A fresh session whose tokens this provider recognises. */
	mint(): AuthSession {
		const at = `${this.name}-at-${++this.#counter}`;
		const rt = `${this.name}-rt-${this.#counter}`;
		this.#live.add(at);
		this.#refresh.add(rt);
		return this.#session(at, rt);
	}

	#session(at: string, rt: string): AuthSession {
		return {
			userId: `${this.name}-user-1`,
			email: "u@example.test",
			displayName: "Stub User",
			orgId: "",
			provider: this.name,
			expiresAt: Math.floor(Date.now() / 1000) + 3600,
			accessToken: at,
			refreshToken: rt,
		};
	}

	verifySession(accessToken: string): Promise<AuthSession | null> {
		if (this.unreachable) {
			return Promise.reject(new ProviderUnreachableError("stub down"));
		}
		return Promise.resolve(this.#live.has(accessToken) ? this.#session(accessToken, "") : null);
	}

	refreshSession(refreshToken: string): Promise<AuthSession> {
		this.refreshCalls++;
		if (this.unreachable) {
			return Promise.reject(new ProviderUnreachableError("stub down"));
		}
		if (!this.#refresh.delete(refreshToken)) {
			return Promise.reject(new RefreshExpiredError("unknown refresh token"));
		}
		return Promise.resolve(this.mint());
	}

	revokeSession(refreshToken: string): Promise<void> {
		this.#refresh.delete(refreshToken);
		return Promise.resolve();
	}
}

export function registryOf(...providers: DashboardAuthProvider[]): ProviderRegistry {
	const registry = new ProviderRegistry();
	for (const provider of providers) {
		registry.register(provider);
	}
	return registry;
}

export interface GatedClient {
	context: AppContext;
	request: (path: string, init?: TestRequestInit & { cookies?: Record<string, string> }) => Promise<Response>;
}

/** An in-process gated app bound to `host`; requests carry `Host: host` and no token. */
export function gatedClient(
	providers: ProviderRegistry,
	overrides: Partial<AppContext> & { host?: string } = {},
): GatedClient {
	const host = overrides.host ?? "fly-app.fly.dev";
	const context = makeContext({ ...overrides, host, providers });
	const raw = testClient(context);
	return {
		context,
		request(path, init = {}) {
			const headers = new Headers(init.headers);
			if (!headers.has("host")) {
				headers.set("host", host === "0.0.0.0" ? "10.0.0.5:9119" : host);
			}
			if (init.cookies !== undefined) {
				headers.set(
					"cookie",
					Object.entries(init.cookies)
						.map(([k, v]) => `${k}=${v}`)
						.join("; "),
				);
			}
			return raw(path, { ...init, headers, token: init.token ?? false, redirect: "manual" });
		},
	};
}

/** name → value of every Set-Cookie (deletions included, last one wins). */
export function setCookies(response: Response): Map<string, { value: string; raw: string }> {
	const map = new Map<string, { value: string; raw: string }>();
	for (const raw of response.headers.getSetCookie()) {
		const [pair] = raw.split(";");
		const eq = pair!.indexOf("=");
		map.set(pair!.slice(0, eq), { value: pair!.slice(eq + 1), raw });
	}
	return map;
}

/** The Cookie header a browser would send back: the live Set-Cookies plus `extra`. */
export function cookieHeader(response: Response, extra: Record<string, string> = {}): string {
	const pairs: string[] = [];
	for (const [name, { value, raw }] of setCookies(response)) {
		if (!raw.includes("Max-Age=0")) pairs.push(`${name}=${value}`);
	}
	for (const [name, value] of Object.entries(extra)) pairs.push(`${name}=${value}`);
	return pairs.join("; ");
}

/** AT/RT values of a cookie header (the provider hint is a name, not a secret). */
export function sessionValues(header: string): string[] {
	return header
		.split("; ")
		.filter((pair) => !pair.startsWith("hermes_session_provider="))
		.map((pair) => pair.slice(pair.indexOf("=") + 1).replace(/"/g, ""));
}

/** POST /auth/password-login with a JSON body. */
export function passwordLogin(
	client: GatedClient,
	body: Record<string, unknown>,
	headers: Record<string, string> = {},
): Promise<Response> {
	return client.request("/auth/password-login", {
		method: "POST",
		headers: { "content-type": "application/json", ...headers },
		body: JSON.stringify(body),
	});
}
