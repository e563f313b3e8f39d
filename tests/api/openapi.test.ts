/**
 * `/api/openapi.json`: a valid OpenAPI 3.1 document (checked with a maintained validator)
 * listing exactly the router's `/api/` routes, with the registered valibot schemas; token
 * protected; and `/api-docs` rendering it.
 */
import { describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { makeContext, testClient } from "../helpers/app.ts";
import { allRoutes } from "../helpers/routes.ts";
import { $$, attrs, parseHTML } from "../helpers/dom.ts";
import { openAPIPath } from "../../src/http/openapi.ts";

const context = makeContext();
const request = testClient(context);

type Document = { openapi: string; paths: Record<string, Record<string, any>> };

async function fetchDocument(): Promise<Document> {
	const response = await request("/api/openapi.json");
	expect(response.status).toBe(200);
	return (await response.json()) as Document;
}

describe("GET /api/openapi.json", () => {
	it("validates as OpenAPI 3.1", async () => {
		const document = await fetchDocument();
		expect(document.openapi).toBe("3.1.0");
		const validator = new Validator();
		const result = await validator.validate(document as never);
		expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe("3.1");
	});

	it("lists every /api/ route the router serves, and nothing else", async () => {
		const document = await fetchDocument();
		const served = (await allRoutes(context))
			.filter((route) => route.method !== "ALL" && route.pattern.startsWith("/api/"))
			.map((route) => `${route.method} ${openAPIPath(route.pattern).path}`);
		const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
			Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
		);
		expect(new Set(listed)).toEqual(new Set(served));
		for (const expected of [
			"GET /api/files",
			"POST /api/files/upload-stream",
			"GET /api/openapi.json",
			"GET /api/sessions",
		]) {
			expect(listed).toContain(expected);
		}
	});

	it("carries the routes' own valibot schemas", async () => {
		const document = await fetchDocument();
		const mkdir = document.paths["/api/files/mkdir"]?.post;
		expect(mkdir.requestBody.content["application/json"].schema).toMatchObject({
			type: "object",
			properties: { path: { type: "string" } },
			required: ["path"],
		});
		const list = document.paths["/api/files"]?.get;
		expect(list.parameters).toContainEqual(expect.objectContaining({ name: "path", in: "query", required: false }));
		const upload = document.paths["/api/files/upload-stream"]?.post;
		expect(Object.keys(upload.requestBody.content)).toEqual(["multipart/form-data"]);
		const session = document.paths["/api/sessions/{id}"]?.get;
		expect(session.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
	});

	it("needs the session token", async () => {
		expect((await request("/api/openapi.json", { token: false })).status).toBe(401);
	});
});

describe("GET /api-docs", () => {
	it("renders every operation of the document", async () => {
		const document = await fetchDocument();
		const count = Object.values(document.paths).reduce(
			(sum, operations) => sum + Object.keys(operations).length,
			0,
		);
		const page = await request("/api-docs");
		expect(page.status).toBe(200);
		const doc = parseHTML(await page.text());
		expect($$(doc, '[data-testid="api-op"]')).toHaveLength(count);
		expect(attrs(doc, "[data-path]", "data-path")).toContain("/api/files/upload-stream");
		// Every script is served from this origin.
		expect(attrs(doc, "script[src]", "src").filter((src) => /^(https?:)?\/\//.test(src))).toEqual([]);
	});
});

describe("public routes", () => {
	it("are marked as needing no credential; the rest need the token", async () => {
		const document = await fetchDocument();
		expect(document.paths["/api/status"]?.get.security).toEqual([]);
		expect(document.paths["/api/files"]?.get.security).toBeUndefined();
		expect((document as unknown as { security: unknown }).security).toEqual([{ sessionToken: [] }]);
	});
});
