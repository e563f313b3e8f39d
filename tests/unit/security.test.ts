import { describe, expect, it } from "vitest";
import { decideSecurityMode, isLoopbackBind } from "../../src/security/mode.ts";
import { hostnameOf, isAllowedHost, isAllowedOrigin, isLoopbackPeer } from "../../src/security/host_guard.ts";
import { createSessionToken, requestHasToken, safeEqual } from "../../src/security/session_token.ts";
import { isAllowedCORSOrigin } from "../../src/security/middleware.ts";
import { redactSecrets, redactValue } from "../../src/security/redact.ts";
import { failClosedExplanation } from "../../src/auth/fail_closed.ts";

describe("gate decision per bind form", () => {
	it.each([
		["127.0.0.1", false, "token"],
		["localhost", false, "token"],
		["::1", false, "token"],
		["LOCALHOST", false, "token"],
		["0.0.0.0", false, "gated"],
		["::", false, "gated"],
		["192.168.1.20", false, "gated"],
		["100.64.0.7", false, "gated"],
		["fly-app.fly.dev", false, "gated"],
		["127.0.0.2", false, "gated"],
		["0.0.0.0", true, "insecure"],
		["192.168.1.20", true, "insecure"],
		["127.0.0.1", true, "token"],
	] as const)("%s (insecure=%s) → %s", (host, insecure, mode) => {
		expect(decideSecurityMode(host, insecure)).toBe(mode);
	});

	it("only the three exact names are loopback binds", () => {
		expect(isLoopbackBind("127.0.0.1")).toBe(true);
		expect(isLoopbackBind("0.0.0.0")).toBe(false);
		expect(isLoopbackBind("127.1")).toBe(false);
	});
});

describe("Host header rule", () => {
	it.each(["127.0.0.1", "localhost"])("loopback bind %s", (bound) => {
		for (const ok of [
			"127.0.0.1",
			"127.0.0.1:9119",
			"localhost",
			"localhost:5173",
			"[::1]",
			"[::1]:9119",
			"LocalHost",
		]) {
			expect(isAllowedHost(ok, bound), ok).toBe(true);
		}
		for (const bad of [
			"evil.example",
			"evil.example:9119",
			"localhost.attacker.test",
			"127.0.0.1.evil.test",
			"",
			"::1",
			null,
		]) {
			expect(isAllowedHost(bad, bound), String(bad)).toBe(false);
		}
	});

	it("0.0.0.0 and :: accept any non-empty host", () => {
		expect(isAllowedHost("anything.example", "0.0.0.0")).toBe(true);
		expect(isAllowedHost("x", "::")).toBe(true);
		expect(isAllowedHost("", "0.0.0.0")).toBe(false);
	});

	it("an explicit host must match exactly (port ignored, case-insensitive)", () => {
		expect(isAllowedHost("fly-app.fly.dev", "fly-app.fly.dev")).toBe(true);
		expect(isAllowedHost("FLY-APP.fly.dev:443", "fly-app.fly.dev")).toBe(true);
		expect(isAllowedHost("localhost", "fly-app.fly.dev")).toBe(false);
		expect(isAllowedHost("[fd00::1]:9119", "fd00::1")).toBe(true);
	});

	it("parses hostnames like Hermes", () => {
		expect(hostnameOf("[::1]:80")).toBe("::1");
		expect(hostnameOf("::1")).toBe(":");
		expect(hostnameOf(" Example.COM:80 ")).toBe("example.com");
	});
});

describe("WebSocket Origin rule", () => {
	it("allows absent, file:// and app:// origins (packaged desktop)", () => {
		expect(isAllowedOrigin(undefined, "127.0.0.1")).toBe(true);
		expect(isAllowedOrigin("file://", "127.0.0.1")).toBe(true);
		expect(isAllowedOrigin("null", "127.0.0.1")).toBe(true);
		expect(isAllowedOrigin("app://hermes", "127.0.0.1")).toBe(true);
	});
	it("checks http(s) origins with the Host rule", () => {
		expect(isAllowedOrigin("http://localhost:9119", "127.0.0.1")).toBe(true);
		expect(isAllowedOrigin("http://evil.example", "127.0.0.1")).toBe(false);
	});
});

describe("peers, tokens, CORS, redaction", () => {
	it("loopback peers", () => {
		expect(isLoopbackPeer("127.0.0.1")).toBe(true);
		expect(isLoopbackPeer("::1")).toBe(true);
		expect(isLoopbackPeer("10.0.0.1")).toBe(false);
		expect(isLoopbackPeer(undefined)).toBe(false);
	});

	it("session token: env value adopted, else 43-char base64url, fresh each start", () => {
		expect(createSessionToken("from-desktop")).toBe("from-desktop");
		const a = createSessionToken(undefined);
		expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(createSessionToken(undefined)).not.toBe(a);
	});

	it("token headers", () => {
		const headers = (entries: Record<string, string>) => new Headers(entries);
		expect(requestHasToken(headers({ "X-Hermes-Session-Token": "t0k" }), "t0k")).toBe(true);
		expect(requestHasToken(headers({ Authorization: "Bearer t0k" }), "t0k")).toBe(true);
		expect(requestHasToken(headers({ Authorization: "bearer t0k" }), "t0k")).toBe(false);
		expect(requestHasToken(headers({}), "t0k")).toBe(false);
		expect(safeEqual("a", "ab")).toBe(false);
	});

	it("CORS origins: localhost dev ports and our own", () => {
		expect(isAllowedCORSOrigin("http://localhost:3000", 1234)).toBe(true);
		expect(isAllowedCORSOrigin("http://127.0.0.1:1234", 1234)).toBe(true);
		expect(isAllowedCORSOrigin("http://127.0.0.1:1235", 1234)).toBe(false);
		expect(isAllowedCORSOrigin("https://localhost.evil:9119", 1234)).toBe(false);
	});

	it("redacts like Hermes's preview rule and scrubs secrets in text", () => {
		expect(redactValue("short")).toBe("***");
		expect(redactValue("sk-ant-api03-abcdefghijkl")).toBe("sk-a...ijkl");
		const scrubbed = redactSecrets(
			"failed with ANTHROPIC_API_KEY=sk-ant-api03-SECRETSECRET123 and Authorization: Bearer abcdefghijklmnop",
		);
		expect(scrubbed).not.toContain("SECRETSECRET");
		expect(scrubbed).not.toContain("abcdefghijklmnop");
	});
});

describe("fail-closed explanation", () => {
	it("names the host, each provider's reason and the fixes", () => {
		const text = failClosedExplanation("0.0.0.0", [
			{ name: "nous", reason: "no OAuth client id — set HERMES_DASHBOARD_OAUTH_CLIENT_ID" },
		]);
		expect(text).toContain("Refusing to bind dashboard to 0.0.0.0");
		expect(text).toContain("no auth providers");
		expect(text).toContain("  • nous: no OAuth client id");
		expect(text).toContain("bind 127.0.0.1 and tunnel in");
		expect(text.split("\n").length).toBeGreaterThan(5);
	});
});
