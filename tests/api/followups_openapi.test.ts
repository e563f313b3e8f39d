/**
 * The OpenAPI document describes every JSON route's request: each POST/PUT/PATCH route
 * carries a `requestBody` schema (from the valibot schema the route validates with),
 * except the routes that take no body, listed here with the reason; query schemas show
 * up as parameters. The document still validates as OpenAPI 3.1.
 */
import { describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { makeContext, testClient } from "../helpers/app.ts";
import { allRoutes } from "../helpers/routes.ts";
import { describedRoutes } from "../../src/http/openapi.ts";

const context = makeContext();
const request = testClient(context);

type Document = { paths: Record<string, Record<string, any>> };

/** Write routes without a JSON body, by reason (kept short on purpose: each is checked to exist). */
const ACTION_ON_PATH = "acts on the resource named in the path; any body is ignored";
const CLI_ACTION = "starts a Hermes CLI background action that takes no arguments from the client";
const NO_BODY: Record<string, string> = {
	"POST /api/auth/ws-ticket": "mints a ticket for the caller's own session",
	"POST /api/cron/jobs/{id}/pause": ACTION_ON_PATH,
	"POST /api/cron/jobs/{id}/resume": ACTION_ON_PATH,
	"POST /api/cron/jobs/{id}/trigger": ACTION_ON_PATH,
	"POST /api/dashboard/agent-plugins/{name}/enable": ACTION_ON_PATH,
	"POST /api/dashboard/agent-plugins/{name}/disable": ACTION_ON_PATH,
	"POST /api/dashboard/agent-plugins/{name}/update": ACTION_ON_PATH,
	"POST /api/gateway/start": "spawns `hermes gateway start`; the profile is a query parameter",
	"POST /api/gateway/stop": "spawns `hermes gateway stop`; the profile is a query parameter",
	"POST /api/gateway/restart": "spawns `hermes gateway restart`; the profile is a query parameter",
	"POST /api/mcp/servers/{name}/test": ACTION_ON_PATH,
	"POST /api/mcp/servers/{name}/auth": ACTION_ON_PATH,
	"POST /api/messaging/platforms/{id}/test": ACTION_ON_PATH,
	"POST /api/profiles/{name}/open-terminal": ACTION_ON_PATH,
	"POST /api/providers/oauth/{id}/start": ACTION_ON_PATH,
	"POST /api/ops/doctor": CLI_ACTION,
	"POST /api/ops/security-audit": CLI_ACTION,
	"POST /api/ops/prompt-size": CLI_ACTION,
	"POST /api/ops/dump": CLI_ACTION,
	"POST /api/ops/config-migrate": CLI_ACTION,
	"POST /api/ops/checkpoints/prune": CLI_ACTION,
	"POST /api/curator/run": CLI_ACTION,
	"POST /api/hermes/update": CLI_ACTION,
};

async function document(): Promise<Document> {
	const response = await request("/api/openapi.json");
	expect(response.status).toBe(200);
	return (await response.json()) as Document;
}

function writeOperations(doc: Document): [string, Record<string, unknown>][] {
	return Object.entries(doc.paths).flatMap(([path, operations]) =>
		Object.entries(operations)
			.filter(([method]) => ["post", "put", "patch"].includes(method))
			.map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Record<string, unknown>]),
	);
}

describe("OpenAPI request schemas", () => {
	it("every POST/PUT/PATCH route has a requestBody schema unless it takes no body", async () => {
		const doc = await document();
		const missing = writeOperations(doc)
			.filter(([key, op]) => op.requestBody === undefined && !Object.hasOwn(NO_BODY, key))
			.map(([key]) => key);
		expect(missing).toEqual([]);
	});

	it("every listed body-less route exists and really has no requestBody", async () => {
		const operations = new Map(writeOperations(await document()));
		for (const key of Object.keys(NO_BODY)) {
			expect(operations.has(key), key).toBe(true);
			expect(operations.get(key)?.requestBody, key).toBeUndefined();
		}
	});

	it("an optional body (body-less actions, drain) is not marked required", async () => {
		const doc = await document();
		expect(doc.paths["/api/webhooks/enable"]?.post.requestBody.required).toBe(false);
		expect(doc.paths["/api/gateway/drain"]?.post.requestBody.required).toBe(false);
		expect(doc.paths["/api/webhooks/{name}/enabled"]?.put.requestBody.required).toBe(true);
	});

	it("schemas are the routes' own: a body field and a query parameter read back", async () => {
		const doc = await document();
		const webhook = doc.paths["/api/webhooks"]?.post;
		expect(webhook.requestBody.content["application/json"].schema).toMatchObject({
			type: "object",
			properties: { name: { type: "string" } },
			required: ["name"],
		});
		const platforms = doc.paths["/api/messaging/platforms"]?.get;
		expect(platforms.parameters).toContainEqual(expect.objectContaining({ name: "profile", in: "query" }));
	});

	it("routes that take ?profile= list it, including those resolving it through a helper", async () => {
		const doc = await document();
		for (const [path, method] of [
			["/api/mcp/servers", "get"],
			["/api/mcp/catalog/install", "post"],
			["/api/gateway/restart", "post"],
			["/api/memory/reset", "post"],
			["/api/skills/toggle", "put"],
			["/api/model/set", "post"],
		] as const) {
			expect(doc.paths[path]?.[method]?.parameters, `${method} ${path}`).toContainEqual(
				expect.objectContaining({ name: "profile", in: "query" }),
			);
		}
	});

	it("every registration names a route the router serves (no typo goes unnoticed)", async () => {
		const served = new Set((await allRoutes(context)).map((route) => `${route.method} ${route.pattern}`));
		await document(); // every area's routes module is loaded, so every registration has run
		const orphans = describedRoutes()
			.map((doc) => `${doc.method} ${doc.path}`)
			.filter((key) => !served.has(key));
		expect(orphans).toEqual([]);
	});

	it("the document still validates as OpenAPI 3.1", async () => {
		const validator = new Validator();
		const result = await validator.validate((await document()) as never);
		expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
		expect(result.valid).toBe(true);
	});
});
