import { describe, expect, it } from "vitest";
import { quoteCookieValue, readCookie, serializeCookie, unquoteCookie } from "../../src/auth/cookies.ts";
import { gateNext, validateNext } from "../../src/auth/next_target.ts";
import { normalizePrefix, normalizePublicURL } from "../../src/auth/external_url.ts";

describe("cookie quoting (Python http.cookies compatible)", () => {
	it("quotes like Python and reads Python-quoted values back", () => {
		expect(quoteCookieValue("abc-123_~")).toBe("abc-123_~");
		expect(quoteCookieValue("provider=nous;state=a")).toBe('"provider=nous\\073state=a"');
		expect(quoteCookieValue('a"b\\c,d')).toBe('"a\\"b\\\\c\\054d"');
		for (const value of ["eyJzdWIi==", "provider=nous;state=s;verifier=v", 'we"ird\\', "ünï"]) {
			expect(unquoteCookie(quoteCookieValue(value))).toBe(value === "ünï" ? "ünï" : value);
		}
		expect(readCookie('x=1; __Secure-hermes_session_at="tok=="; hermes_session_at=bare', "hermes_session_at")).toBe(
			"tok==",
		);
		expect(readCookie("hermes_session_pkce=state=s; other=1", "hermes_session_pkce")).toBe("state=s");
		expect(readCookie("hermes_session_at=", "hermes_session_at")).toBeUndefined();
	});

	it("serialises with the right attributes", () => {
		expect(serializeCookie("hermes_session_rt", "r", 2592000, { secure: true, prefix: "" })).toBe(
			"__Host-hermes_session_rt=r; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax; Secure",
		);
		expect(serializeCookie("hermes_session_at", "a", 60, { secure: true, prefix: "/hermes" })).toContain(
			"__Secure-hermes_session_at=a; HttpOnly; Max-Age=60; Path=/hermes",
		);
	});
});

describe("post-login targets and external URLs", () => {
	it("keeps same-origin pages and drops everything else", () => {
		expect(validateNext("%2Fsessions%3Fpage%3D2")).toBe("/sessions?page=2");
		for (const ok of ["/apidocs", "/api-keys", "/"]) expect(validateNext(ok)).toBe(ok);
		for (const bad of [
			"//evil.com",
			"/login",
			"/loginx",
			"/auth/login",
			"/api/auth/me",
			"/api",
			"/api/x",
			"https://e.x",
			"/%2F/evil.com",
			"%252F%252Fevil.com",
			"/\\evil",
		]) {
			expect(validateNext(bad), bad).toBe("");
		}
		expect(gateNext("/sessions?page=2")).toBe("/sessions?page=2");
		expect(gateNext("/api/sessions")).toBeNull();
	});

	it("normalises prefixes and public URLs", () => {
		expect(normalizePrefix("hermes/")).toBe("/hermes");
		expect(normalizePrefix("/api/hassio_ingress/" + "x".repeat(80))).toHaveLength(20 + 80);
		for (const bad of ["/a//b", "/../x", "/<script>", "/" + "y".repeat(300)]) expect(normalizePrefix(bad)).toBe("");
		expect(normalizePublicURL("https://dash.example.com/hermes/", "t")).toBe("https://dash.example.com/hermes");
		expect(normalizePublicURL("dash.example.com", "t")).toBeUndefined();
		expect(normalizePublicURL("ftp://x", "t")).toBeUndefined();
		expect(normalizePublicURL('https://x/"y', "t")).toBeUndefined();
		expect(normalizePublicURL("", "t")).toBeUndefined();
	});
});
