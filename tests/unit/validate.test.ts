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
