/**
 * Models API (api-contract-clients §1.5, §3.1–§3.7) on copies of the fixture home:
 * shapes, Hermes's 4xx texts, config writes read back by python's yaml, usage sums
 * checked against SQL run by python's sqlite3, and the credential check against a
 * stand-in server on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { validateCredential } from "../../src/hermes/models/validate_key.ts";

type Loose = any;

function setup() {
	const context = makeContext();
	const request = testClient(context);
	const json = async (path: string, init: Omit<RequestInit, "body"> & { body?: unknown; token?: boolean } = {}) => {
		const response = await request(path, {
			...init,
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			headers: { "content-type": "application/json" },
		});
		return { status: response.status, body: (await response.json()) as Loose };
	};
	const config = (): Loose =>
		JSON.parse(
			execFileSync(
				"python3",
				[
					"-c",
					"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
					join(context.home, "config.yaml"),
				],
				{ encoding: "utf8" },
			),
		);
	return { context, request, json, config };
}

describe("GET /api/model/info", () => {
	it("is public and reads the main model", async () => {
		const { json } = setup();
		expect(await json("/api/model/info", { token: false })).toEqual({
			status: 200,
			body: {
				model: "claude-sonnet-4-6",
				provider: "anthropic",
				auto_context_length: 0,
				config_context_length: 0,
				effective_context_length: 0,
				capabilities: {},
			},
		});
		expect((await json("/api/model/info?profile=ghost", { token: false })).status).toBe(404);
	});
});

describe("GET /api/model/options and recommended-default", () => {
	it("lists MoA first, signed-in providers with models, and skeleton rows when asked", async () => {
		const { json } = setup();
		const { body } = await json("/api/model/options?include_unconfigured=1");
		expect(body.model).toBe("claude-sonnet-4-6");
		expect(body.provider).toBe("anthropic");
		expect(body.providers[0]).toMatchObject({ slug: "moa", source: "virtual", models: ["default"] });
		const anthropic = body.providers.find((row: Loose) => row.slug === "anthropic");
		expect(anthropic).toMatchObject({ is_current: true, authenticated: true, source: "hermes" });
		expect(anthropic.models).toContain("claude-sonnet-4-6");
		expect(Object.keys(anthropic).slice(0, 9)).toEqual([
			"slug",
			"name",
			"is_current",
			"is_user_defined",
			"models",
			"total_models",
			"source",
			"authenticated",
			"capabilities",
		]);
		expect(body.providers.find((row: Loose) => row.slug === "openrouter")).toMatchObject({
			authenticated: false,
			source: "canonical",
			warning: "paste OPENROUTER_API_KEY to activate",
			models: [],
		});
		const plain = (await json("/api/model/options")).body.providers;
		expect(plain.some((row: Loose) => row.slug === "openrouter")).toBe(false);
		expect((await json("/api/model/recommended-default?provider=Anthropic")).body).toEqual({
			provider: "anthropic",
			model: anthropic.models[0],
			free_tier: null,
		});
		expect((await json("/api/model/recommended-default?provider=nope")).body.model).toBe("");
	});
});

describe("auxiliary slots and POST /api/model/set", () => {
	it("lists the eleven slots, assigns one or all, resets, and refuses bad input", async () => {
		const { json, config } = setup();
		const aux = (await json("/api/model/auxiliary")).body;
		expect(aux.tasks.map((slot: Loose) => slot.task)).toEqual([
			"vision",
			"web_extract",
			"compression",
			"skills_hub",
			"approval",
			"mcp",
			"title_generation",
			"triage_specifier",
			"kanban_decomposer",
			"profile_describer",
			"curator",
		]);
		expect(aux.main).toEqual({ provider: "anthropic", model: "claude-sonnet-4-6" });
		const set = (body: unknown) => json("/api/model/set", { method: "POST", body });
		expect((await set({ scope: "Auxiliary", task: "Vision", provider: "openrouter", model: "x/y" })).body).toEqual({
			ok: true,
			scope: "auxiliary",
			tasks: ["vision"],
			provider: "openrouter",
			model: "x/y",
		});
		expect(config().auxiliary.vision).toMatchObject({ provider: "openrouter", model: "x/y" });
		expect(config().auxiliary.transient_retries).toBe(2);
		expect(
			(await set({ scope: "auxiliary", provider: "deepseek", model: "deepseek-chat" })).body.tasks,
		).toHaveLength(11);
		expect((await set({ scope: "auxiliary", task: "__reset__", provider: "", model: "" })).body).toEqual({
			ok: true,
			scope: "auxiliary",
			reset: true,
		});
		expect(config().auxiliary.curator).toMatchObject({ provider: "auto", model: "" });
		expect((await set({ scope: "other", provider: "a", model: "b" })).body.detail).toBe(
			"scope must be 'main' or 'auxiliary'",
		);
		expect((await set({ scope: "auxiliary", task: "nope", provider: "a", model: "b" })).body.detail).toBe(
			"unknown auxiliary task: nope",
		);
		expect((await set({ scope: "auxiliary", provider: "", model: "b" })).body.detail).toBe(
			"provider required for auxiliary",
		);
		expect((await set({ scope: "main", provider: "", model: "b" })).body.detail).toBe(
			"provider and model required for main",
		);
		expect((await set({ scope: "main" })).status).toBe(422);
	});

	it("a main switch stores provider and model, clears the old endpoint, and reports stale slots", async () => {
		const { json, config } = setup();
		await json("/api/model/set", {
			method: "POST",
			body: {
				scope: "main",
				provider: "anthropic",
				model: "claude-sonnet-4-6",
				base_url: "http://127.0.0.1:9/v1",
				api_key: "sk-test",
			},
		});
		expect(config().model).toEqual({
			default: "claude-sonnet-4-6",
			provider: "anthropic",
			base_url: "http://127.0.0.1:9/v1",
			api_key: "sk-test",
		});
		await json("/api/model/set", {
			method: "POST",
			body: { scope: "auxiliary", task: "vision", provider: "anthropic", model: "claude-haiku-4-5" },
		});
		const { body } = await json("/api/model/set", {
			method: "POST",
			body: { scope: "main", provider: "deepseek", model: "deepseek-chat" },
		});
		expect(body).toEqual({
			ok: true,
			scope: "main",
			provider: "deepseek",
			model: "deepseek-chat",
			base_url: "",
			gateway_tools: [],
			stale_aux: [{ task: "vision", provider: "anthropic", model: "claude-haiku-4-5" }],
		});
		expect(config().model).toEqual({ default: "deepseek-chat", provider: "deepseek", base_url: "" });
		expect((await json("/api/model/info")).body.model).toBe("deepseek-chat");
		// An unknown provider with a vendor-prefixed model is routed through OpenRouter.
		await json("/api/model/set", {
			method: "POST",
			body: { scope: "main", provider: "moonshotai", model: "moonshotai/kimi-k2" },
		});
		expect(config().model).toMatchObject({ provider: "openrouter", default: "moonshotai/kimi-k2" });
	});

	it("an expensive model needs confirmation before anything is written", async () => {
		const { json, config } = setup();
		const first = await json("/api/model/set", {
			method: "POST",
			body: { scope: "main", provider: "openai-api", model: "o1-pro" },
		});
		expect(first.body).toMatchObject({ ok: false, confirm_required: true, scope: "main", model: "o1-pro" });
		expect(first.body.confirm_message).toMatch(/^!!! EXPENSIVE MODEL WARNING !!!\n/);
		expect(config().model.default).toBe("claude-sonnet-4-6");
		const second = await json("/api/model/set", {
			method: "POST",
			body: { scope: "main", provider: "openai-api", model: "o1-pro", confirm_expensive_model: true },
		});
		expect(second.body.ok).toBe(true);
		expect(config().model.default).toBe("o1-pro");
	});
});

describe("GET/PUT /api/model/moa", () => {
	it("normalises on read, saves presets and keeps unrelated moa keys", async () => {
		const { json, config } = setup();
		const got = (await json("/api/model/moa")).body;
		expect(got).toMatchObject({
			default_preset: "default",
			active_preset: "",
			max_tokens: 4096,
			fanout: "per_iteration",
			enabled: true,
			aggregator: { provider: "openrouter", model: "anthropic/claude-opus-4.8" },
		});
		expect(got.presets.default.reference_models).toHaveLength(2);
		const put = await json("/api/model/moa", {
			method: "PUT",
			body: {
				...got,
				presets: {
					default: {
						...got.presets.default,
						reference_models: [
							{ provider: "anthropic", model: "claude-haiku-4-5" },
							{ provider: "moa", model: "x" },
						],
						max_tokens: 2048,
					},
				},
			},
		});
		expect(put.status).toBe(200);
		expect(put.body).toMatchObject({
			ok: true,
			max_tokens: 2048,
			reference_models: [{ provider: "anthropic", model: "claude-haiku-4-5" }],
		});
		const stored = config().moa;
		expect(stored.save_traces).toBe(false);
		expect(stored.presets.default).toMatchObject({
			max_tokens: 2048,
			reference_models: [{ provider: "anthropic", model: "claude-haiku-4-5" }],
		});
		expect((await json("/api/model/moa")).body.max_tokens).toBe(2048);
	});
});

describe("GET /api/analytics/models", () => {
	it("sums the window per model and provider as SQL does, with the empty group folded in", async () => {
		const { json, context } = setup();
		const { status, body } = await json("/api/analytics/models?days=90");
		expect(status).toBe(200);
		const since = FIXTURE_NOW_MS / 1000 - 90 * 86400;
		const sql = JSON.parse(
			execFileSync(
				"python3",
				[
					"-c",
					"import json,sqlite3,sys; c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True); print(json.dumps(c.execute('select count(*), sum(input_tokens), count(distinct model) from sessions where started_at > ? and model is not null and model != \"\"', (float(sys.argv[2]),)).fetchone()))",
					join(context.home, "state.db"),
					String(since),
				],
				{ encoding: "utf8" },
			),
		);
		expect(body.totals).toMatchObject({ total_sessions: sql[0], total_input: sql[1], distinct_models: sql[2] });
		expect(body.period_days).toBe(90);
		const sonnet = body.models.filter((row: Loose) => row.model === "claude-sonnet-4-6");
		expect(sonnet).toHaveLength(1);
		expect(sonnet[0]).toMatchObject({ provider: "anthropic", sessions: 15 });
		const sums = body.models.map((row: Loose) => row.input_tokens + row.output_tokens);
		expect([...sums].sort((a, b) => b - a)).toEqual(sums);
		expect((await json("/api/analytics/models?days=abc")).status).toBe(422);
		expect((await json("/api/analytics/models?days=0")).body.models).toEqual([]);
	});
});

describe("POST /api/providers/validate", () => {
	let server: Server;
	let base = "";
	beforeAll(async () => {
		server = createServer((req, res) => {
			if (req.url === "/v1/models") {
				res.writeHead(200, { "content-type": "application/json" });
				res.end(JSON.stringify({ data: [{ id: "m1" }, "m2"] }));
			} else if (req.url === "/key") {
				res.writeHead(req.headers.authorization === "Bearer good" ? 200 : 401);
				res.end();
			} else {
				res.writeHead(500);
				res.end();
			}
		});
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it("checks a base URL's model list and answers the blank and unknown-key cases", async () => {
		const { json } = setup();
		const post = (body: unknown) => json("/api/providers/validate", { method: "POST", body });
		expect((await post({ key: "OPENAI_BASE_URL", value: `${base}/v1/` })).body).toEqual({
			ok: true,
			reachable: true,
			message: "",
			models: ["m1", "m2"],
		});
		expect((await post({ key: "OPENAI_API_KEY", value: " " })).body).toEqual({
			ok: false,
			reachable: true,
			message: "Enter a value first.",
		});
		expect((await post({ key: "SOMETHING", value: "v" })).body).toEqual({
			ok: true,
			reachable: false,
			message: "",
		});
		expect((await post({ key: "OPENAI_BASE_URL", value: "http://127.0.0.1:1" })).body).toEqual({
			ok: false,
			reachable: false,
			message: "Could not reach http://127.0.0.1:1/models.",
		});
		expect((await post({ key: "X" })).status).toBe(422);
	});

	it("maps a probed key's HTTP status to Hermes's verdicts", async () => {
		const probes = {
			TEST_KEY: { url: () => `${base}/key`, bearer: true },
			BROKEN_KEY: { url: () => `${base}/broken`, bearer: true },
		};
		expect(await validateCredential("TEST_KEY", "good", undefined, probes)).toEqual({
			ok: true,
			reachable: true,
			message: "",
		});
		expect((await validateCredential("TEST_KEY", "bad", undefined, probes)).message).toBe(
			"That API key was rejected. Double-check it and try again.",
		);
		expect((await validateCredential("BROKEN_KEY", "v", undefined, probes)).message).toBe(
			"Provider returned HTTP 500 for this key.",
		);
	});
});
