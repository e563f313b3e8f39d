/**
 * @module
 * The Nous Portal provider (`nous`, api-contract D.10): OAuth 2 authorization code with
 * PKCE S256 against the portal, access tokens verified as RS256 JWTs against the
 * portal's JWKS. Unlike Hermes, a bad token is "not a session" (401), and only a real
 * network failure counts as unreachable (503).
 */
import { envValue } from "../options.ts";
import { getString, type ConfigMapping } from "../hermes/config/yaml.ts";
import { nowSeconds, systemClock, type Clock } from "../hermes/home/clock.ts";
import { JWKSCache, JWKSUnavailableError, JWTExpiredError, verifyJWT, type FetchLike } from "./jwt.ts";
import { authorizationURL, exchangeCode, randomURLSafe, refreshTokens, type TokenResponse } from "./oauth.ts";
import {
	InvalidCodeError,
	ProviderUnreachableError,
	type AuthSession,
	type DashboardAuthProvider,
	type LoginCompletion,
	type LoginStart,
} from "./provider.ts";

export const DEFAULT_PORTAL = "https://portal.nousresearch.com";
export const NOUS_SCOPE = "agent_dashboard:access";

export interface NousSettings {
	clientID: string;
	portalURL: string;
	fetch?: FetchLike;
	clock?: Clock;
}

export class NousProvider implements DashboardAuthProvider {
	readonly name = "nous";
	readonly displayName = "Nous Research";
	readonly clientID: string;
	readonly portalURL: string;
	readonly instanceID: string;
	readonly #jwks: JWKSCache;
	readonly #fetch: FetchLike | undefined;
	readonly #clock: Clock;

	constructor(settings: NousSettings) {
		if (!settings.clientID.startsWith("agent:") || settings.clientID.length === "agent:".length) {
			throw new Error(
				`OAuth client id must look like agent:<instance-id>, got ${JSON.stringify(settings.clientID)}`,
			);
		}
		this.clientID = settings.clientID;
		this.instanceID = settings.clientID.slice("agent:".length);
		this.portalURL = settings.portalURL.replace(/\/+$/, "");
		this.#fetch = settings.fetch;
		this.#clock = settings.clock ?? systemClock;
		this.#jwks = new JWKSCache(`${this.portalURL}/.well-known/jwks.json`, {
			fetch: settings.fetch,
			clock: this.#clock,
		});
	}

	async startLogin(redirectURI: string): Promise<LoginStart> {
		let parsed: URL;
		try {
			parsed = new URL(redirectURI);
		} catch {
			throw new ProviderUnreachableError("redirect_uri is not a URL");
		}
		if (
			(parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
			!parsed.pathname.endsWith("/auth/callback")
		) {
			throw new ProviderUnreachableError("redirect_uri must be http(s) and end with /auth/callback");
		}
		const state = randomURLSafe(32);
		const verifier = randomURLSafe(64);
		const redirectURL = await authorizationURL({
			endpoint: `${this.portalURL}/oauth/authorize`,
			clientID: this.clientID,
			redirectURI,
			state,
			verifier,
			scopes: [NOUS_SCOPE],
		});
		return { redirectURL, cookiePayload: `state=${state};verifier=${verifier}` };
	}

	async completeLogin(completion: LoginCompletion): Promise<AuthSession> {
		const tokens = await exchangeCode({
			tokenEndpoint: `${this.portalURL}/api/oauth/token`,
			clientID: this.clientID,
			redirectURI: completion.redirectURI,
			code: completion.code,
			verifier: completion.codeVerifier,
		});
		const session = await this.#sessionFrom(tokens);
		if (session === null) {
			throw new InvalidCodeError("the portal issued an access token that does not verify");
		}
		return session;
	}

	async verifySession(accessToken: string): Promise<AuthSession | null> {
		return this.#sessionFrom({ accessToken, refreshToken: "", idToken: undefined });
	}

	async refreshSession(refreshToken: string): Promise<AuthSession> {
		const tokens = await refreshTokens({
			tokenEndpoint: `${this.portalURL}/api/oauth/token`,
			clientID: this.clientID,
			refreshToken,
			headers: { "x-nous-refresh-token": refreshToken },
			fetch: this.#fetch as typeof fetch | undefined,
		});
		const session = await this.#sessionFrom(tokens);
		if (session === null) {
			throw new ProviderUnreachableError("the portal issued an access token that does not verify");
		}
		return session;
	}

	revokeSession(): Promise<void> {
		return Promise.resolve();
	}

	/** Null for any token that is not a valid, current portal session. */
	async #sessionFrom(tokens: TokenResponse): Promise<AuthSession | null> {
		let claims: Record<string, unknown>;
		try {
			claims = await verifyJWT(tokens.accessToken, this.#jwks, {
				algorithms: ["RS256"],
				issuer: this.portalURL,
				audience: this.clientID,
				required: ["sub"],
				now: nowSeconds(this.#clock),
			});
		} catch (error) {
			if (error instanceof JWKSUnavailableError) {
				throw new ProviderUnreachableError(error.message);
			}
			if (error instanceof JWTExpiredError) {
				return null;
			}
			return null;
		}
		if (claims.agent_instance_id !== undefined && claims.agent_instance_id !== this.instanceID) {
			return null;
		}
		if (claims.oauth_contract_version !== undefined && claims.oauth_contract_version !== 1) {
			return null;
		}
		if (typeof claims.sub !== "string" || claims.sub === "") {
			return null;
		}
		return {
			userId: claims.sub,
			email: typeof claims.email === "string" ? claims.email : "",
			displayName: typeof claims.name === "string" ? claims.name : "",
			orgId: typeof claims.org_id === "string" ? claims.org_id : "",
			provider: this.name,
			expiresAt: claims.exp as number,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken,
		};
	}
}

/** Builds the provider from env/config, or the reason it is not configured. */
export function nousFromConfig(
	config: ConfigMapping,
	env: Record<string, string | undefined>,
	clock: Clock = systemClock,
): NousProvider | { skip: string } {
	const clientID =
		envValue(env, "HERMES_DASHBOARD_OAUTH_CLIENT_ID") ?? getString(config, "dashboard.oauth.client_id");
	if (clientID === undefined) {
		return {
			skip: "no OAuth client id — set HERMES_DASHBOARD_OAUTH_CLIENT_ID or dashboard.oauth.client_id in config.yaml",
		};
	}
	if (!clientID.startsWith("agent:") || clientID === "agent:") {
		return {
			skip: `OAuth client id ${JSON.stringify(clientID)} must look like agent:<instance-id> (HERMES_DASHBOARD_OAUTH_CLIENT_ID)`,
		};
	}
	const portal =
		envValue(env, "HERMES_DASHBOARD_PORTAL_URL") ??
		getString(config, "dashboard.oauth.portal_url") ??
		DEFAULT_PORTAL;
	return new NousProvider({ clientID, portalURL: portal, clock });
}
