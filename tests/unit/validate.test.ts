import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { Hono } from "hono";
import { jsonBody, queryBoolean, queryInteger, queryParams } from "../../src/http/validate.ts";
import { ApiError, errorResponse } from "../../src/http/errors.ts";

function app() {
	const hono = new Hono();
	hono.onError((error, c) => (error instanceof ApiError ? errorResponse(c, error) : c.json({ detail: "boom" }, 500)));
	hono.post("/body", async (c) =>
		c.json(await jsonBody(c, v.object({ name: v.string(), count: v.optional(v.number(), 1) }))),
	);
	hono.post("/nested", async (c) =>
		c.json(await jsonBody(c, v.optional(v.object({ inner: v.optional(v.object({ x: v.optional(v.number()) })) })))),
	);
	hono.get("/query", (c) =>
		c.json(queryParams(c, v.object({ full: v.optional(queryBoolean), limit: v.optional(queryInteger(1, 500)) }))),
	);
	return hono;
}

describe("request validation → FastAPI-style 422", () => {
	it("missing field", async () => {
		const response = await app().request("/body", { method: "POST", body: "{}" });
		expect(response.status).toBe(422);
		const body = await response.json();
		expect(body.detail[0]).toMatchObject({ type: "missing", loc: ["body", "name"], msg: "Field required" });
	});

	it("malformed JSON is a 422, not a 500", async () => {
		const response = await app().request("/body", { method: "POST", body: "{nope" });
		expect(response.status).toBe(422);
	});

	it("valid body passes with defaults; unknown fields ignored", async () => {
		const response = await app().request("/body", { method: "POST", body: '{"name":"a","extra":1}' });
		expect(await response.json()).toEqual({ name: "a", count: 1 });
	});

	it.each([
		["YES", true],
		["off", false],
		["1", true],
	])("boolean query %s", async (raw, expected) => {
		const response = await app().request(`/query?full=${raw}`);
		expect((await response.json()).full).toBe(expected);
	});

	it.each(["maybe", ""])("bad boolean %j → 422", async (raw) => {
		expect((await app().request(`/query?full=${raw}`)).status).toBe(422);
	});

	it.each(["0", "501", "1.5", "x"])("bad integer %s → 422 with loc", async (raw) => {
		const response = await app().request(`/query?limit=${raw}`);
		expect(response.status).toBe(422);
		expect((await response.json()).detail[0].loc).toEqual(["query", "limit"]);
	});
});

describe("hostile JSON bodies", () => {
	it("nesting deeper than 100 levels → 422 json_too_deep, whatever the field", async () => {
		const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
		const response = await app().request("/body", { method: "POST", body: `{"name":${deep}}` });
		expect(response.status).toBe(422);
		expect((await response.json()).detail[0]).toMatchObject({ type: "json_too_deep", loc: ["body"] });
		// 100 levels are still fine.
		const allowed = await app().request("/body", {
			method: "POST",
			body: `{"name":"a","extra":${"[".repeat(99)}${"]".repeat(99)}}`,
		});
		expect(allowed.status).toBe(200);
	});

	it("the echoed input is capped: long strings cut, large containers dropped", async () => {
		const response = await app().request("/body", {
			method: "POST",
			body: JSON.stringify({ name: "x".repeat(100_000), count: Array.from({ length: 10_000 }, (_, i) => i) }),
		});
		expect(response.status).toBe(422);
		const text = await response.text();
		expect(text.length).toBeLessThan(2000);
		const issues = JSON.parse(text).detail as { loc: unknown[]; input?: unknown }[];
		const count = issues.find((issue) => issue.loc[1] === "count");
		expect(count).toBeDefined();
		expect(count).not.toHaveProperty("input");
	});

	it("an array where the body must be an object → 422 model_attributes_type", async () => {
		for (const path of ["/body", "/nested"]) {
			const response = await app().request(path, { method: "POST", body: "[]" });
			expect(response.status).toBe(422);
			expect((await response.json()).detail[0]).toMatchObject({
				type: "model_attributes_type",
				loc: ["body"],
				msg: "Input should be a valid dictionary or object to extract fields from",
			});
		}
	});

	it("an array where a nested field must be an object → 422 at that field", async () => {
		const response = await app().request("/nested", { method: "POST", body: '{"inner":[1]}' });
		expect(response.status).toBe(422);
		expect((await response.json()).detail[0]).toMatchObject({
			type: "model_attributes_type",
			loc: ["body", "inner"],
		});
	});
});
