/**
 * Auth routes in-process, the sign-in side: the login page, the OAuth round trip with a
 * stub IdP, and cookies (prefixes, proxies, Python quoting). Password login, CSRF, logout,
 * status and the audit log: auth_password.test.ts.
 */
import { describe, expect, it } from "vitest";
import { $, $$, parseHTML } from "../helpers/dom.ts";
import {
	basicProvider,
	gatedClient,
	registryOf,
	setCookies,
	StubOAuthProvider,
	cookieHeader,
} from "../helpers/auth.ts";
import { copyFixtureHome } from "../helpers/app.ts";

const HOME = copyFixtureHome();

/** The values of the login forms' `next` fields, as the browser would submit them. */
function nextValues(document: Document): (string | null)[] {
	return $$(document, '[name="next"]').map((field) => field.getAttribute("value"));
}

describe("login page and providers", () => {
	it("lists OAuth buttons and password forms, escaping next", async () => {
		const client = gatedClient(registryOf(new StubOAuthProvider(), basicProvider()), { home: HOME });
		const page = await client.request("/login?next=%2Fsessions%3Fq%3D%3Cb%3E");
		expect(page.status).toBe(200);
		expect(page.headers.get("cache-control")).toContain("no-store");
		const document = parseHTML(await page.text());
		expect($$(document, "a[href]").map((link) => link.getAttribute("href"))).toContain(
			"/auth/login?provider=stub&next=%2Fsessions%3Fq%3D%3Cb%3E",
		);
		const form = $(document, 'form.provider-form[data-provider="basic"]');
		expect(form.getAttribute("method")).toBe("post");
		expect(form.getAttribute("action")).toBe("/auth/password-login");
		expect(nextValues(document)).toContain("/sessions?q=<b>");
		expect(
			$$(document, "script[src]").some(
				(script) => script.getAttribute("src")!.split("?")[0] === "/static/js/login.js",
			),
		).toBe(true);
		const providers = await (await client.request("/api/auth/providers")).json();
		expect(providers).toEqual({
			providers: [
				{ name: "stub", display_name: "Stub IdP (test only)", supports_password: false },
				{ name: "basic", display_name: "Username & Password", supports_password: true },
			],
		});
	});

	it("OAuth-only pages carry no script; zero providers say sign-in is unavailable", async () => {
		const oauthOnly = await (
			await gatedClient(registryOf(new StubOAuthProvider()), { home: HOME }).request("/login")
		).text();
		expect(oauthOnly).not.toContain("<script");
		expect($$(parseHTML(oauthOnly), "script")).toHaveLength(0);
		expect(oauthOnly).not.toContain("password-login");
		const none = gatedClient(registryOf(), { home: HOME });
		expect(await (await none.request("/login")).text()).toContain("no authentication providers are installed");
		expect((await none.request("/api/auth/providers")).status).toBe(503);
	});

	it("drops unsafe next values", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: HOME });
		for (const bad of [
			"//evil.com",
			"https://evil.example/x",
			"/login",
			"/api/sessions",
			"/auth/logout",
			"%2F%2Fevil.com",
			"/\\evil.com",
		]) {
			const html = await (await client.request(`/login?next=${encodeURIComponent(bad)}`)).text();
			// Every form posts an empty next: the unsafe value reaches none of them.
			const values = nextValues(parseHTML(html));
			expect(values.length, bad).toBeGreaterThan(0);
			expect(
				values.every((value) => value === ""),
				bad,
			).toBe(true);
		}
		const ok = await (await client.request("/login?next=%2Fapi-keys")).text();
		expect(nextValues(parseHTML(ok))).toContain("/api-keys");
	});
});

describe("OAuth round trip (stub IdP)", () => {
	it("login → callback → session, with deep-link next, and every failure case", async () => {
		const stub = new StubOAuthProvider();
		const client = gatedClient(registryOf(stub), { home: HOME });
		const start = await client.request("/auth/login?provider=stub&next=%2Fsessions%3Fpage%3D2", {
			headers: { "x-forwarded-proto": "https" },
		});
		expect(start.status).toBe(302);
		const pkce = setCookies(start).get("hermes_session_pkce")!;
		// Plain http (proxy headers not trusted): bare names, no Secure; Python-quoted value.
		expect(pkce.raw).not.toContain("Secure");
		expect(pkce.value).toBe('"provider=stub\\073state=s1\\073verifier=v1\\073next=%2Fsessions%3Fpage%3D2"');
		expect(pkce.raw).toMatch(/HttpOnly; Max-Age=600; Path=\/; SameSite=lax/);
		const callbackURL = new URL(start.headers.get("location")!);
		expect(callbackURL.origin + callbackURL.pathname).toBe("http://fly-app.fly.dev/auth/callback");

		const cookie = cookieHeader(start);
		expect((await client.request("/auth/callback?code=stub_code&state=s1")).status).toBe(400);
		const mismatch = await client.request("/auth/callback?code=stub_code&state=other", { headers: { cookie } });
		expect(await mismatch.json()).toEqual({ detail: "OAuth state mismatch (CSRF check failed)" });
		const idpError = await client.request("/auth/callback?error=access_denied&error_description=no", {
			headers: { cookie },
		});
		expect(await idpError.json()).toEqual({ detail: "OAuth error from provider: access_denied (no)" });
		const badCode = await client.request("/auth/callback?code=nope&state=s1", { headers: { cookie } });
		expect(badCode.status).toBe(400);

		const done = await client.request(`${callbackURL.pathname}${callbackURL.search}`, { headers: { cookie } });
		expect(done.status).toBe(302);
		expect(done.headers.get("location")).toBe("/sessions?page=2");
		const session = cookieHeader(done);
		expect(session).toContain("hermes_session_at=stub-at-");
		expect(setCookies(done).get("hermes_session_pkce")!.raw).toContain("Max-Age=0");
		const me = await client.request("/api/auth/me", { headers: { cookie: session } });
		expect(await me.json()).toMatchObject({ user_id: "stub-user-1", provider: "stub" });
	});

	it("unknown and password providers; unreachable IdP → 503", async () => {
		const stub = new StubOAuthProvider();
		const client = gatedClient(registryOf(stub, basicProvider()), { home: HOME });
		expect((await client.request("/auth/login?provider=nope")).status).toBe(404);
		expect((await client.request("/auth/login")).status).toBe(422);
		const basic = await client.request("/auth/login?provider=basic&next=%2F");
		expect(basic.headers.get("location")).toBe("/login?next=%2F");
		stub.unreachable = true;
		expect((await client.request("/auth/login?provider=stub")).status).toBe(503);
	});
});

describe("cookies, proxies and public URL", () => {
	it("uses __Host- under trusted https and __Secure- + Path under a prefix", async () => {
		const stub = new StubOAuthProvider();
		const direct = gatedClient(registryOf(stub), { home: HOME, trustProxyHeaders: true });
		const a = await direct.request("/auth/login?provider=stub", { headers: { "x-forwarded-proto": "https" } });
		const pkceA = setCookies(a).get("__Host-hermes_session_pkce")!.raw;
		expect(pkceA).toContain("Secure");
		expect(pkceA).toContain("Path=/;");
		expect(new URL(a.headers.get("location")!).origin).toBe("https://fly-app.fly.dev");

		const b = await direct.request("/auth/login?provider=stub", {
			headers: { "x-forwarded-proto": "https", "x-forwarded-prefix": "/hermes" },
		});
		expect(setCookies(b).get("__Secure-hermes_session_pkce")!.raw).toContain("Path=/hermes;");
		expect(b.headers.get("location")).toBe("https://fly-app.fly.dev/hermes/auth/callback?code=stub_code&state=s1");
		const unauth = await direct.request("/api/auth/me", { headers: { "x-forwarded-prefix": "/hermes" } });
		expect(((await unauth.json()) as { login_url: string }).login_url).toBe("/hermes/login");
		const page = await direct.request("/sessions", { headers: { "x-forwarded-prefix": "/hermes" } });
		expect(page.headers.get("location")).toBe("/hermes/auth/login?provider=stub&next=%2Fsessions");
	});

	it("ignores X-Forwarded-* unless trusted, and prefers a configured public URL", async () => {
		const stub = new StubOAuthProvider();
		const untrusted = gatedClient(registryOf(stub), { home: HOME });
		const a = await untrusted.request("/auth/login?provider=stub", {
			headers: { "x-forwarded-proto": "https", "x-forwarded-prefix": "/x", "x-forwarded-host": "evil.example" },
		});
		expect(a.headers.get("location")).toBe("http://fly-app.fly.dev/auth/callback?code=stub_code&state=s1");
		const pub = gatedClient(registryOf(stub), { home: HOME, publicURL: "https://dash.example.com/agent" });
		const b = await pub.request("/auth/login?provider=stub", { headers: { "x-forwarded-prefix": "/x" } });
		expect(b.headers.get("location")).toBe("https://dash.example.com/agent/auth/callback?code=stub_code&state=s1");
	});

	it("reads Python-quoted basic tokens and clears every variant on a dead session", async () => {
		const basic = basicProvider();
		const client = gatedClient(registryOf(basic), { home: HOME });
		const token = basic.sign("admin", "access", Math.floor(Date.now() / 1000) + 60);
		expect(
			(await client.request("/api/auth/me", { headers: { cookie: `__Host-hermes_session_at="${token}"` } }))
				.status,
		).toBe(200);
		const dead = await client.request("/api/auth/me", { headers: { cookie: "hermes_session_at=nope" } });
		const names = dead.headers.getSetCookie().map((c) => c.split("=")[0]);
		expect(names).toEqual(
			expect.arrayContaining([
				"hermes_session_at",
				"__Host-hermes_session_at",
				"__Secure-hermes_session_at",
				"hermes_session_rt",
			]),
		);
	});
});
