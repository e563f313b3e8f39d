/**
 * A provider plugin built on the bundled generic OIDC provider, against the stand-in
 * IdP: discovery, PKCE, code exchange, ID-token verification, refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAuthPlugins, registerAuthPlugins } from "../../src/auth/plugins.ts";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import { systemClock } from "../../src/hermes/home/clock.ts";
import { OIDCProvider } from "../../src/auth/oidc.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import { gatedClient, setCookies } from "../helpers/auth.ts";
import { startPortal, type Portal } from "../helpers/oauth_portal.ts";

let idp: Portal;
beforeAll(async () => {
	idp = await startPortal({ clientID: "corp-client", sub: "alice" });
});
afterAll(() => idp.close());

describe("OIDC provider plugin", () => {
	it("loads from <home>/plugins and signs a user in through the IdP", async () => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "plugins", "corp-sso"), { recursive: true });
		writeFileSync(
			join(home, "plugins", "corp-sso", "dashboard_auth.mjs"),
			`
export function register(ctx) {
	ctx.registerDashboardAuthProvider(ctx.createOIDCProvider({
		name: "corp", displayName: "Corp SSO", issuer: ctx.env.CORP_ISSUER, clientID: "corp-client",
	}));
}
`,
		);
		// A Hermes dashboard plugin bundle next to it must never be executed.
		mkdirSync(join(home, "plugins", "other", "dashboard"), { recursive: true });
		writeFileSync(join(home, "plugins", "other", "dashboard", "index.js"), "throw new Error('must not run');\n");
		const loaded = await loadAuthPlugins(home);
		expect(loaded.errors).toEqual([]);
		expect(loaded.plugins.map((p) => p.name)).toEqual(["corp-sso"]);
		const registry = new ProviderRegistry();
		expect(
			await registerAuthPlugins(registry, loaded.plugins, {
				config: {},
				env: { CORP_ISSUER: idp.url },
				home,
				clock: systemClock,
			}),
		).toEqual([]);

		const client = gatedClient(registry, { home });
		const start = await client.request("/auth/login?provider=corp&next=%2Fskills");
		const authorize = new URL(start.headers.get("location")!);
		expect(authorize.origin).toBe(idp.url);
		expect(authorize.searchParams.get("scope")).toBe("openid email profile");
		const pkce = setCookies(start).get("hermes_session_pkce")!.value;
		const back = await fetch(authorize, { redirect: "manual" });
		const callback = new URL(back.headers.get("location")!);
		const done = await client.request(callback.pathname + callback.search, {
			headers: { cookie: `hermes_session_pkce=${pkce}` },
		});
		expect(done.status).toBe(302);
		expect(done.headers.get("location")).toBe("/skills");
		const cookies = setCookies(done);
		const cookie = `hermes_session_at=${cookies.get("hermes_session_at")!.value}`;
		const me = await client.request("/api/auth/me", { headers: { cookie } });
		expect(await me.json()).toMatchObject({
			user_id: "alice",
			email: "user@example.test",
			display_name: "Portal User",
			provider: "corp",
		});

		const rt = cookies.get("hermes_session_rt")!.value;
		const refreshed = await client.request("/api/auth/me", { headers: { cookie: `hermes_session_rt=${rt}` } });
		expect(refreshed.status).toBe(200);
		expect(setCookies(refreshed).get("hermes_session_rt")!.value).not.toBe(rt);
	});

	it("pins the issuer and rejects foreign ID tokens", async () => {
		// Same server under another name: discovery answers, but names a different issuer.
		const wrongIssuer = new OIDCProvider({
			name: "x",
			displayName: "X",
			issuer: idp.url.replace("127.0.0.1", "localhost"),
			clientID: "corp-client",
		});
		await expect(wrongIssuer.startLogin("http://h/auth/callback")).rejects.toThrow(/different issuer/);
		const provider = new OIDCProvider({ name: "y", displayName: "Y", issuer: idp.url, clientID: "corp-client" });
		expect(await provider.verifySession(idp.accessToken())).toMatchObject({ userId: "alice" });
		expect(await provider.verifySession(idp.accessToken({ aud: "someone-else" }))).toBeNull();
		expect(
			() => new OIDCProvider({ name: "z", displayName: "Z", issuer: "http://idp.example", clientID: "c" }),
		).toThrow(/https/);
	});
});
