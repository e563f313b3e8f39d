/**
 * The HTTP layer under hostile input: body limits answered before the body is read,
 * prototype names in paths and queries, arrays where objects are expected, `title: null`,
 * storage failures mapped to 503/507, and `/readyz` seeing a damaged state.db.
 */
import { rmSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import type { DashboardAuthProvider } from "../../src/auth/provider.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { copyFixtureHome, FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { hashHome } from "../helpers/home_hash.ts";

/** A body that counts how many bytes the server pulled from it (nothing is pulled ahead of a read). */
function countingBody(total: number, chunk = 16 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
	let pulled = 0;
	const stream = new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (pulled >= total) {
					controller.close();
					return;
				}
				const size = Math.min(chunk, total - pulled);
				pulled += size;
				controller.enqueue(new Uint8Array(size).fill(0x20));
			},
		},
		{ highWaterMark: 0 },
	);
	return { stream, pulled: () => pulled };
}

/** Gated mode on a public bind, as a remote browser reaches it (no session cookie). */
function gatedClient() {
	const providers = new ProviderRegistry();
	const stub: DashboardAuthProvider = { name: "stub", displayName: "Stub", verifySession: async () => null };
	providers.register(stub);
	const request = testClient(makeContext({ host: "fly-app.fly.dev", providers }));
	return (path: string, init: RequestInit) => {
		const headers = new Headers(init.headers);
		headers.set("host", "fly-app.fly.dev");
		return request(path, { ...init, headers, token: false, peer: "203.0.113.9" });
	};
}

describe("body limits (#3)", () => {
	it("an oversized declared body to the unauthenticated login route → 413 before any byte is read", async () => {
		const body = countingBody(1024 * 1024);
		const response = await gatedClient()("/auth/password-login", {
			method: "POST",
			body: body.stream,
			duplex: "half",
			headers: { "Content-Type": "application/json", "Content-Length": String(1024 * 1024) },
		} as RequestInit);
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ detail: "Request body too large" });
		expect(body.pulled()).toBe(0);
	});

	it("a chunked body to the login route is read only up to the 64 KiB limit", async () => {
		const body = countingBody(1024 * 1024);
		const response = await gatedClient()("/auth/password-login", {
			method: "POST",
			body: body.stream,
			duplex: "half",
			headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
		} as RequestInit);
		expect(response.status).toBe(413);
		expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
		// A login-sized body still reaches the route.
		const small = await gatedClient()("/auth/password-login", {
			method: "POST",
			body: JSON.stringify({ provider: "nope", password: "x" }),
			headers: { "Content-Type": "application/json" },
		});
		expect(small.status).not.toBe(413);
	});

	it.each([
		["POST", "/ui/sessions/x"],
		["POST", "/chat"],
	])("%s %s over 16 MiB → 413 before any byte is read (not only /api has a limit)", async (method, path) => {
		const request = testClient(makeContext());
		const size = 17 * 1024 * 1024;
		const body = countingBody(size);
		const response = await request(path, {
			method,
			body: body.stream,
			duplex: "half",
			headers: { "Content-Type": "application/json", "Content-Length": String(size) },
		} as RequestInit);
		expect(response.status).toBe(413);
		expect(body.pulled()).toBe(0);
	});

	it("a Content-Length that is not a number → 400", async () => {
		const response = await gatedClient()("/auth/password-login", {
			method: "POST",
			body: "{}",
			headers: { "Content-Type": "application/json", "Content-Length": "12abc" },
		});
		expect(response.status).toBe(400);
	});
});

describe("prototype names in paths and queries (#10)", () => {
	const request = testClient(makeContext());

	it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("/vendor/%s → 404", async (name) => {
		expect((await request(`/vendor/${name}`, { token: false })).status).toBe(404);
	});

	it.each(["constructor", "__proto__", "toString"])(
		"logs ?file= and ?component= %s → 400 or the default file",
		async (name) => {
			const page = await request(`/logs?file=${name}&component=${name}`);
			expect(page.status).toBe(200);
			expect((await request(`/api/logs?file=${name}`)).status).toBeLessThan(500);
			expect((await request(`/api/logs?component=${name}`)).status).toBe(400);
		},
	);

	it("a config template naming an Object method stays verbatim", async () => {
		const { expandString } = await import("../../src/hermes/config/effective.ts");
		expect(expandString("${constructor}/${toString}", {})).toBe("${constructor}/${toString}");
	});

	it("a .env key named like an Object method is listed like any other", async () => {
		const context = makeContext();
		writeFileSync(join(context.home, ".env"), "constructor=1\ntoString=2\n");
		const rows = await (await testClient(context)("/api/env")).json();
		expect(Object.hasOwn(rows, "constructor")).toBe(true);
		expect(Object.hasOwn(rows, "toString")).toBe(true);
		expect(rows.constructor.is_set).toBe(true);
	});
});

describe("arrays where an object is expected (#11)", () => {
	it("POST /api/sessions/prune with [] → 422 and nothing pruned", async () => {
		const context = makeContext();
		// The admin audit trail records the refused attempt by design.
		const before = hashHome(context.home, ["logs/dashboard-admin.log"]);
		const response = await testClient(context)("/api/sessions/prune", { method: "POST", body: "[]" });
		expect(response.status).toBe(422);
		const body = await response.json();
		expect(body.detail[0]).toMatchObject({ type: "model_attributes_type", loc: ["body"] });
		expect(hashHome(context.home, ["logs/dashboard-admin.log"])).toBe(before);
	});

	it("PATCH /api/sessions/{id} with [] → 422, not 400", async () => {
		const request = testClient(makeContext());
		const id = (await (await request("/api/sessions?limit=1")).json()).sessions[0].id;
		const response = await request(`/api/sessions/${id}`, { method: "PATCH", body: "[]" });
		expect(response.status).toBe(422);
	});
});

describe("PATCH title: null (#12)", () => {
	it("null next to another field leaves the title alone", async () => {
		const context = makeContext();
		const request = testClient(context);
		const session = (await (await request("/api/sessions?limit=50")).json()).sessions.find(
			(row: { title: string | null }) => row.title,
		);
		const response = await request(`/api/sessions/${session.id}`, {
			method: "PATCH",
			body: JSON.stringify({ title: null, archived: true }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, title: session.title, archived: true });
		const db = new DatabaseSync(join(context.home, "state.db"), { readOnly: true });
		expect(db.prepare("SELECT title FROM sessions WHERE id = ?").get(session.id)).toEqual({ title: session.title });
		db.close();
	});

	it("null alone is nothing to update → 400", async () => {
		const request = testClient(makeContext());
		const id = (await (await request("/api/sessions?limit=1")).json()).sessions[0].id;
		const response = await request(`/api/sessions/${id}`, { method: "PATCH", body: '{"title":null}' });
		expect(response.status).toBe(400);
	});
});

describe("storage failures → 503/507 (#8)", () => {
	// sysfs refuses to create files even for root (EACCES), so this is a real refused
	// write through the real route, not a mock. Nothing can be written there.
	it("a home where files cannot be created → 503 with a sentence and no path", async () => {
		const response = await testClient(makeContext({ home: "/sys/kernel" }))("/api/env", {
			method: "PUT",
			body: JSON.stringify({ key: "HERMES_PROBE", value: "1" }),
		});
		expect(response.status).toBe(503);
		const { detail } = await response.json();
		expect(detail).toContain("permission denied");
		expect(detail).not.toContain("/sys");
	});
});

describe("/readyz and state.db (#14)", () => {
	function damagedHome(): string {
		const home = copyFixtureHome();
		for (const suffix of ["-wal", "-shm"]) {
			rmSync(join(home, `state.db${suffix}`), { force: true });
		}
		writeFileSync(join(home, "state.db"), Buffer.alloc(8192, 0x5a));
		return home;
	}

	it("a healthy home is ready, with the state.db check", async () => {
		const response = await testClient(makeContext())("/readyz");
		expect(response.status).toBe(200);
		expect((await response.json()).checks.state_db).toEqual({ ok: true });
	});

	it("a damaged state.db → not ready (503), as the sessions API says", async () => {
		const request = testClient(makeContext({ home: damagedHome() }));
		expect((await request("/api/sessions")).status).toBe(503);
		const response = await request("/readyz");
		expect(response.status).toBe(503);
		const body = await response.json();
		expect(body.status).toBe("not_ready");
		expect(body.checks.state_db.ok).toBe(false);
	});

	it("the probe result is reused within its TTL and refreshed after", async () => {
		const home = copyFixtureHome();
		const clock = fixedClock(FIXTURE_NOW_MS);
		const request = testClient(makeContext({ home, clock }));
		expect((await request("/readyz")).status).toBe(200);
		for (const suffix of ["-wal", "-shm"]) {
			rmSync(join(home, `state.db${suffix}`), { force: true });
		}
		writeFileSync(join(home, "state.db"), Buffer.alloc(8192, 0x5a));
		expect((await request("/readyz")).status).toBe(200);
		clock.advance(5001);
		expect((await request("/readyz")).status).toBe(503);
	});
});

describe("platform names like Object methods in config.yaml (#10)", () => {
	it("get no default port", async () => {
		const { readGatewayStatus } = await import("../../src/hermes/gateway/runtime.ts");
		const { homePaths } = await import("../../src/hermes/home/paths.ts");
		const home = copyFixtureHome();
		for (const stale of [homePaths(home).gatewayPid, homePaths(home).gatewayLock]) {
			rmSync(stale, { force: true });
		}
		// A live pid (this process) so the gateway counts as running and ports are reported.
		writeFileSync(homePaths(home).gatewayState, JSON.stringify({ pid: process.pid, gateway_state: "running" }));
		const status = readGatewayStatus(home, { platforms: { constructor: { port: 1 }, toString: {} } });
		expect(status.ports).toEqual({});
	});
});
