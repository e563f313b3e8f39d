/**
 * Fuzz pass over every JSON route (every POST/PUT/PATCH/DELETE the app registers, lazy
 * areas included): ill-typed, array, deeply nested, huge, invalid-UTF-8 and
 * prototype-keyed bodies must never answer 5xx and never change a file in the home.
 * Every body is invalid by construction (each known field gets a hostile value of the
 * wrong kind), so any write would be a bug. Bounded: one app, a fixed corpus.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { allRoutes, concretePath, WRITE_METHODS, type RouteEntry } from "../helpers/routes.ts";
import { hashHome } from "../helpers/home_hash.ts";

/**
 * Written by design: the admin audit trail records every write attempt, refused ones too;
 * the drain route's fields are all optional, so any JSON object is a valid drain request.
 */
// A valid body to POST /api/ops/backup starts a backup: its archive and action log are its purpose.
const WRITTEN_BY_DESIGN = ["logs/dashboard-admin.log", ".drain_request.json", "backups", "logs/action-backup.log"];

const context = makeContext();
const request = testClient(context);

/** Body fields the JSON routes read (api-contract A.2–A.4, D.3); hostile values go into all of them. */
const FIELDS = [
	"title",
	"archived",
	"profile",
	"ids",
	"older_than_days",
	"dry_run",
	"started_before",
	"include_archived",
	"config",
	"yaml_text",
	"key",
	"value",
	"keys",
	"password",
	"next",
	"provider",
];

function nested(depth: number, open: string, close: string, inner = "0"): string {
	return open.repeat(depth) + inner + close.repeat(depth);
}

function fieldsSetTo(value: string, fields: readonly string[] = FIELDS): string {
	return `{${fields.map((field) => `${JSON.stringify(field)}:${value}`).join(",")}}`;
}

/** The first field each write route validates (sessions, config, env, auth): enough to reach every schema. */
const FIRST_FIELDS = ["title", "ids", "older_than_days", "config", "yaml_text", "key", "provider", "profile"];

const DEEP = 100_000;
const HUGE = JSON.stringify("x".repeat(512 * 1024));

/** Raw bodies: [name, bytes]. Strings are sent as UTF-8; the invalid-UTF-8 one as raw bytes. */
const BODIES: [string, string | Uint8Array<ArrayBuffer>][] = [
	["empty array", "[]"],
	["array of objects", '[{"title":"x"},{"archived":true}]'],
	["string", '"hello"'],
	["number", "42"],
	["null", "null"],
	["boolean", "true"],
	["malformed", '{"title": '],
	["deep array", nested(DEEP, "[", "]")],
	["deep object", nested(DEEP, '{"a":', "}")],
	["deep array in the first fields", fieldsSetTo(nested(DEEP, "[", "]"), FIRST_FIELDS)],
	["numbers in every field", fieldsSetTo("12345678901234567890")],
	["objects in every field", fieldsSetTo('{"nested":{"x":1}}')],
	["arrays in every field", fieldsSetTo("[1,[2,[3]]]")],
	["huge number-like", fieldsSetTo(`1${"0".repeat(400)}`)],
	["huge strings with objects", `{"title":${HUGE},"yaml_text":${HUGE},"archived":{},"key":{},"ids":{},"config":"x"}`],
	[
		"invalid UTF-8",
		new Uint8Array([
			...new TextEncoder().encode('{"title":"'),
			0xff,
			0xfe,
			0xc3,
			...new TextEncoder().encode('","archived":[],"key":[],"ids":"x","config":7,"dry_run":"no"}'),
		]),
	],
	[
		"prototype keys",
		`{"__proto__":{"polluted":true,"dry_run":true},"constructor":{"prototype":{"polluted":true}},${fieldsSetTo("[]").slice(1)}`,
	],
	["prototype names as values", fieldsSetTo('{"__proto__":"constructor","toString":"valueOf"}')],
];

let routes: RouteEntry[] = [];
let before = "";

beforeAll(async () => {
	routes = (await allRoutes(context)).filter((route) => WRITE_METHODS.has(route.method));
	// Warm up readers (SQLite may create its shared-memory file on first read), then hash.
	await request("/api/sessions?limit=1");
	before = hashHome(context.home, WRITTEN_BY_DESIGN);
});

describe("fuzz pass: hostile JSON bodies on every write route", () => {
	it("enumerates the write routes", () => {
		expect(routes.map((route) => `${route.method} ${route.pattern}`)).toEqual(
			expect.arrayContaining(["POST /api/sessions/prune", "PATCH /api/sessions/:id", "PUT /api/config"]),
		);
	});

	it.each(BODIES)("%s → no 5xx on any route", async (_name, body) => {
		const failures: string[] = [];
		for (const route of routes) {
			const path = concretePath(route.pattern);
			const response = await request(path, {
				method: route.method,
				body,
				headers: { "Content-Type": "application/json" },
			});
			const text = await response.text();
			if (response.status >= 500) {
				failures.push(`${route.method} ${path} → ${response.status} ${text.slice(0, 200)}`);
			}
			// Error answers stay small: the echoed input is capped.
			if (response.status >= 400 && text.length > 64 * 1024) {
				failures.push(`${route.method} ${path} → ${response.status} with a ${text.length}-byte answer`);
			}
		}
		expect(failures).toEqual([]);
	});

	it("left every file in the home unchanged and polluted no prototype", () => {
		expect(hashHome(context.home, WRITTEN_BY_DESIGN)).toBe(before);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
