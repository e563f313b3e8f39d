/**
 * The gate frame in gated mode: public paths, the 401 envelope for /api, the login
 * redirect for pages, and no session token anywhere in the page.
 */
import { describe, expect, it } from "vitest";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import { ProviderUnreachableError, type AuthSession, type DashboardAuthProvider } from "../../src/auth/provider.ts";
import { gateNext } from "../../src/auth/next_target.ts";
import { unquoteCookie } from "../../src/auth/cookies.ts";
import { makeContext, testClient } from "../helpers/app.ts";

function session(user: string): AuthSession {
	return {
		userId: user,
		email: "",
		displayName: user,
		orgId: "",
		provider: "stub",
		expiresAt: 2e9,
		accessToken: "good",
		refreshToken: "",
	};
}

function stubProvider(behaviour: "ok" | "unreachable"): DashboardAuthProvider {
	return {
		name: "stub",
		displayName: "Stub IdP (test only)",
		verifySession: async (token: string) => {
			if (behaviour === "unreachable") {
				throw new ProviderUnreachableError("down");
			}
			return token === "good" ? session("alice") : null;
		},
	};
}

function gated(behaviour: "ok" | "unreachable" = "ok") {
	const providers = new ProviderRegistry();
	providers.register(stubProvider(behaviour));
	const context = makeContext({ host: "fly-app.fly.dev", providers });
	const request = testClient(context);
	return (path: string, init: RequestInit & { cookie?: string } = {}) => {
		const headers = new Headers(init.headers);
		headers.set("host", "fly-app.fly.dev");
		if (init.cookie !== undefined) {
			headers.set("cookie", init.cookie);
		}
		return request(path, { ...init, headers, token: false, peer: "203.0.113.9" });
	};
}

describe("gated mode", () => {
	it("status is public, withholds local paths, reports auth_required and the providers", async () => {
		const body = await (await gated()("/api/status")).json();
		expect(body.auth_required).toBe(true);
		expect(body.auth_providers).toEqual(["stub"]);
		for (const key of ["hermes_home", "config_path", "env_path", "gateway_pid", "gateway_health_url", "gateways"]) {
			expect(body).not.toHaveProperty(key);
		}
		expect(body).toHaveProperty("profiles");
		expect(body).toHaveProperty("gateway_mode");
	});

	it("an /api route without a cookie → 401 envelope with login_url", async () => {
		const response = await gated()("/api/no-such");
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: "unauthenticated",
			detail: "Unauthorized",
			reason: "no_cookie",
			login_url: "/login",
		});
	});

	it("a page without a cookie → 302 to /login with next", async () => {
		const response = await gated()("/sessions?page=2");
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe("/login?next=%2Fsessions%3Fpage%3D2");
		expect((await gated()("/")).headers.get("location")).toBe("/login?next=%2F");
	});

	it("a rejected cookie → session_expired envelope", async () => {
		const response = await gated()("/api/no-such", { cookie: "__Host-hermes_session_at=bad" });
		expect(await response.json()).toMatchObject({ error: "session_expired", reason: "invalid_or_expired_session" });
	});

	it("a valid cookie (any name variant, Python-quoted) passes the gate", async () => {
		for (const cookie of [
			"hermes_session_at=good",
			"__Host-hermes_session_at=good",
			'__Secure-hermes_session_at="good"',
		]) {
			const response = await gated()("/", { cookie });
			expect(response.status, cookie).toBe(200);
			const html = await response.text();
			expect(html).not.toContain("__HERMES_SESSION_TOKEN__");
			expect(html).toContain("window.__HERMES_AUTH_REQUIRED__=true;");
		}
	});

	it("an unreachable provider → 503", async () => {
		const response = await gated("unreachable")("/api/x", { cookie: "hermes_session_at=good" });
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ detail: "Auth provider 'stub' unreachable" });
	});

	it("probes stay public", async () => {
		expect((await gated()("/healthz")).status).toBe(200);
		expect((await gated()("/readyz")).status).toBe(200);
	});

	it("the session token never works as a credential in gated mode", async () => {
		const response = await gated()("/ui/status", {
			headers: { "X-Hermes-Session-Token": "test-session-token-0123456789abcdefghijklmnop" },
		});
		expect(response.status).toBe(401);
	});

	it("next validation drops open redirects and auth paths", () => {
		expect(gateNext("//evil.example")).toBeNull();
		expect(gateNext("/login?next=x")).toBeNull();
		expect(gateNext("/api/status")).toBeNull();
		expect(gateNext("/auth/callback")).toBeNull();
		expect(gateNext("/sessions")).toBe("/sessions");
	});

	it("unquotes Python cookie values", () => {
		expect(unquoteCookie('"provider=nous\\073state=abc"')).toBe("provider=nous;state=abc");
		expect(unquoteCookie('"a\\"b\\\\c"')).toBe('a"b\\c');
		expect(unquoteCookie("plain")).toBe("plain");
	});
});
