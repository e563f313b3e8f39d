/**
 * @module
 * The provider seam of the auth gate (api-contract D.13). Providers (OAuth, password,
 * token-only) implement what they support; the registry keeps them in registration order.
 */

/** A logged-in user as a provider vouches for them. */
export interface AuthSession {
	userId: string;
	email: string;
	displayName: string;
	orgId: string;
	provider: string;
	/** Unix seconds. */
	expiresAt: number;
	accessToken: string;
	refreshToken: string;
}

/** A principal authenticated by a bearer token (token-only providers). */
export interface TokenPrincipal {
	principal: string;
	provider: string;
	scopes: string[];
}

export interface LoginStart {
	redirectURL: string;
	/** Value of the PKCE cookie, e.g. `state=..;verifier=..`. */
	cookiePayload: string;
}

export interface LoginCompletion {
	code: string;
	state: string;
	codeVerifier: string;
	redirectURI: string;
}

/** Raised by a provider that cannot reach its identity service (gate answers 503). */
export class ProviderUnreachableError extends Error {}
/** Raised for a wrong username/password. */
export class InvalidCredentialsError extends Error {}
/** Raised when an OAuth code cannot be exchanged. */
export class InvalidCodeError extends Error {}
/** Raised when a refresh token is expired or revoked. */
export class RefreshExpiredError extends Error {}

export interface DashboardAuthProvider {
	/** Stable lower-case id, e.g. `nous`, `basic`. */
	readonly name: string;
	readonly displayName: string;
	readonly supportsPassword?: boolean;
	readonly supportsToken?: boolean;
	/** Defaults to true. */
	readonly supportsSession?: boolean;
	startLogin?(redirectURI: string): Promise<LoginStart>;
	completeLogin?(completion: LoginCompletion): Promise<AuthSession>;
	/** Null for expired or unknown tokens; throws only `ProviderUnreachableError`. */
	verifySession?(accessToken: string): Promise<AuthSession | null>;
	refreshSession?(refreshToken: string): Promise<AuthSession>;
	revokeSession?(refreshToken: string): Promise<void>;
	completePasswordLogin?(username: string, password: string): Promise<AuthSession>;
	verifyToken?(token: string): Promise<TokenPrincipal | null>;
	/** Token providers: the exact paths where `Authorization: Bearer <token>` is checked. */
	readonly tokenPaths?: readonly string[];
}
