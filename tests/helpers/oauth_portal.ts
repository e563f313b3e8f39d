/**
 * A stand-in for the Nous Portal (and any OIDC IdP) on 127.0.0.1: its own RSA key and
 * JWKS, an auto-approving authorize endpoint that checks PKCE, and a token endpoint
 * with refresh-token rotation and reuse detection. Also signs arbitrary (bad) tokens.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";

export interface PortalOptions {
	clientID: string;
	/** Access-token lifetime in seconds. */
	accessTTL?: number;
	sub?: string;
	extraClaims?: Record<string, unknown>;
}

export interface Portal {
	url: string;
	kid: string;
	privateKey: KeyObject;
	/** Every token-endpoint call, for assertions. */
	tokenCalls: { grant: string; headerRT?: string }[];
	authorizeCalls: URLSearchParams[];
	signJWT(payload: Record<string, unknown>, options?: { key?: KeyObject; kid?: string; alg?: string }): string;
	accessToken(overrides?: Record<string, unknown>): string;
	/** Make the JWKS endpoint fail (503) to simulate an outage. */
	setDown(down: boolean): void;
	close(): Promise<void>;
}

function b64url(data: Buffer | string): string {
	return Buffer.from(data).toString("base64url");
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
	const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
	const kid = "portal-key-1";
	const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
	const codes = new Map<string, { challenge: string; redirectURI: string; clientID: string }>();
	const refreshTokens = new Map<string, "live" | "used">();
	const tokenCalls: Portal["tokenCalls"] = [];
	const authorizeCalls: URLSearchParams[] = [];
	let counter = 0;
	let down = false;
	let url = "";

	function signJWT(
		payload: Record<string, unknown>,
		opts: { key?: KeyObject; kid?: string; alg?: string } = {},
	): string {
		const header = { alg: opts.alg ?? "RS256", typ: "JWT", kid: opts.kid ?? kid };
		const message = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
		if (header.alg === "none") {
			return `${message}.`;
		}
		return `${message}.${b64url(sign("sha256", Buffer.from(message), opts.key ?? privateKey))}`;
	}

	function accessToken(overrides: Record<string, unknown> = {}): string {
		const now = Math.floor(Date.now() / 1000);
		return signJWT({
			sub: options.sub ?? "user-1",
			iss: url,
			aud: options.clientID,
			iat: now,
			exp: now + (options.accessTTL ?? 3600),
			email: "user@example.test",
			name: "Portal User",
			org_id: "org-9",
			oauth_contract_version: 1,
			...options.extraClaims,
			...overrides,
		});
	}

	function tokenPair(): Record<string, string> {
		const refresh = `rt-${++counter}-${Math.random().toString(36).slice(2)}`;
		refreshTokens.set(refresh, "live");
		const at = accessToken();
		return { access_token: at, refresh_token: refresh, token_type: "Bearer", id_token: at };
	}

	const app = new Hono();
	app.get("/.well-known/jwks.json", (c) => (down ? c.json({ error: "down" }, 503) : c.json({ keys: [jwk] })));
	app.get("/.well-known/openid-configuration", (c) =>
		c.json({
			issuer: url,
			authorization_endpoint: `${url}/oauth/authorize`,
			token_endpoint: `${url}/api/oauth/token`,
			jwks_uri: `${url}/.well-known/jwks.json`,
		}),
	);
	app.get("/oauth/authorize", (c) => {
		const query = new URL(c.req.url).searchParams;
		authorizeCalls.push(query);
		if (
			query.get("client_id") !== options.clientID ||
			query.get("code_challenge_method") !== "S256" ||
			query.get("response_type") !== "code"
		) {
			return c.text("bad authorize request", 400);
		}
		const code = `code-${++counter}`;
		codes.set(code, {
			challenge: query.get("code_challenge")!,
			redirectURI: query.get("redirect_uri")!,
			clientID: query.get("client_id")!,
		});
		const target = new URL(query.get("redirect_uri")!);
		target.searchParams.set("code", code);
		target.searchParams.set("state", query.get("state")!);
		return c.redirect(target.toString(), 302);
	});
	app.post("/api/oauth/token", async (c) => {
		const form = new URLSearchParams(await c.req.text());
		const grant = form.get("grant_type") ?? "";
		tokenCalls.push({ grant, headerRT: c.req.header("x-nous-refresh-token") });
		if (grant === "authorization_code") {
			const entry = codes.get(form.get("code") ?? "");
			codes.delete(form.get("code") ?? "");
			const challenge = createHash("sha256")
				.update(form.get("code_verifier") ?? "")
				.digest("base64url");
			if (
				entry === undefined ||
				entry.challenge !== challenge ||
				entry.redirectURI !== form.get("redirect_uri") ||
				entry.clientID !== form.get("client_id")
			) {
				return c.json({ error: "invalid_grant" }, 400);
			}
			return c.json(tokenPair());
		}
		if (grant === "refresh_token") {
			const rt = form.get("refresh_token") ?? "";
			if (refreshTokens.get(rt) !== "live" || form.get("client_id") !== options.clientID) {
				// Reuse detection: a used RT kills every live one.
				for (const key of refreshTokens.keys()) refreshTokens.set(key, "used");
				return c.json({ error: "invalid_grant" }, 400);
			}
			refreshTokens.set(rt, "used");
			return c.json(tokenPair());
		}
		return c.json({ error: "unsupported_grant_type" }, 400);
	});

	const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
		const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
	});
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		kid,
		privateKey,
		tokenCalls,
		authorizeCalls,
		signJWT,
		accessToken,
		setDown: (value) => (down = value),
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
