/**
 * Auth routes in-process: login page, OAuth round trip with a stub IdP, password login
 * (rate limit, identical failures), cookies (prefixes, Python quoting), CSRF, logout,
 * `/api/auth/me`, WS tickets, gated `/api/status`, and the audit log's secrecy.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { $, $$, parseHTML } from "../helpers/dom.ts";
import {
	basicProvider,
	BASIC_PASSWORD,
	gatedClient,
	registryOf,
	setCookies,
	StubOAuthProvider,
} from "../helpers/auth.ts";
import { copyFixtureHome, FIXTURE_NOW_MS } from "../helpers/app.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

const HOME = copyFixtureHome();

function cookieHeader(response: Response, extra: Record<string, string> = {}): string {
	const pairs: string[] = [];
	for (const [name, { value, raw }] of setCookies(response)) {
		if (!raw.includes("Max-Age=0")) pairs.push(`${name}=${value}`);
	}
	for (const [name, value] of Object.entries(extra)) pairs.push(`${name}=${value}`);
	return pairs.join("; ");
}

/** AT/RT values of a cookie header (the provider hint is a name, not a secret). */
function sessionValues(header: string): string[] {
	return header
		.split("; ")
		.filter((pair) => !pair.startsWith("hermes_session_provider="))
		.map((pair) => pair.slice(pair.indexOf("=") + 1).replace(/"/g, ""));
}

function passwordLogin(
	client: ReturnType<typeof gatedClient>,
	body: Record<string, unknown>,
	headers: Record<string, string> = {},
): Promise<Response> {
	return client.request("/auth/password-login", {
		method: "POST",
		headers: { "content-type": "application/json", ...headers },
		body: JSON.stringify(body),
	});
}

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

describe("password login", () => {
	it("logs in, and wrong user / wrong password answer identically", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: HOME });
		const ok = await passwordLogin(client, {
			provider: "basic",
			username: "admin",
			password: BASIC_PASSWORD,
			next: "/sessions",
		});
		expect(await ok.json()).toEqual({ ok: true, next: "/sessions" });
		const me = await client.request("/api/auth/me", { headers: { cookie: cookieHeader(ok) } });
		expect(await me.json()).toMatchObject({ user_id: "admin", provider: "basic" });

		const wrongUser = await passwordLogin(client, {
			provider: "basic",
			username: "root",
			password: BASIC_PASSWORD,
		});
		const wrongPassword = await passwordLogin(client, { provider: "basic", username: "admin", password: "nope" });
		expect([wrongUser.status, wrongPassword.status]).toEqual([401, 401]);
		expect(await wrongUser.text()).toBe(await wrongPassword.text());
		expect(wrongUser.headers.getSetCookie()).toEqual([]);
		expect(wrongPassword.headers.getSetCookie()).toEqual([]);
		const evil = await passwordLogin(client, {
			provider: "basic",
			username: "admin",
			password: BASIC_PASSWORD,
			next: "https://evil.example/phish",
		});
		expect(((await evil.json()) as { next: string }).next).toBe("/");
		expect((await passwordLogin(client, { provider: "nope", username: "a", password: "b" })).status).toBe(404);
		expect((await passwordLogin(client, { provider: "basic" })).status).toBe(422);
	});

	it("answers 429 on the 11th attempt in a minute, even with the right password", async () => {
		const clock = fixedClock(FIXTURE_NOW_MS);
		const client = gatedClient(registryOf(basicProvider()), { home: HOME, clock });
		for (let attempt = 1; attempt <= 10; attempt++) {
			expect(
				(await passwordLogin(client, { provider: "basic", username: "admin", password: "wrong" })).status,
			).toBe(401);
		}
		const eleventh = await passwordLogin(client, {
			provider: "basic",
			username: "admin",
			password: BASIC_PASSWORD,
		});
		expect(eleventh.status).toBe(429);
		expect(await eleventh.json()).toEqual({ detail: "Too many login attempts. Try again shortly." });
		// X-Forwarded-For is not trusted by default: rotating it does not help.
		const spoofed = await passwordLogin(
			client,
			{ provider: "basic", username: "admin", password: BASIC_PASSWORD },
			{ "x-forwarded-for": "1.2.3.4" },
		);
		expect(spoofed.status).toBe(429);
		// Another peer has its own bucket.
		const other = await client.request("/auth/password-login", {
			method: "POST",
			peer: "10.9.9.9",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ provider: "basic", username: "admin", password: BASIC_PASSWORD }),
		});
		expect(other.status).toBe(200);
		// The window slides on the app's clock: a minute later the first peer may try again.
		clock.advance(60_000);
		const later = await passwordLogin(client, { provider: "basic", username: "admin", password: BASIC_PASSWORD });
		expect(later.status).toBe(200);
	});

	it("works as a plain form POST without JavaScript", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: HOME });
		const form = new URLSearchParams({
			provider: "basic",
			username: "admin",
			password: BASIC_PASSWORD,
			next: "/cron",
		});
		const ok = await client.request("/auth/password-login", {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: form,
		});
		expect(ok.status).toBe(303);
		expect(ok.headers.get("location")).toBe("/cron");
		form.set("password", "bad");
		const bad = await client.request("/auth/password-login", {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: form,
		});
		expect(bad.status).toBe(401);
		expect(await bad.text()).toContain("Invalid username or password.");
	});
});

describe("CSRF, logout, tickets, status", () => {
	it("refuses cross-site writes carrying the session cookie", async () => {
		const basic = basicProvider();
		const client = gatedClient(registryOf(basic), { home: HOME });
		const cookie = `hermes_session_at="${basic.sign("admin", "access", Math.floor(Date.now() / 1000) + 600)}"`;
		const foreign = await client.request("/api/auth/ws-ticket", {
			method: "POST",
			headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
		});
		expect(foreign.status).toBe(403);
		const foreignOrigin = await client.request("/api/auth/ws-ticket", {
			method: "POST",
			headers: { cookie, origin: "https://evil.example" },
		});
		expect(foreignOrigin.status).toBe(403);
		const own = await client.request("/api/auth/ws-ticket", {
			method: "POST",
			headers: { cookie, origin: "http://fly-app.fly.dev", "sec-fetch-site": "same-origin" },
		});
		expect(own.status).toBe(200);
		const body = (await own.json()) as { ticket: string; ttl_seconds: number };
		expect(body.ttl_seconds).toBe(30);
		expect(body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(client.context.wsTickets.consume(body.ticket)).toEqual({ userId: "admin", provider: "basic" });
		expect(client.context.wsTickets.consume(body.ticket)).toBeNull();
		const login = await passwordLogin(
			client,
			{ provider: "basic", username: "admin", password: BASIC_PASSWORD },
			{ origin: "https://evil.example" },
		);
		expect(login.status).toBe(403);
		expect((await client.request("/api/auth/ws-ticket", { method: "POST" })).status).toBe(401);
		expect((await client.request("/api/auth/ws-ticket", { headers: { cookie } })).status).toBe(404);
	});

	it("logout revokes, clears every cookie and redirects with the prefix", async () => {
		const stub = new StubOAuthProvider();
		const session = stub.mint();
		const client = gatedClient(registryOf(stub), { home: HOME, trustProxyHeaders: true });
		const out = await client.request("/auth/logout", {
			method: "POST",
			headers: { cookie: `hermes_session_rt=${session.refreshToken}`, "x-forwarded-prefix": "/h" },
		});
		expect(out.status).toBe(302);
		expect(out.headers.get("location")).toBe("/h/login");
		const cleared = out.headers
			.getSetCookie()
			.filter((c) => c.includes("Max-Age=0"))
			.map((c) => c.split("=")[0]);
		expect(cleared).toEqual(
			expect.arrayContaining([
				"hermes_session_at",
				"hermes_session_rt",
				"__Host-hermes_session_rt",
				"__Secure-hermes_session_rt",
				"hermes_session_pkce",
			]),
		);
		await expect(stub.refreshSession(session.refreshToken)).rejects.toThrow();
	});

	it("gated /api/status withholds local paths and lists providers", async () => {
		const client = gatedClient(registryOf(new StubOAuthProvider()), { home: HOME });
		const status = (await (await client.request("/api/status")).json()) as Record<string, unknown>;
		expect(status.auth_required).toBe(true);
		expect(status.auth_providers).toEqual(["stub"]);
		for (const field of [
			"hermes_home",
			"config_path",
			"env_path",
			"gateway_pid",
			"gateway_health_url",
			"gateways",
		]) {
			expect(status).not.toHaveProperty(field);
		}
	});

	it("the audit log records events but never a secret value", async () => {
		const home = copyFixtureHome();
		const stub = new StubOAuthProvider();
		const basic = basicProvider();
		const client = gatedClient(registryOf(stub, basic), { home });
		const start = await client.request("/auth/login?provider=stub");
		const done = await client.request("/auth/callback?code=stub_code&state=s1", {
			headers: { cookie: cookieHeader(start) },
		});
		const cookie = cookieHeader(done);
		const ticket = (await (
			await client.request("/api/auth/ws-ticket", { method: "POST", headers: { cookie } })
		).json()) as { ticket: string };
		const login = await passwordLogin(client, { provider: "basic", username: "admin", password: BASIC_PASSWORD });
		await passwordLogin(client, { provider: "basic", username: "admin", password: "hunter2-wrong" });
		await client.request("/api/auth/me", { headers: { cookie: "hermes_session_rt=stub-rt-1" } });
		await client.request("/auth/logout", { method: "POST", headers: { cookie } });
		const log = readFileSync(join(home, "logs", "dashboard-auth.log"), "utf8");
		const events = log
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line) as { event: string; ts: string });
		expect(events.map((e) => e.event)).toEqual(
			expect.arrayContaining([
				"login_start",
				"login_success",
				"ws_ticket_minted",
				"login_failure",
				"logout",
				"refresh_success",
			]),
		);
		expect(events[0]!.ts).toMatch(/\+00:00$/);
		const secrets = [
			"stub_code",
			"s1",
			"v1",
			ticket.ticket,
			BASIC_PASSWORD,
			"hunter2-wrong",
			"stub-rt-1",
			...sessionValues(cookie),
			...sessionValues(cookieHeader(login)),
		];
		for (const secret of secrets) {
			expect(log, `leaked ${secret}`).not.toContain(secret.length <= 2 ? `"${secret}"` : secret);
		}
	});
});
