/**
 * The gate's behaviour table (api-contract C.4, D.1): bind form × provider set × cookie
 * state → answer for a protected API path and for a page.
 */
import { describe, expect, it } from "vitest";
import { basicProvider, gatedClient, registryOf, setCookies, StubOAuthProvider } from "../helpers/auth.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import type { DashboardAuthProvider } from "../../src/auth/provider.ts";
import type { BasicAuthProvider } from "../../src/auth/basic.ts";

const HOME = copyFixtureHome();

type ProviderSet = "none" | "stub" | "basic" | "stub+basic" | "stub-down" | "stub-down+basic";
type CookieState = "none" | "valid-stub" | "valid-basic" | "garbage" | "rt-stub" | "rt-basic" | "rt-dead";

interface Row {
	providers: ProviderSet;
	cookies: CookieState;
	api: 200 | 401 | 503;
	apiError?: "unauthenticated" | "session_expired";
	page: 200 | 302 | 503;
	location?: string;
	/** Rotated session cookies expected on the answer. */
	rotated?: boolean;
}

const LOGIN = "/login?next=%2F";
const SSO = "/auth/login?provider=stub&next=%2F";

// The table itself: every row holds for every gated bind form.
const GATED_TABLE: Row[] = [
	{ providers: "none", cookies: "none", api: 401, apiError: "unauthenticated", page: 302, location: LOGIN },
	{ providers: "none", cookies: "garbage", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "stub", cookies: "none", api: 401, apiError: "unauthenticated", page: 302, location: SSO },
	{ providers: "stub", cookies: "valid-stub", api: 200, page: 200 },
	{ providers: "stub", cookies: "garbage", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "stub", cookies: "rt-stub", api: 200, page: 200, rotated: true },
	{ providers: "stub", cookies: "rt-dead", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "basic", cookies: "none", api: 401, apiError: "unauthenticated", page: 302, location: LOGIN },
	{ providers: "basic", cookies: "valid-basic", api: 200, page: 200 },
	{ providers: "basic", cookies: "valid-stub", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "basic", cookies: "garbage", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "basic", cookies: "rt-basic", api: 200, page: 200, rotated: true },
	{ providers: "basic", cookies: "rt-dead", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "stub+basic", cookies: "none", api: 401, apiError: "unauthenticated", page: 302, location: LOGIN },
	{ providers: "stub+basic", cookies: "valid-stub", api: 200, page: 200 },
	{ providers: "stub+basic", cookies: "valid-basic", api: 200, page: 200 },
	{ providers: "stub+basic", cookies: "rt-basic", api: 200, page: 200, rotated: true },
	{ providers: "stub+basic", cookies: "garbage", api: 401, apiError: "session_expired", page: 302, location: LOGIN },
	{ providers: "stub-down", cookies: "valid-stub", api: 503, page: 503 },
	{ providers: "stub-down", cookies: "rt-stub", api: 503, page: 503 },
	{ providers: "stub-down+basic", cookies: "valid-basic", api: 200, page: 200 },
	{ providers: "stub-down+basic", cookies: "garbage", api: 503, page: 503 },
];

const GATED_BINDS = ["0.0.0.0", "fly-app.fly.dev", "192.168.1.5", "10.0.0.1", "::"];

function build(set: ProviderSet): {
	providers: DashboardAuthProvider[];
	stub?: StubOAuthProvider;
	basic?: BasicAuthProvider;
} {
	const stub = set.includes("stub") ? new StubOAuthProvider() : undefined;
	if (stub !== undefined && set.includes("down")) {
		stub.unreachable = true;
	}
	const basic = set.includes("basic") ? basicProvider() : undefined;
	return { providers: [stub, basic].filter((p) => p !== undefined), stub, basic };
}

function cookiesFor(
	state: CookieState,
	stub: StubOAuthProvider | undefined,
	basic: BasicAuthProvider | undefined,
): Record<string, string> {
	const now = Math.floor(Date.now() / 1000);
	const stubSession = (stub ?? new StubOAuthProvider()).mint();
	const basicToken = (kind: "access" | "refresh"): string =>
		(basic ?? basicProvider()).sign("admin", kind, now + 600);
	switch (state) {
		case "none":
			return {};
		case "valid-stub":
			return { hermes_session_at: stubSession.accessToken };
		case "valid-basic":
			return { hermes_session_at: `"${basicToken("access")}"` };
		case "garbage":
			return { hermes_session_at: "garbage" };
		case "rt-stub":
			return { hermes_session_rt: stubSession.refreshToken };
		case "rt-basic":
			return { hermes_session_rt: basicToken("refresh") };
		case "rt-dead":
			return { hermes_session_rt: "dead" };
	}
}

describe.each(GATED_BINDS)("gate behaviour table, bound to %s", (host) => {
	it.each(GATED_TABLE)("providers=$providers cookies=$cookies → api $api, page $page", async (row) => {
		for (const target of ["api", "page"] as const) {
			const { providers, stub, basic } = build(row.providers);
			const client = gatedClient(registryOf(...providers), { host, home: HOME });
			const response = await client.request(target === "api" ? "/api/auth/me" : "/", {
				cookies: cookiesFor(row.cookies, stub, basic),
			});
			const expected = target === "api" ? row.api : row.page;
			expect(response.status, `${target}: ${await response.clone().text()}`).toBe(expected);
			if (target === "api" && row.apiError !== undefined) {
				const body = (await response.json()) as Record<string, string>;
				expect(body).toMatchObject({ error: row.apiError, detail: "Unauthorized", login_url: "/login" });
			}
			if (target === "page" && row.location !== undefined) {
				expect(response.headers.get("location")).toBe(row.location);
			}
			if (expected === 503) {
				expect(((await response.json()) as { detail: string }).detail).toMatch(/unreachable/);
				expect(response.headers.getSetCookie().join()).not.toContain("Max-Age=0");
			}
			const cookies = setCookies(response);
			if (row.rotated === true) {
				expect(cookies.get("hermes_session_at")?.value).toBeTruthy();
				expect(cookies.get("hermes_session_rt")?.value).toBeTruthy();
			}
			if (row.apiError === "session_expired") {
				expect(cookies.get("hermes_session_at")?.raw).toContain("Max-Age=0");
			}
		}
	});
});

describe("gate on loopback binds (token mode)", () => {
	it.each(["127.0.0.1", "localhost", "::1"])(
		"%s: cookies mean nothing; the API needs the token, pages are open",
		async (host) => {
			const basic = basicProvider();
			const client = gatedClient(registryOf(basic), { host, home: HOME });
			const cookies = { hermes_session_at: basic.sign("admin", "access", Math.floor(Date.now() / 1000) + 600) };
			const loopbackHost = host === "::1" ? "[::1]:9119" : `${host}:9119`;
			const api = await client.request("/api/auth/me", { cookies, headers: { host: loopbackHost } });
			expect(api.status).toBe(401);
			expect(await api.json()).toEqual({ detail: "Unauthorized" });
			const page = await client.request("/", { cookies, headers: { host: loopbackHost } });
			expect(page.status).toBe(200);
		},
	);
});
