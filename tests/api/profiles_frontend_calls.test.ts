/**
 * Hermes's React frontend against this server (api-contract-clients §1, §9): the calls
 * its shell makes on every load and the calls of its Profiles and Models pages, replayed
 * in order on a copy of the fixture home; each must answer 2xx (or its documented 4xx)
 * with the fields the page renders.
 */
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";

type Loose = any;

interface Call {
	method?: string;
	path: string;
	body?: unknown;
	status?: number;
	/** Dotted paths the page reads; `[]` means "of the first element". */
	fields: string[];
}

function pick(value: Loose, dotted: string): Loose {
	let node = value;
	for (const key of dotted.split(".")) {
		if (key === "[]") {
			expect(Array.isArray(node), dotted).toBe(true);
			expect(node.length, `${dotted} is empty`).toBeGreaterThan(0);
			node = node[0];
		} else {
			expect(node !== null && typeof node === "object" && key in node, `missing ${dotted}`).toBe(true);
			node = node[key];
		}
	}
	return node;
}

async function replay(calls: Call[]): Promise<void> {
	const request = testClient(makeContext());
	for (const call of calls) {
		const response = await request(call.path, {
			method: call.method ?? "GET",
			body: call.body === undefined ? undefined : JSON.stringify(call.body),
			headers: { "content-type": "application/json" },
		});
		const body = await response.json();
		expect(response.status, `${call.method ?? "GET"} ${call.path}: ${JSON.stringify(body).slice(0, 200)}`).toBe(
			call.status ?? 200,
		);
		for (const field of call.fields) {
			pick(body, field);
		}
	}
}

const ROW = "profiles.[]";

describe("Hermes frontend call lists", () => {
	it("the shell's every-load calls (§1)", async () => {
		await replay([
			{ path: "/api/status", fields: ["version", "gateway_running", "active_sessions"] },
			{ path: "/api/config", fields: ["dashboard.show_token_analytics"] },
			{ path: "/api/profiles", fields: [`${ROW}.name`, `${ROW}.model`, `${ROW}.provider`, `${ROW}.description`] },
			{ path: "/api/profiles/active", fields: ["active", "current"] },
			{ path: "/api/dashboard/themes", fields: ["themes", "active"] },
			{ path: "/api/dashboard/font", fields: ["font"] },
			{ path: "/api/auth/me", status: 401, fields: ["detail"] },
			{ path: "/api/model/info", fields: ["model", "capabilities"] },
			{ path: "/api/sessions?limit=30&offset=0&order=recent", fields: ["sessions.[].id", "total"] },
		]);
	});

	it("the Profiles page (§9 /profiles)", async () => {
		const fields = [
			"path",
			"model",
			"provider",
			"skill_count",
			"has_env",
			"gateway_running",
			"description",
			"description_auto",
			"distribution_name",
			"distribution_version",
			"has_alias",
		].map((field) => `${ROW}.${field}`);
		await replay([
			{ path: "/api/profiles", fields },
			{ path: "/api/profiles/active", fields: ["active", "current"] },
			{ path: "/api/model/options?include_unconfigured=1", fields: ["providers.[].slug", "providers.[].models"] },
			{
				method: "POST",
				path: "/api/profiles",
				body: {
					name: "helper",
					clone_from: null,
					clone_all: false,
					no_skills: false,
					provider: "anthropic",
					model: "claude-haiku-4-5",
				},
				fields: ["model_set"],
			},
			{ path: "/api/profiles/helper/soul", fields: ["content"] },
			{ method: "PUT", path: "/api/profiles/helper/soul", body: { content: "Help." }, fields: ["ok"] },
			{
				method: "PUT",
				path: "/api/profiles/helper/description",
				body: { description: "Helps" },
				fields: ["description", "description_auto"],
			},
			{
				method: "POST",
				path: "/api/profiles/helper/describe-auto",
				body: { overwrite: true },
				fields: ["ok", "reason", "description", "description_auto"],
			},
			{
				method: "PUT",
				path: "/api/profiles/helper/model",
				body: { provider: "anthropic", model: "claude-opus-4-7" },
				fields: ["ok"],
			},
			{ path: "/api/profiles/helper/setup-command", fields: ["command"] },
			{ method: "POST", path: "/api/profiles/active", body: { name: "helper" }, fields: ["active"] },
			{
				method: "PATCH",
				path: "/api/profiles/helper",
				body: { new_name: "aide" },
				fields: ["ok", "name", "path"],
			},
			{ method: "POST", path: "/api/profiles/active", body: { name: "default" }, fields: ["active"] },
			{ method: "DELETE", path: "/api/profiles/aide", fields: ["ok", "path"] },
		]);
	});

	it("the Models page (§9 /models)", async () => {
		const usage = [
			"model",
			"provider",
			"input_tokens",
			"output_tokens",
			"cache_read_tokens",
			"reasoning_tokens",
			"estimated_cost",
			"actual_cost",
			"sessions",
			"api_calls",
			"tool_calls",
			"last_used_at",
			"avg_tokens_per_session",
			"capabilities",
		].map((field) => `models.[].${field}`);
		await replay([
			{ path: "/api/config", fields: ["dashboard"] },
			{
				path: "/api/analytics/models?days=90",
				fields: [
					...usage,
					"totals.distinct_models",
					"totals.total_input",
					"totals.total_output",
					"totals.total_estimated_cost",
					"totals.total_sessions",
				],
			},
			{
				path: "/api/model/auxiliary",
				fields: ["tasks.[].task", "tasks.[].provider", "tasks.[].model", "main.provider", "main.model"],
			},
			{ path: "/api/model/moa", fields: ["presets.default.reference_models", "default_preset", "aggregator"] },
			{
				path: "/api/model/options?include_unconfigured=1&refresh=1",
				fields: [
					"model",
					"provider",
					"providers.[].name",
					"providers.[].slug",
					"providers.[].models",
					"providers.[].total_models",
					"providers.[].is_current",
					"providers.[].warning",
				],
			},
			{
				method: "POST",
				path: "/api/model/set",
				body: { scope: "main", provider: "anthropic", model: "claude-haiku-4-5" },
				fields: ["ok", "stale_aux"],
			},
			{
				method: "POST",
				path: "/api/model/set",
				body: { scope: "auxiliary", task: "", provider: "anthropic", model: "claude-haiku-4-5" },
				fields: ["tasks"],
			},
			{
				method: "POST",
				path: "/api/model/set",
				body: { scope: "auxiliary", task: "__reset__", provider: "", model: "" },
				fields: ["reset"],
			},
			{
				method: "PUT",
				path: "/api/model/moa",
				body: {
					default_preset: "default",
					presets: {
						default: {
							reference_models: [{ provider: "anthropic", model: "claude-haiku-4-5" }],
							aggregator: { provider: "anthropic", model: "claude-opus-4-7" },
						},
					},
				},
				fields: ["ok", "presets"],
			},
		]);
	});
});
