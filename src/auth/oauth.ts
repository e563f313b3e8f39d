/**
 * @module
 * OAuth 2 plumbing shared by the Nous and OIDC providers: PKCE values, arctic (imported
 * lazily — its barrel costs 100+ ms of cold start that loopback starts never pay), the
 * code exchange and refresh with their error mapping (4xx from the token endpoint is
 * the client's fault; anything else means the identity service is unreachable).
 */
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { InvalidCodeError, ProviderUnreachableError, RefreshExpiredError } from "./provider.ts";

type Arctic = typeof import("arctic");
let arcticModule: Promise<Arctic> | undefined;

export function loadArctic(): Promise<Arctic> {
	arcticModule ??= import("arctic");
	return arcticModule;
}

export function randomURLSafe(bytes: number): string {
	const buffer = new Uint8Array(bytes);
	crypto.getRandomValues(buffer);
	return encodeBase64urlNoPadding(buffer);
}

/** Builds an authorization URL with PKCE S256 through arctic. */
export async function authorizationURL(input: {
	endpoint: string;
	clientID: string;
	redirectURI: string;
	state: string;
	verifier: string;
	scopes: string[];
}): Promise<string> {
	const { OAuth2Client, CodeChallengeMethod } = await loadArctic();
	const client = new OAuth2Client(input.clientID, null, input.redirectURI);
	return client
		.createAuthorizationURLWithPKCE(
			input.endpoint,
			input.state,
			CodeChallengeMethod.S256,
			input.verifier,
			input.scopes,
		)
		.toString();
}

export interface TokenResponse {
	accessToken: string;
	refreshToken: string;
	idToken: string | undefined;
}

function parseTokenBody(data: unknown, fail: (message: string) => Error): TokenResponse {
	const body = (data ?? {}) as Record<string, unknown>;
	if (typeof body.access_token !== "string" || body.access_token === "") {
		throw fail("token response has no access_token");
	}
	if (body.token_type !== undefined && String(body.token_type).toLowerCase() !== "bearer") {
		throw fail(`unsupported token_type ${JSON.stringify(String(body.token_type).slice(0, 20))}`);
	}
	return {
		accessToken: body.access_token,
		refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : "",
		idToken: typeof body.id_token === "string" ? body.id_token : undefined,
	};
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new ProviderUnreachableError(`timed out after ${ms / 1000} s`)), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}

/** Authorization-code exchange through arctic's `OAuth2Client`. */
export async function exchangeCode(input: {
	tokenEndpoint: string;
	clientID: string;
	clientSecret?: string | null;
	redirectURI: string;
	code: string;
	verifier: string;
}): Promise<TokenResponse> {
	const arctic = await loadArctic();
	const client = new arctic.OAuth2Client(input.clientID, input.clientSecret ?? null, input.redirectURI);
	try {
		const tokens = await withTimeout(
			client.validateAuthorizationCode(input.tokenEndpoint, input.code, input.verifier),
			10_000,
		);
		return parseTokenBody(tokens.data, (message) => new InvalidCodeError(message));
	} catch (error) {
		if (error instanceof arctic.OAuth2RequestError) {
			throw new InvalidCodeError(error.code);
		}
		if (error instanceof arctic.UnexpectedErrorResponseBodyError && error.status === 400) {
			throw new InvalidCodeError("invalid_grant");
		}
		if (error instanceof InvalidCodeError || error instanceof ProviderUnreachableError) {
			throw error;
		}
		throw new ProviderUnreachableError(`token endpoint: ${(error as Error).message}`);
	}
}

/** Refresh-token grant, with optional extra headers (Nous wants the RT in a header too). */
export async function refreshTokens(input: {
	tokenEndpoint: string;
	clientID: string;
	clientSecret?: string | null;
	refreshToken: string;
	headers?: Record<string, string>;
	fetch?: typeof fetch;
}): Promise<TokenResponse> {
	if (input.refreshToken === "") {
		throw new RefreshExpiredError("no refresh token");
	}
	const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: input.refreshToken });
	const headers: Record<string, string> = {
		"content-type": "application/x-www-form-urlencoded",
		accept: "application/json",
		...input.headers,
	};
	if (input.clientSecret) {
		headers.authorization = `Basic ${btoa(`${input.clientID}:${input.clientSecret}`)}`;
	} else {
		body.set("client_id", input.clientID);
	}
	let response: Response;
	try {
		response = await (input.fetch ?? fetch)(input.tokenEndpoint, {
			method: "POST",
			headers,
			body,
			signal: AbortSignal.timeout(10_000),
		});
	} catch (error) {
		throw new ProviderUnreachableError(`token endpoint: ${(error as Error).message}`);
	}
	if (response.status === 400 || response.status === 401) {
		await response.body?.cancel();
		throw new RefreshExpiredError(`refresh rejected (HTTP ${response.status})`);
	}
	if (response.status !== 200) {
		await response.body?.cancel();
		throw new ProviderUnreachableError(`token endpoint: HTTP ${response.status}`);
	}
	const data = await response.json().catch(() => null);
	return parseTokenBody(data, (message) => new ProviderUnreachableError(message));
}
