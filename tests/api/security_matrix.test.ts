/**
 * The security matrix: every protected route × {no token, wrong token, right token,
 * bad Host, foreign Origin}, the public routes, peers, and CORS.
 */
import { describe, expect, it } from "vitest";
import { createApp, LAZY_AREAS } from "../../src/app.ts";
import { PUBLIC_API_PATHS } from "../../src/security/middleware.ts";
import { makeContext, testClient, TEST_TOKEN } from "../helpers/app.ts";

const context = makeContext();
const request = testClient(context);

/** Areas load on first use: load them all so their real routes are enumerated too. */
const AREA_ROUTES = (await Promise.all(LAZY_AREAS.map(async (area) => (await area.load())(context).routes))).flat();

/** Every registered GET route that needs the token, with params filled in. */
function protectedRoutes(): string[] {
	const paths = new Set<string>();
	for (const route of [...createApp(context).routes, ...AREA_ROUTES]) {
		if (route.method !== "GET" && route.method !== "ALL") {
			continue;
		}
		const path = route.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "x").replace(/\*$/, "x");
		if (
			(path.startsWith("/api/") || path.startsWith("/ui/")) &&
			!PUBLIC_API_PATHS.has(path) &&
			!path.includes("*")
		) {
			paths.add(path);
		}
	}
	// An unknown API path must be protected as well (no probing without the token).
	paths.add("/api/no-such-endpoint");
	return [...paths].sort();
}

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
		const html = await response.text();
		expect(html).toContain(`<script nonce="${nonce}">`);
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
