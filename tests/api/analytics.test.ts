import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";

function setup() {
	const context = makeContext();
	return { request: testClient(context), path: join(context.home, "state.db") };
}

describe("GET /api/analytics/usage", () => {
	it("sums the sessions table by UTC day and by model over the window", async () => {
		const { request, path } = setup();
		const body = await (await request("/api/analytics/usage?days=90")).json();
		// The fixture README's totals (all sessions are younger than 90 days).
		expect(body.totals).toMatchObject({
			total_input: 301221,
			total_output: 109331,
			total_cache_read: 640836,
			total_reasoning: 5481,
			total_sessions: 35,
			total_api_calls: 111,
		});
		expect(body.totals.total_estimated_cost).toBeCloseTo(2.41, 1);
		expect(body.period_days).toBe(90);
		const db = new DatabaseSync(path, { readOnly: true });
		const days = db
			.prepare(
				"SELECT date(started_at, 'unixepoch') AS day, COUNT(*) AS n, SUM(input_tokens) AS input FROM sessions GROUP BY day ORDER BY day",
			)
			.all() as any[];
		db.close();
		expect(body.daily.map((row: any) => [row.day, row.sessions, row.input_tokens])).toEqual(
			days.map((row) => [row.day, row.n, row.input]),
		);
		for (const row of body.daily) {
			expect(Object.keys(row)).toEqual(
				expect.arrayContaining([
					"day",
					"input_tokens",
					"output_tokens",
					"cache_read_tokens",
					"reasoning_tokens",
					"estimated_cost",
					"actual_cost",
					"sessions",
					"api_calls",
				]),
			);
		}
		const models = body.by_model.map((row: any) => row.input_tokens + row.output_tokens);
		expect([...models].sort((a: number, b: number) => b - a)).toEqual(models);
		expect(body.by_model.find((row: any) => row.model === "claude-sonnet-4-6").sessions).toBe(15);
		// Per-model rows carry no day-only fields (cache writes, reasoning).
		for (const row of body.by_model) {
			expect(Object.keys(row)).toEqual([
				"model",
				"input_tokens",
				"output_tokens",
				"cache_read_tokens",
				"estimated_cost",
				"actual_cost",
				"sessions",
				"api_calls",
			]);
		}
		expect(body.skills.summary.total_skill_loads).toBeGreaterThan(0);
		expect(body.skills.top_skills[0]).toHaveProperty("skill");
		const tools = Object.fromEntries(body.tools.map((row: any) => [row.tool_name, row.count]));
		expect(tools.terminal).toBeGreaterThan(0);
		expect(tools.skill_view).toBeGreaterThan(0);
	});

	it("narrows to the last N days, defaults to 30 and validates days", async () => {
		const { request } = setup();
		const week = await (await request("/api/analytics/usage?days=7")).json();
		const month = await (await request("/api/analytics/usage")).json();
		expect(month.period_days).toBe(30);
		expect(week.totals.total_sessions).toBeLessThan(month.totals.total_sessions);
		const cutoff = new Date(FIXTURE_NOW_MS - 8 * 86400_000).toISOString().slice(0, 10);
		expect(week.daily.every((row: any) => row.day >= cutoff)).toBe(true);
		expect((await request("/api/analytics/usage?days=abc")).status).toBe(422);
		expect((await request("/api/analytics/usage?days=0")).status).toBe(422);
	});

	it("ranks top skills and dates their last use as Hermes's insights do (checked in Python)", async () => {
		const { request, path } = setup();
		for (const days of [7, 90]) {
			const body = await (await request(`/api/analytics/usage?days=${days}`)).json();
			// Hermes's rule, independently: assistant tool_calls of sessions in the window, skill_view /
			// skill_manage with a string `arguments.name`; last use = the newest message timestamp.
			const expected = JSON.parse(
				execFileSync(
					"python3",
					[
						"-c",
						`import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
use = {}
for calls, ts in db.execute("SELECT m.tool_calls, m.timestamp FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.started_at > ? AND m.role = 'assistant' AND m.tool_calls IS NOT NULL", (float(sys.argv[2]),)):
    try:
        calls = json.loads(calls)
    except ValueError:
        continue
    for call in calls if isinstance(calls, list) else []:
        fn = call.get("function", {}) if isinstance(call, dict) else {}
        if fn.get("name") not in ("skill_view", "skill_manage"):
            continue
        try:
            args = json.loads(fn.get("arguments") or "")
        except ValueError:
            continue
        name = args.get("name") if isinstance(args, dict) else None
        if not isinstance(name, str) or not name.strip():
            continue
        e = use.setdefault(name, {"skill": name, "view_count": 0, "manage_count": 0, "last_used_at": None})
        e["view_count" if fn["name"] == "skill_view" else "manage_count"] += 1
        if ts is not None and (e["last_used_at"] is None or ts > e["last_used_at"]):
            e["last_used_at"] = ts
rows = sorted(use.values(), key=lambda e: (e["view_count"] + e["manage_count"], e["view_count"], e["manage_count"], e["last_used_at"] or 0, e["skill"]), reverse=True)
print(json.dumps(rows))`,
						path,
						String(FIXTURE_NOW_MS / 1000 - days * 86400),
					],
					{ encoding: "utf8" },
				),
			);
			expect(expected.length, `fixture has skill use in ${days} days`).toBeGreaterThan(0);
			expect(
				body.skills.top_skills.map((row: any) => ({
					skill: row.skill,
					view_count: row.view_count,
					manage_count: row.manage_count,
					last_used_at: row.last_used_at,
				})),
			).toEqual(expected.slice(0, 20));
			const actions = body.skills.summary.total_skill_actions;
			for (const row of body.skills.top_skills)
				expect(row.percentage).toBeCloseTo((row.total_count / actions) * 100, 9);
		}
	});

	it("renders the page with cards, chart bars and tables", async () => {
		const { request } = setup();
		const page = parseHTML(await (await request("/analytics?days=90")).text());
		const chart = $(page, '[data-testid="usage-chart"]');
		expect($$(chart, '[data-testid="bar"]')).toHaveLength(90);
		expect($$(page, '[data-testid="bar"]')).toHaveLength(90);
		expect(textOf($(page, '[data-testid="model-table"]'))).toContain("claude-sonnet-4-6");
		expect($(page, '[data-testid="period-90"]').getAttribute("aria-current")).toBe("page");
		expect($$(page, '[data-testid^="period-"][aria-current="page"]')).toHaveLength(1);
	});
});
