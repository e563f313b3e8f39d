import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { NousProvider, nousFromConfig } from "../../src/auth/nous.ts";
import { InvalidCodeError, ProviderUnreachableError, RefreshExpiredError } from "../../src/auth/provider.ts";
import { startPortal, type Portal } from "../helpers/oauth_portal.ts";

const CLIENT = "agent:inst-42";
let portal: Portal;
let provider: NousProvider;

beforeAll(async () => {
	portal = await startPortal({ clientID: CLIENT, extraClaims: { agent_instance_id: "inst-42" } });
	provider = new NousProvider({ clientID: CLIENT, portalURL: `${portal.url}/` });
});
afterAll(() => portal.close());

describe("Nous provider: access-token verification", () => {
	it("accepts a valid portal token and maps the claims", async () => {
		const session = await provider.verifySession(portal.accessToken());
		expect(session).toMatchObject({ userId: "user-1", orgId: "org-9", provider: "nous" });
		expect(provider.portalURL).toBe(portal.url);
	});

	const now = (): number => Math.floor(Date.now() / 1000);
	const rejected: [string, () => string][] = [
		[
			"tampered payload",
			() => {
				const [h, , s] = portal.accessToken().split(".");
				const forged = Buffer.from(
					JSON.stringify({ sub: "admin", iss: portal.url, aud: CLIENT, iat: now(), exp: now() + 999 }),
				).toString("base64url");
				return `${h}.${forged}.${s}`;
			},
		],
		[
			"tampered signature",
			() => {
				const token = portal.accessToken();
				return token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
			},
		],
		["expired", () => portal.accessToken({ exp: now() - 60, iat: now() - 100 })],
		["wrong audience", () => portal.accessToken({ aud: "agent:someone-else" })],
		["wrong issuer", () => portal.accessToken({ iss: "https://evil.example" })],
		[
			"alg none",
			() =>
				portal.signJWT(
					{ sub: "user-1", iss: portal.url, aud: CLIENT, iat: now(), exp: now() + 99 },
					{ alg: "none" },
				),
		],
		[
			"HS256 alg confusion",
			() =>
				portal.signJWT(
					{ sub: "user-1", iss: portal.url, aud: CLIENT, iat: now(), exp: now() + 99 },
					{ alg: "HS256" },
				),
		],
		[
			"wrong key, same kid",
			() =>
				portal.signJWT(
					{ sub: "user-1", iss: portal.url, aud: CLIENT, iat: now(), exp: now() + 99 },
					{
						key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
					},
				),
		],
		[
			"unknown kid",
			() =>
				portal.signJWT(
					{ sub: "user-1", iss: portal.url, aud: CLIENT, iat: now(), exp: now() + 99 },
					{ kid: "other" },
				),
		],
		["missing sub", () => portal.accessToken({ sub: undefined })],
		["instance id mismatch", () => portal.accessToken({ agent_instance_id: "inst-43" })],
		["wrong contract version", () => portal.accessToken({ oauth_contract_version: 2 })],
		["garbage", () => "not-a-jwt"],
	];
	it.each(rejected)("rejects %s as 'no session' (null), not as unreachable", async (_name, make) => {
		await expect(provider.verifySession(make())).resolves.toBeNull();
	});

	it("reports a JWKS outage as unreachable", async () => {
		const fresh = new NousProvider({ clientID: CLIENT, portalURL: portal.url });
		portal.setDown(true);
		try {
			await expect(fresh.verifySession(portal.accessToken())).rejects.toBeInstanceOf(ProviderUnreachableError);
		} finally {
			portal.setDown(false);
		}
	});
});

describe("Nous provider: login and refresh", () => {
	it("builds the authorize URL with PKCE S256 and a callback redirect", async () => {
		const start = await provider.startLogin("https://dash.example/hermes/auth/callback");
		const url = new URL(start.redirectURL);
		expect(url.origin + url.pathname).toBe(`${portal.url}/oauth/authorize`);
		expect(url.searchParams.get("scope")).toBe("agent_dashboard:access");
		expect(url.searchParams.get("code_challenge_method")).toBe("S256");
		expect(start.redirectURL).toContain("scope=agent_dashboard%3Aaccess");
		const state = /state=([^;]+)/.exec(start.cookiePayload)![1];
		const verifier = /verifier=([^;]+)/.exec(start.cookiePayload)![1]!;
		expect(url.searchParams.get("state")).toBe(state);
		expect(verifier.length).toBe(86);
		await expect(provider.startLogin("https://dash.example/elsewhere")).rejects.toBeInstanceOf(
			ProviderUnreachableError,
		);
	});

	it("rejects a wrong code as invalid, rotates refresh tokens and detects reuse", async () => {
		await expect(
			provider.completeLogin({
				code: "nope",
				state: "s",
				codeVerifier: "v",
				redirectURI: "http://x/auth/callback",
			}),
		).rejects.toBeInstanceOf(InvalidCodeError);
		const start = await provider.startLogin("http://127.0.0.1:1/auth/callback");
		const response = await fetch(start.redirectURL, { redirect: "manual" });
		const code = new URL(response.headers.get("location")!).searchParams.get("code")!;
		const verifier = /verifier=([^;]+)/.exec(start.cookiePayload)![1]!;
		const session = await provider.completeLogin({
			code,
			state: "",
			codeVerifier: verifier,
			redirectURI: "http://127.0.0.1:1/auth/callback",
		});
		expect(session.refreshToken).not.toBe("");
		const rotated = await provider.refreshSession(session.refreshToken);
		expect(rotated.refreshToken).not.toBe(session.refreshToken);
		expect(portal.tokenCalls.at(-1)).toEqual({ grant: "refresh_token", headerRT: session.refreshToken });
		await expect(provider.refreshSession(session.refreshToken)).rejects.toBeInstanceOf(RefreshExpiredError);
		await expect(provider.refreshSession("")).rejects.toBeInstanceOf(RefreshExpiredError);
	});

	it("reads config with env precedence and explains skips", () => {
		expect(nousFromConfig({}, {})).toEqual({ skip: expect.stringContaining("HERMES_DASHBOARD_OAUTH_CLIENT_ID") });
		expect(nousFromConfig({}, { HERMES_DASHBOARD_OAUTH_CLIENT_ID: "bogus" })).toEqual({
			skip: expect.stringContaining("agent:"),
		});
		const fromConfig = nousFromConfig(
			{ dashboard: { oauth: { client_id: "agent:a", portal_url: "https://p.example/" } } },
			{ HERMES_DASHBOARD_OAUTH_CLIENT_ID: "" },
		);
		expect(fromConfig).toMatchObject({ clientID: "agent:a", portalURL: "https://p.example", instanceID: "a" });
		const fromEnv = nousFromConfig(
			{ dashboard: { oauth: { client_id: "agent:a" } } },
			{ HERMES_DASHBOARD_OAUTH_CLIENT_ID: "agent:b" },
		);
		expect(fromEnv).toMatchObject({ clientID: "agent:b", portalURL: "https://portal.nousresearch.com" });
	});
});
