/**
 * One `profile` rule everywhere (api-contract 0.2): every route that takes the parameter
 * gives the same answer for the same name — the same home, or the same 400/404 text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { clampReason } from "../../src/pty/protocol.ts";
import { connect, fakeEnv, startInProcess, type InProcessServer } from "../helpers/pty_client.ts";

/**
 * A root home with two named profiles, `work` and `lab`; the dashboard itself serves
 * `work`, so "its own home" (absent, "", `current`) and `default` (the root) differ.
 * Each home's config.yaml carries its label as `timezone`, so answers show which was read.
 */
function homes(): { root: string; work: string; lab: string } {
	const root = copyFixtureHome();
	mkdirSync(join(root, "profiles"));
	const result = { root, work: join(root, "profiles", "work"), lab: join(root, "profiles", "lab") };
	for (const name of ["work", "lab"] as const) {
		renameSync(copyFixtureHome(), result[name]);
	}
	for (const [label, home] of Object.entries(result)) {
		const path = join(home, "config.yaml");
		writeFileSync(path, readFileSync(path, "utf8").replace("timezone: ''", `timezone: home-${label}`));
	}
	return result;
}

const invalid = (quoted: string): string => `Invalid profile name ${quoted}. Must match [a-z0-9][a-z0-9_-]{0,63}`;

type Label = "root" | "work" | "lab";

/** What every route must answer for a requested name: the home it works on, or the failure. */
const VARIANTS: Array<[requested: string, expected: Label | { status: number; detail: string }]> = [
	["", "work"],
	["current", "work"],
	["Current", "work"],
	["default", "root"],
	["Default", "root"],
	[" DEFAULT ", "root"],
	["lab", "lab"],
	["Lab", "lab"],
	["missing", { status: 404, detail: "Profile 'missing' does not exist." }],
	["../x", { status: 400, detail: invalid("'../x'") }],
	["a/../../etc", { status: 400, detail: invalid("'a/../../etc'") }],
	["it's", { status: 400, detail: invalid(`"it's"`) }],
	[
		"test",
		{
			status: 400,
			detail: "Profile name 'test' is reserved — it collides with either the Hermes installation itself or a common system binary.  Pick a different name.",
		},
	],
];

const SESSION_ID = "20261123_183146_9b7891";

interface RouteCase {
	name: string;
	method?: string;
	path: string;
	/** Where the name goes: the query (default) or a JSON body field. */
	body?: Record<string, unknown>;
	/** Which home answered (its label), read from a 2xx body, for routes that show it. */
	home?: (body: unknown) => unknown;
}

const timezoneLabel = (text: string): string | undefined => /^timezone: home-(\w+)$/m.exec(text)?.[1];

function routes(layout: Record<Label, string>): RouteCase[] {
	const labelOf = (home: string): unknown => Object.entries(layout).find(([, path]) => path === home)?.[0];
	return [
		{ name: "sessions list", path: "/api/sessions" },
		{ name: "sessions search", path: "/api/sessions/search?q=hello" },
		{ name: "sessions stats", path: "/api/sessions/stats" },
		{ name: "empty sessions count", path: "/api/sessions/empty/count" },
		{ name: "session", path: `/api/sessions/${SESSION_ID}` },
		{ name: "session messages", path: `/api/sessions/${SESSION_ID}/messages` },
		{ name: "session export", path: `/api/sessions/${SESSION_ID}/export` },
		{ name: "bulk delete (body)", method: "POST", path: "/api/sessions/bulk-delete", body: { ids: [] } },
		{ name: "prune preview (body)", method: "POST", path: "/api/sessions/prune", body: { dry_run: true } },
		{ name: "analytics", path: "/api/analytics/usage" },
		{
			name: "config",
			path: "/api/config",
			home: (body) => (body as { timezone: string }).timezone.replace("home-", ""),
		},
		{ name: "config raw", path: "/api/config/raw", home: (body) => timezoneLabel((body as { yaml: string }).yaml) },
		{ name: "config history", path: "/api/config/history" },
		{ name: "config preview (body)", method: "POST", path: "/api/config/preview", body: { config: {} } },
		{ name: "env", path: "/api/env" },
		{ name: "logs", path: "/api/logs" },
		{ name: "logs stream", path: "/api/logs/stream" },
		{ name: "status", path: "/api/status", home: (body) => labelOf((body as { hermes_home: string }).hermes_home) },
	];
}

describe("?profile= resolves the same way on every route", () => {
	const layout = homes();
	const request = testClient(makeContext({ home: layout.work }));

	it("answers each name with the same home or the same 400/404 on every route", async () => {
		const answers: Record<string, Record<string, unknown>> = {};
		const expected: Record<string, Record<string, unknown>> = {};
		for (const route of routes(layout)) {
			answers[route.name] = {};
			expected[route.name] = {};
			for (const [requested, outcome] of VARIANTS) {
				const separator = route.path.includes("?") ? "&" : "?";
				const path =
					route.body === undefined
						? `${route.path}${separator}profile=${encodeURIComponent(requested)}`
						: route.path;
				const init: RequestInit = { method: route.method ?? "GET" };
				if (route.body !== undefined) {
					init.body = JSON.stringify({ ...route.body, profile: requested });
					init.headers = { "content-type": "application/json" };
				}
				const response = await request(path, init);
				// A log stream never ends: its status is the answer.
				const streaming = response.headers.get("content-type")?.startsWith("text/event-stream") === true;
				const body = streaming ? await response.body?.cancel() : await response.json();
				answers[route.name]![requested] =
					response.status < 300
						? { status: "2xx", home: route.home?.(body) }
						: { status: response.status, detail: body.detail };
				expected[route.name]![requested] =
					typeof outcome === "string"
						? { status: "2xx", home: route.home === undefined ? undefined : outcome }
						: outcome;
			}
		}
		expect(answers).toEqual(expected);
	});

	it("lets a body profile beat the query's", async () => {
		const preview = (query: string, profile: string) =>
			request(`/api/config/preview?profile=${encodeURIComponent(query)}`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ config: {}, profile }),
			});
		expect((await preview("../x", "default")).status).toBe(200);
		const refused = await preview("default", "../x");
		expect(refused.status).toBe(400);
		expect(await refused.json()).toEqual({ detail: invalid("'../x'") });
	});
});

describe("?profile= on the WebSocket routes", () => {
	const layout = homes();
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({ home: layout.work, env: fakeEnv() });
	});
	afterAll(async () => {
		await server.stop();
	});
	const url = (path: string, profile: string): string =>
		server.wsURL(path, { token: server.context.sessionToken, profile });

	it("/api/pty runs the TUI in the requested profile's home", async () => {
		for (const [requested, label] of [
			["Default", "root"],
			["current", "work"],
			["Lab", "lab"],
		] as const) {
			const client = connect(url("/api/pty", requested));
			await client.waitFor("FAKE_TUI ready");
			client.type("env HERMES_HOME\r");
			await client.waitFor(`ENV HERMES_HOME=${layout[label]}\r`);
			client.type("exit\r");
			await client.closed;
		}
	});

	it("/api/pty refuses a bad or unknown name with Hermes's text, then 1011", async () => {
		for (const [requested, outcome] of VARIANTS) {
			if (typeof outcome === "string") {
				continue;
			}
			const client = connect(url("/api/pty", requested));
			expect((await client.closed).code).toBe(1011);
			expect(client.text()).toContain(outcome.detail);
		}
	});

	it("/api/ws runs the gateway in the requested profile's home", async () => {
		for (const [requested, label] of [
			["Default", "root"],
			["", "work"],
			["lab", "lab"],
		] as const) {
			const client = connect(url("/api/ws", requested));
			await client.waitFor("gateway.ready");
			client.type(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "env", params: { name: "HERMES_HOME" } }));
			await client.waitFor('"id":1');
			expect(client.text()).toContain(JSON.stringify({ value: layout[label] }));
			client.ws.close();
			await client.closed;
		}
	});

	it("/api/ws refuses a bad or unknown name with 4400 and Hermes's text", async () => {
		for (const [requested, outcome] of VARIANTS) {
			if (typeof outcome === "string") {
				continue;
			}
			const client = connect(url("/api/ws", requested));
			// Close reasons are capped at 123 bytes; the reserved-name text is longer.
			expect(await client.closed).toEqual({ code: 4400, reason: clampReason(outcome.detail) });
			expect(client.frames).toEqual([]);
		}
	});
});
