/**
 * The security matrix: every protected route × {no token, wrong token, right token,
 * bad Host, foreign Origin}, on every method it registers (lazy areas included); the
 * gated mode's cross-site refusal on every write; the public routes, peers, and CORS.
 */
import { describe, expect, it } from "vitest";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import type { DashboardAuthProvider } from "../../src/auth/provider.ts";
import { needsSessionToken } from "../../src/security/middleware.ts";
import { makeContext, testClient, TEST_TOKEN } from "../helpers/app.ts";
import { allRoutes, concretePath, WRITE_METHODS } from "../helpers/routes.ts";
import { hashHome } from "../helpers/home_hash.ts";
import { $$, parseHTML } from "../helpers/dom.ts";

const context = makeContext();
const request = testClient(context);

/** Every registered GET route that needs the token, with params filled in. */
function protectedRoutes(): string[] {
	const paths = new Set<string>();
	for (const route of ROUTES) {
		if (route.method !== "GET" && route.method !== "ALL") {
			continue;
		}
		const path = concretePath(route.pattern);
		if (needsSessionToken(path) && !path.includes("*")) {
			paths.add(path);
		}
	}
	// An unknown API path must be protected as well (no probing without the token).
	paths.add("/api/no-such-endpoint");
	return [...paths].sort();
}

/** Areas load on first use: `allRoutes` loads them all so their real routes are enumerated too. */
const ROUTES = await allRoutes(context);

const PROTECTED = protectedRoutes();

/**
 * Routes whose own answer with a valid token is fixed by the contract (D.3): in loopback
 * mode `/api/auth/me` always answers 401 (there is no user session), and
 * `/api/auth/providers` answers 503 when no interactive provider exists.
 */
const ANSWER_WITH_TOKEN: Record<string, number> = { "/api/auth/me": 401, "/api/auth/providers": 503 };

describe("protected routes", () => {
	it("has at least the status fragment and unknown API paths", () => {
		expect(PROTECTED).toContain("/ui/status");
		expect(PROTECTED).toContain("/api/no-such-endpoint");
	});

	describe.each(PROTECTED)("%s", (path) => {
		it("no token → 401 {detail: Unauthorized}", async () => {
			const response = await request(path, { token: false });
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({ detail: "Unauthorized" });
		});

		it("wrong token → 401", async () => {
			const response = await request(path, { headers: { "X-Hermes-Session-Token": `${TEST_TOKEN}x` } });
			expect(response.status).toBe(401);
		});

		it("wrong Bearer → 401; right Bearer passes", async () => {
			expect((await request(path, { token: false, headers: { Authorization: "Bearer nope" } })).status).toBe(401);
			const ok = await request(path, { token: false, headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
			if (path in ANSWER_WITH_TOKEN) {
				expect(ok.status).toBe(ANSWER_WITH_TOKEN[path]);
			} else {
				expect(ok.status).not.toBe(401);
			}
		});

		it("right token → neither 401 nor 5xx (unless the contract fixes the answer)", async () => {
			const response = await request(path);
			if (path in ANSWER_WITH_TOKEN) {
				expect(response.status).toBe(ANSWER_WITH_TOKEN[path]);
				return;
			}
			expect(response.status).not.toBe(401);
			expect(response.status).toBeLessThan(500);
		});

		it("bad Host → 400 even with the right token", async () => {
			const response = await request(path, { headers: { Host: "evil.example:9119" } });
			expect(response.status).toBe(400);
			expect((await response.json()).detail).toContain("Invalid Host header");
		});

		it("foreign Origin → no CORS grant", async () => {
			const response = await request(path, { headers: { Origin: "https://evil.example" } });
			expect(response.headers.get("access-control-allow-origin")).toBeNull();
		});
	});
});

/** Every write route (POST/PUT/PATCH/DELETE), params filled in. */
const WRITES = ROUTES.filter((route) => WRITE_METHODS.has(route.method)).map(
	(route) => [route.method, concretePath(route.pattern)] as const,
);
/** Write routes the session token guards (the others are /auth/*, gated-mode only). */
const PROTECTED_WRITES = WRITES.filter(([, path]) => needsSessionToken(path));
/** A body that passes validation on the routes that read one, so only the guards can refuse it. */
const WRITE_BODY = JSON.stringify({ provider: "stub", username: "u", password: "p", ids: [], key: "HERMES_X" });

describe("every write method of every protected route (token mode): refused, and nothing written", () => {
	const writeContext = makeContext();
	const send = testClient(writeContext);
	const before = hashHome(writeContext.home);

	it("covers the write routes of every area", () => {
		const paths = PROTECTED_WRITES.map(([method, path]) => `${method} ${path}`);
		expect(paths).toEqual(
			expect.arrayContaining([
				"POST /api/sessions/prune",
				"PATCH /api/sessions/x",
				"DELETE /api/sessions/x",
				"PUT /api/config",
				"PUT /api/env",
				"DELETE /api/env",
			]),
		);
	});

	describe.each(PROTECTED_WRITES)("%s %s", (method, path) => {
		const init = { method, body: WRITE_BODY, headers: { "Content-Type": "application/json" } };

		it("no token, wrong token, wrong Bearer → 401", async () => {
			const none = await send(path, { ...init, token: false });
			expect(none.status).toBe(401);
			expect(await none.json()).toEqual({ detail: "Unauthorized" });
			const wrong = await send(path, {
				...init,
				headers: { ...init.headers, "X-Hermes-Session-Token": `${TEST_TOKEN}x` },
			});
			expect(wrong.status).toBe(401);
			const bearer = await send(path, {
				...init,
				token: false,
				headers: { ...init.headers, Authorization: "Bearer x" },
			});
			expect(bearer.status).toBe(401);
		});

		it("bad Host → 400 even with the right token", async () => {
			const response = await send(path, { ...init, headers: { ...init.headers, Host: "evil.example:9119" } });
			expect(response.status).toBe(400);
			expect((await response.json()).detail).toContain("Invalid Host header");
		});

		it("foreign Origin without the token → 401 and no CORS grant", async () => {
			const response = await send(path, {
				...init,
				token: false,
				headers: { ...init.headers, Origin: "https://evil.example" },
			});
			expect(response.status).toBe(401);
			expect(response.headers.get("access-control-allow-origin")).toBeNull();
		});
	});

	it("left every file in the home unchanged", () => {
		expect(hashHome(writeContext.home)).toBe(before);
	});
});

describe("every write route in gated mode: cross-site writes refused, nothing written", () => {
	const providers = new ProviderRegistry();
	const stub: DashboardAuthProvider = {
		name: "stub",
		displayName: "Stub",
		verifySession: async (token) =>
			token === "good"
				? {
						userId: "alice",
						email: "",
						displayName: "alice",
						orgId: "",
						provider: "stub",
						expiresAt: 2e9,
						accessToken: "good",
						refreshToken: "",
					}
				: null,
	};
	providers.register(stub);
	const gatedContext = makeContext({ host: "fly-app.fly.dev", providers });
	const gatedRequest = testClient(gatedContext);
	// The auth audit log records refusals by design; everything else must stay as it was.
	const AUDIT_LOG = "logs/dashboard-auth.log";
	const before = hashHome(gatedContext.home, [AUDIT_LOG]);
	const send = (path: string, method: string, headers: Record<string, string>) =>
		gatedRequest(path, {
			method,
			body: WRITE_BODY,
			token: false,
			peer: "203.0.113.9",
			headers: { "Content-Type": "application/json", Host: "fly-app.fly.dev", ...headers },
		});

	describe.each(WRITES)("%s %s", (method, path) => {
		it("signed in, foreign Origin → 403", async () => {
			const response = await send(path, method, {
				Cookie: "hermes_session_at=good",
				Origin: "https://evil.example",
			});
			expect(response.status).toBe(403);
			expect(await response.json()).toEqual({ detail: "Cross-site request refused" });
		});

		it("signed in, cross-site Sec-Fetch-Site → 403", async () => {
			const response = await send(path, method, {
				Cookie: "hermes_session_at=good",
				"Sec-Fetch-Site": "cross-site",
			});
			expect(response.status).toBe(403);
		});

		it("bad Host → 400", async () => {
			const response = await send(path, method, { Cookie: "hermes_session_at=good", Host: "evil.example" });
			expect(response.status).toBe(400);
		});
	});

	it("left every file in the home unchanged", () => {
		expect(hashHome(gatedContext.home, [AUDIT_LOG])).toBe(before);
	});
});

describe("public routes", () => {
	it.each(["/api/status", "/healthz", "/readyz", "/", "/static/css/app.css", "/vendor/htmx.min.js"])(
		"%s answers without a token",
		async (path) => {
			const response = await request(path, { token: false });
			expect(response.status).toBe(200);
		},
	);

	it("public routes still enforce the Host rule", async () => {
		const response = await request("/api/status", { token: false, headers: { Host: "localhost.attacker.test" } });
		expect(response.status).toBe(400);
	});

	it.each(["127.0.0.1:9119", "localhost:5173", "[::1]:9119", "LOCALHOST"])(
		"Host %s is accepted on a loopback bind",
		async (host) => {
			const response = await request("/api/status", { token: false, headers: { Host: host } });
			expect(response.status).toBe(200);
		},
	);
});

describe("peer guard (loopback bind)", () => {
	it("refuses a non-loopback peer", async () => {
		const response = await request("/api/status", { peer: "10.1.2.3" });
		expect(response.status).toBe(403);
	});

	it("refuses when the runtime names no peer (fail closed)", async () => {
		const response = await request("/api/status", { peer: null });
		expect(response.status).toBe(403);
	});

	it("accepts ::1 and IPv4-mapped loopback", async () => {
		expect((await request("/api/status", { peer: "::1" })).status).toBe(200);
		expect((await request("/api/status", { peer: "::ffff:127.0.0.1" })).status).toBe(200);
	});
});

describe("CORS", () => {
	it.each(["http://localhost:9119", "http://127.0.0.1:3000", "http://localhost:5173"])(
		"grants %s",
		async (origin) => {
			const response = await request("/api/status", { headers: { Origin: origin } });
			expect(response.headers.get("access-control-allow-origin")).toBe(origin);
		},
	);

	it.each(["http://localhost:8080", "http://evil.example", "null", "http://localhost.evil.example:9119"])(
		"does not grant %s",
		async (origin) => {
			const response = await request("/api/status", { headers: { Origin: origin } });
			expect(response.headers.get("access-control-allow-origin")).toBeNull();
		},
	);

	it("grants the actual port", async () => {
		const own = makeContext({ port: 43210 });
		const response = await testClient(own)("/api/status", {
			headers: { Origin: "http://127.0.0.1:43210", Host: "127.0.0.1:43210" },
		});
		expect(response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:43210");
	});
});

describe("error envelope", () => {
	it("unknown GET /api path → JSON 404, never HTML", async () => {
		const response = await request("/api/nope/deeper");
		expect(response.status).toBe(404);
		expect(response.headers.get("content-type")).toContain("application/json");
		expect(await response.json()).toEqual({ detail: "No such API endpoint: /api/nope/deeper" });
	});

	it("unknown non-GET /api path → 405 JSON", async () => {
		const response = await request("/api/nope", { method: "POST" });
		expect(response.status).toBe(405);
		expect(await response.json()).toEqual({ detail: "Method Not Allowed" });
	});

	it("unknown page → HTML 404 page", async () => {
		const response = await request("/no-such-page", { token: false });
		expect(response.status).toBe(404);
		expect(response.headers.get("content-type")).toContain("text/html");
	});
});

describe("security headers", () => {
	it("sets a CSP allowing only same-origin and nonced scripts", async () => {
		const response = await request("/", { token: false });
		const csp = response.headers.get("content-security-policy") ?? "";
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).not.toContain("unsafe-eval");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(response.headers.get("x-content-type-options")).toBe("nosniff");
		expect(response.headers.get("x-frame-options")).toBe("DENY");
		const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
		const inline = $$(parseHTML(await response.text()), "script:not([src])");
		expect(inline.length).toBeGreaterThan(0);
		expect(inline.map((script) => script.getAttribute("nonce"))).toEqual(inline.map(() => nonce));
	});

	it("injects the session token in the exact shape Hermes Desktop scrapes", async () => {
		const html = await (await request("/", { token: false })).text();
		const match = /window\.__HERMES_SESSION_TOKEN__\s*=\s*("[^"]*")/.exec(html);
		expect(match).not.toBeNull();
		expect(JSON.parse(match![1]!)).toBe(TEST_TOKEN);
		expect(html).toContain("window.__HERMES_AUTH_REQUIRED__=false;");
	});

	it("pages are never cached", async () => {
		const response = await request("/", { token: false });
		expect(response.headers.get("cache-control")).toContain("no-store");
	});
});
