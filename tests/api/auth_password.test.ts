/**
 * Auth routes in-process, the password and session side: password login (rate limit,
 * identical failures, plain form POST), CSRF, logout, `/api/auth/me`, WS tickets, gated
 * `/api/status`, and the audit log's secrecy. The login page and OAuth: auth_routes.test.ts.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
	basicProvider,
	BASIC_PASSWORD,
	gatedClient,
	registryOf,
	StubOAuthProvider,
	cookieHeader,
	sessionValues,
	passwordLogin,
} from "../helpers/auth.ts";
import { copyFixtureHome, FIXTURE_NOW_MS } from "../helpers/app.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

const HOME = copyFixtureHome();

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
