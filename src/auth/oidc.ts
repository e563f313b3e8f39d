/**
 * @module
 * A generic OpenID Connect provider (discovery, PKCE S256, ID-token verification): the
 * bundled `self-hosted` provider (api-contract D.12) and the worked example for plugins
 * (Google, GitLab, Keycloak, Authentik...). The dashboard session token is the ID token.
 */
import { envValue } from "../options.ts";
import { getPath, getString, type ConfigMapping } from "../hermes/config/yaml.ts";
import { nowSeconds, systemClock, type Clock } from "../hermes/home/clock.ts";
import { JWKSCache, JWKSUnavailableError, verifyJWT } from "./jwt.ts";
import { authorizationURL, exchangeCode, randomURLSafe, refreshTokens, type TokenResponse } from "./oauth.ts";
import {
	InvalidCodeError,
	ProviderUnreachableError,
	RefreshExpiredError,
	type AuthSession,
	type DashboardAuthProvider,
	type LoginCompletion,
	type LoginStart,
} from "./provider.ts";

export interface OIDCSettings {
	/** Provider id (lower case), e.g. `google`. */
	name: string;
	displayName: string;
	/** Issuer URL; discovery is `<issuer>/.well-known/openid-configuration`. */
	issuer: string;
	clientID: string;
	/** Confidential clients only; sent as HTTP Basic. */
	clientSecret?: string;
	/** Default `openid email profile`. */
	scopes?: string[];
	/** Only these emails (case-insensitive) may sign in; empty = anyone the IdP accepts. */
	allowedEmails?: string[];
	/** Where "now" comes from for token expiry (default: the system clock). */
	clock?: Clock;
}

interface Discovery {
	authorization_endpoint: string;
	token_endpoint: string;
	jwks_uri: string;
}

const ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384"];

function isHTTPSOrLoopback(value: string): boolean {
	try {
		const url = new URL(value);
		return (
			url.protocol === "https:" ||
			(url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
		);
	} catch {
		return false;
	}
}

export class OIDCProvider implements DashboardAuthProvider {
	readonly name: string;
	readonly displayName: string;
	readonly #settings: OIDCSettings;
	readonly #issuer: string;
	#discovery: Promise<Discovery> | undefined;
	#jwks: JWKSCache | undefined;

	constructor(settings: OIDCSettings) {
		if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(settings.name)) {
			throw new Error(
				`OIDC provider name must be lower-case letters, digits, - or _: ${JSON.stringify(settings.name)}`,
			);
		}
		if (!isHTTPSOrLoopback(settings.issuer)) {
			throw new Error(`OIDC issuer must be https (or http on loopback): ${JSON.stringify(settings.issuer)}`);
		}
		if (settings.clientID === "") {
			throw new Error("OIDC client id must not be empty");
		}
		this.name = settings.name;
		this.displayName = settings.displayName;
		this.#settings = settings;
		this.#issuer = settings.issuer.replace(/\/+$/, "");
	}

	#discover(): Promise<Discovery> {
		this.#discovery ??= (async () => {
			let response: Response;
			try {
				response = await fetch(`${this.#issuer}/.well-known/openid-configuration`, {
					signal: AbortSignal.timeout(10_000),
				});
			} catch (error) {
				throw new ProviderUnreachableError(`OIDC discovery failed: ${(error as Error).message}`);
			}
			const body = (response.ok ? await response.json().catch(() => null) : null) as Record<
				string,
				unknown
			> | null;
			if (body === null) {
				throw new ProviderUnreachableError(`OIDC discovery failed: HTTP ${response.status}`);
			}
			if (typeof body.issuer !== "string" || body.issuer.replace(/\/+$/, "") !== this.#issuer) {
				throw new ProviderUnreachableError(
					`OIDC discovery names a different issuer: ${String(body.issuer).slice(0, 100)}`,
				);
			}
			for (const key of ["authorization_endpoint", "token_endpoint", "jwks_uri"]) {
				if (typeof body[key] !== "string" || !isHTTPSOrLoopback(body[key])) {
					throw new ProviderUnreachableError(`OIDC discovery: ${key} missing or not https`);
				}
			}
			const discovery = body as unknown as Discovery;
			this.#jwks = new JWKSCache(discovery.jwks_uri, { clock: this.#settings.clock });
			return discovery;
		})();
		// A failed discovery is retried on the next request.
		this.#discovery.catch(() => (this.#discovery = undefined));
		return this.#discovery;
	}

	async startLogin(redirectURI: string): Promise<LoginStart> {
		const discovery = await this.#discover();
		const state = randomURLSafe(32);
		const verifier = randomURLSafe(64);
		const redirectURL = await authorizationURL({
			endpoint: discovery.authorization_endpoint,
			clientID: this.#settings.clientID,
			redirectURI,
			state,
			verifier,
			scopes: this.#settings.scopes ?? ["openid", "email", "profile"],
		});
		return { redirectURL, cookiePayload: `state=${state};verifier=${verifier}` };
	}

	async completeLogin(completion: LoginCompletion): Promise<AuthSession> {
		const discovery = await this.#discover();
		const tokens = await exchangeCode({
			tokenEndpoint: discovery.token_endpoint,
			clientID: this.#settings.clientID,
			clientSecret: this.#settings.clientSecret ?? null,
			redirectURI: completion.redirectURI,
			code: completion.code,
			verifier: completion.codeVerifier,
		});
		const session = await this.#sessionFrom(tokens);
		if (session === null) {
			throw new InvalidCodeError("the ID token did not verify or the user is not allowed");
		}
		return session;
	}

	async verifySession(accessToken: string): Promise<AuthSession | null> {
		return this.#sessionFrom({ accessToken: "", idToken: accessToken, refreshToken: "" });
	}

	async refreshSession(refreshToken: string): Promise<AuthSession> {
		const discovery = await this.#discover();
		const tokens = await refreshTokens({
			tokenEndpoint: discovery.token_endpoint,
			clientID: this.#settings.clientID,
			clientSecret: this.#settings.clientSecret ?? null,
			refreshToken,
		});
		const session = await this.#sessionFrom({ ...tokens, refreshToken: tokens.refreshToken || refreshToken });
		if (session === null) {
			throw new RefreshExpiredError("refresh returned no valid ID token");
		}
		return session;
	}

	revokeSession(): Promise<void> {
		return Promise.resolve();
	}

	async #sessionFrom(tokens: TokenResponse): Promise<AuthSession | null> {
		// Not even JWT-shaped (another provider's cookie): no need to reach the IdP.
		if (tokens.idToken === undefined || tokens.idToken.split(".").length !== 3) {
			return null;
		}
		await this.#discover();
		let claims: Record<string, unknown>;
		try {
			claims = await verifyJWT(tokens.idToken, this.#jwks!, {
				algorithms: ALGORITHMS,
				issuer: this.#issuer,
				audience: this.#settings.clientID,
				required: ["sub"],
				now: nowSeconds(this.#settings.clock ?? systemClock),
			});
		} catch (error) {
			if (error instanceof JWKSUnavailableError) {
				throw new ProviderUnreachableError(error.message);
			}
			return null;
		}
		const email = typeof claims.email === "string" ? claims.email : "";
		const allowed = this.#settings.allowedEmails ?? [];
		if (allowed.length > 0 && !allowed.some((entry) => entry.toLowerCase() === email.toLowerCase())) {
			return null;
		}
		const groups = Array.isArray(claims.groups) ? claims.groups : [];
		const displayName = [claims.name, claims.preferred_username, email, claims.sub].find(
			(value) => typeof value === "string" && value !== "",
		) as string;
		return {
			userId: String(claims.sub),
			email,
			displayName,
			orgId: typeof claims.org === "string" ? claims.org : typeof groups[0] === "string" ? groups[0] : "",
			provider: this.name,
			expiresAt: claims.exp as number,
			accessToken: tokens.idToken,
			refreshToken: tokens.refreshToken,
		};
	}
}

/** The bundled `self-hosted` provider from env/config (D.12), or why it is not configured. */
export function selfHostedFromConfig(
	config: ConfigMapping,
	env: Record<string, string | undefined>,
	clock: Clock = systemClock,
): OIDCProvider | { skip: string } | null {
	const pick = (envName: string, key: string): string | undefined =>
		envValue(env, envName) ?? getString(config, `dashboard.oauth.self_hosted.${key}`);
	const issuer = pick("HERMES_DASHBOARD_OIDC_ISSUER", "issuer");
	const clientID = pick("HERMES_DASHBOARD_OIDC_CLIENT_ID", "client_id");
	if (issuer === undefined && clientID === undefined) {
		return null;
	}
	if (issuer === undefined || clientID === undefined) {
		return {
			skip: "set both HERMES_DASHBOARD_OIDC_ISSUER and HERMES_DASHBOARD_OIDC_CLIENT_ID (or dashboard.oauth.self_hosted.issuer/client_id)",
		};
	}
	const scopesRaw =
		pick("HERMES_DASHBOARD_OIDC_SCOPES", "scopes") ?? getPath(config, "dashboard.oauth.self_hosted.scopes");
	const scopes = Array.isArray(scopesRaw)
		? scopesRaw.map(String)
		: typeof scopesRaw === "string"
			? scopesRaw.split(/[\s,]+/).filter(Boolean)
			: undefined;
	try {
		return new OIDCProvider({
			name: "self-hosted",
			displayName: "Self-Hosted OIDC",
			issuer,
			clientID,
			clientSecret: pick("HERMES_DASHBOARD_OIDC_CLIENT_SECRET", "client_secret"),
			scopes,
			clock,
		});
	} catch (error) {
		return { skip: (error as Error).message };
	}
}
