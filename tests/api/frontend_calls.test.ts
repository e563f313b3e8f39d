/**
 * Hermes's React frontend against this server (api-contract-clients §9): each page's load-time
 * GET calls (shell/Profiles/Models live in profiles_frontend_calls.test.ts, Files and Plugins in
 * the files and plugins tests), replayed on a copy of the fixture home with the token; each must answer
 * 2xx (or the documented 4xx) with the fields the page renders, of the type it renders them as.
 */
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { type Call, type Loose, replay, words } from "../helpers/frontend_replay.ts";

/** A (mgmt) call of §9: the SPA appends the management profile (here the root one, AC 0.2). */
function mgmt(path: string): string {
	return `${path}${path.includes("?") ? "&" : "?"}profile=default`;
}

function each(prefix: string, fields: string | string[]): string[] {
	return words(fields).map((field) => `${prefix}.${field}`);
}

const SESSION_ROW = each(
	"sessions.[]",
	"id:string source:string model:string? title:string? preview:string? last_active:number is_active:boolean message_count:number tool_call_count:number",
);
const STATUS_POLL =
	"gateway_state:string? gateway_exit_reason:string? gateway_platforms:object gateway_running:boolean";

describe("Hermes frontend call lists, page by page (§9)", () => {
	it("/sessions: list, 5 s poll, stats, expand, search", async () => {
		const request = testClient(makeContext());
		const [list, poll] = await replay(request, [
			{ path: mgmt("/api/sessions?limit=20&offset=0&order=created"), fields: [...SESSION_ROW, "total:number"] },
			{ path: "/api/status", fields: STATUS_POLL },
			{ path: "/api/sessions?limit=50&offset=0&order=created", fields: "sessions.[].id:string" },
			{
				path: "/api/sessions/stats",
				fields: "total:number active_store:number archived:number messages:number by_source:object",
			},
			{ path: "/api/sessions/empty/count", fields: "count:number" },
		]);
		// PlatformsCard reads `state` and `error_message` of every gateway platform.
		for (const platform of Object.values(poll.gateway_platforms) as Loose[]) {
			expect("state" in platform && "error_message" in platform, JSON.stringify(platform)).toBe(true);
		}
		// Expand a session with tool calls, so the tool-call rendering is exercised too.
		const withMessages = list.sessions.find((row: Loose) => row.tool_call_count > 0);
		expect(withMessages, "the fixture has a session with tool calls").toBeTruthy();
		const [expanded] = await replay(request, [
			{
				path: `/api/sessions/${encodeURIComponent(withMessages.id)}/messages`,
				fields: "messages.[].role:string messages.[].content messages.[].timestamp",
			},
			{
				path: "/api/sessions/search?q=the",
				fields: each("results.[]", "session_id:string snippet:string role:string source:string model"),
			},
		]);
		// The expanded view draws tool calls by function name and arguments.
		const toolMessage = expanded.messages.find((message: Loose) => message.tool_calls?.length > 0);
		expect(typeof toolMessage?.tool_calls[0].function.name).toBe("string");
		expect("arguments" in toolMessage.tool_calls[0].function).toBe(true);
	});

	it("/analytics: the flag, then usage for each day range", async () => {
		const request = testClient(makeContext());
		const calls: Call[] = [{ path: mgmt("/api/config"), fields: "dashboard.show_token_analytics:boolean" }];
		for (const days of [7, 30, 90]) {
			calls.push({
				path: mgmt(`/api/analytics/usage?days=${days}`),
				fields: "daily:array by_model:array totals.total_input:number totals.total_output:number totals.total_sessions:number totals.total_api_calls:number skills.top_skills:array",
			});
		}
		const bodies = await replay(request, calls);
		// Rows, where the fixture has any in the widest range, carry the rendered columns.
		await replay(request, [
			{
				path: mgmt("/api/analytics/usage?days=90"),
				fields: [
					...each("daily.[]", "day:string input_tokens:number output_tokens:number sessions:number"),
					...each("by_model.[]", "model:string input_tokens:number output_tokens:number sessions:number"),
					...(bodies[3].skills.top_skills.length > 0
						? each(
								"skills.top_skills.[]",
								"skill:string view_count:number manage_count:number total_count:number last_used_at:number",
							)
						: []),
				],
			},
		]);
	});

	it("/logs: each file, level and component the page offers", async () => {
		const request = testClient(makeContext());
		// Every choice of each of the page's four selectors (one varied at a time).
		const queries = [
			...words("agent errors gateway").map((file) => `file=${file}&lines=100&level=ALL&component=all`),
			...words("DEBUG INFO WARNING ERROR").map((level) => `file=agent&lines=50&level=${level}&component=all`),
			...words("gateway agent tools cli cron").map((part) => `file=agent&lines=500&level=ALL&component=${part}`),
			"file=agent&lines=200&level=ALL&component=all",
		];
		const calls = queries.map((query) => ({ path: `/api/logs?${query}`, fields: "lines:array" }));
		const [agent] = await replay(request, calls);
		expect(agent.lines.length, "the fixture's agent.log has lines").toBeGreaterThan(0);
	});

	it("/cron: jobs, profile filter, delivery targets, editor lists, blueprints", async () => {
		const request = testClient(makeContext());
		const jobFields =
			"id:string profile profile_name name prompt script skills schedule schedule_display repeat.times repeat.completed enabled:boolean state deliver model provider base_url no_agent context_from enabled_toolsets workdir last_run_at next_run_at last_error last_delivery_error";
		// The list is a bare array of jobs (Hermes's shape), for all profiles or one.
		await replay(request, [
			{ path: "/api/cron/jobs?profile=all", fields: each("[]", jobFields) },
			{ path: "/api/cron/jobs?profile=default", fields: each("[]", jobFields) },
			{ path: "/api/profiles", fields: each("profiles.[]", "name model provider description") },
			{
				path: "/api/cron/delivery-targets",
				fields: each("targets.[]", "id:string name:string home_target_set:boolean"),
			},
			{ path: "/api/skills?profile=default", fields: "[].name:string [].enabled:boolean" },
			{ path: "/api/tools/toolsets?profile=default", fields: "[].name:string [].enabled:boolean" },
			{ path: "/api/model/options?profile=default&include_unconfigured=1", fields: "providers:array" },
			{
				path: "/api/cron/blueprints",
				fields: [
					...each("blueprints.[]", "key:string title:string description:string tags:array"),
					...each("blueprints.[].fields.[]", "name:string type:string label:string default options help"),
				],
			},
		]);
	});

	it("/skills: skills, toolsets, hub sources, skill content", async () => {
		const request = testClient(makeContext());
		const [skills] = await replay(request, [
			{ path: "/api/skills", fields: each("[]", "name:string description:string category enabled:boolean") },
			{
				path: "/api/tools/toolsets",
				fields: each("[]", "name:string label:string description:string enabled:boolean"),
			},
			{ path: "/api/tools/toolsets", fields: "[].configured:boolean [].tools:array" },
			// Rows: `rate_limited` is only on the github source and `available` only where it can be off.
			{ path: "/api/skills/hub/sources", fields: "sources.[].id:string sources.[].label:string featured:array" },
			{ path: "/api/skills/hub/sources", fields: "installed:object index_available:boolean" },
			// The search box starts blank: Hermes answers the empty result shape without a registry call.
			{
				path: "/api/skills/hub/search?q=&source=all&limit=20",
				fields: "results:array source_counts timed_out installed",
			},
		]);
		await replay(request, [
			{
				path: `/api/skills/content?name=${encodeURIComponent(skills[0].name)}`,
				fields: "name:string content:string",
			},
		]);
		// A query's results and preview reach the skill registries over the network: not replayed offline.
		// A scan cannot run without installing (no CLI scan command): it answers as a failed scan does.
		const [scan] = await replay(request, [
			{ path: "/api/skills/hub/scan?identifier=acme%2Fskills%2Fpdf-tool", status: 502, fields: "detail:string" },
		]);
		expect(scan.detail).toMatch(/^Hub scan failed: /);
	});

	it("/config: config, schema, defaults, raw YAML, status fallback", async () => {
		await replay(testClient(makeContext()), [
			{ path: mgmt("/api/config"), fields: "model" },
			{ path: "/api/config/schema", fields: "fields:object" },
			{ path: "/api/config/defaults", fields: "model" },
			{ path: mgmt("/api/config/raw"), fields: "yaml:string path:string" },
			{ path: "/api/status", fields: "config_path:string" },
		]);
	});

	it("/env (Keys): keys and the provider accounts card", async () => {
		const request = testClient(makeContext());
		const [env] = await replay(request, [
			{ path: mgmt("/api/env"), fields: [] },
			{
				path: "/api/providers/oauth",
				fields: [
					...each("providers.[]", "id:string name:string flow:string cli_command docs_url"),
					...each("providers.[].status", "logged_in:boolean source_label token_preview expires_at"),
				],
			},
		]);
		// `status.error` appears only when a provider's status probe throws (§3.8): not required.
		const keys = Object.keys(env);
		expect(keys.length, "the env catalog lists keys").toBeGreaterThan(0);
		// Every key row carries what the page reads, `channel_managed` included (§9 /env, §10):
		// the page groups channel keys away by it.
		const rowFields = words("is_set redacted_value description url category tools advanced channel_managed");
		const missing = keys.flatMap((key) =>
			rowFields.filter((field) => !(field in env[key])).map((f) => `${key}.${f}`),
		);
		expect(missing).toEqual([]);
		expect(keys.filter((key) => typeof env[key].is_set !== "boolean")).toEqual([]);
	});

	it("/mcp: servers and catalog", async () => {
		const request = testClient(makeContext());
		const [, catalog] = await replay(request, [
			{
				path: mgmt("/api/mcp/servers"),
				fields: each("servers.[]", "name:string transport url command args env enabled:boolean tools"),
			},
			{ path: mgmt("/api/mcp/catalog"), fields: "entries:array diagnostics:array" },
		]);
		// The catalog ships with a Hermes Agent install, which the fixture home lacks: then the
		// list is empty and a diagnostic says why (the page shows it).
		const rowFields =
			"name:string description source transport auth_type required_env command args url install_url install_ref bootstrap post_install installed:boolean enabled:boolean";
		await replay(request, [
			{
				path: mgmt("/api/mcp/catalog"),
				fields:
					catalog.entries.length > 0
						? each("entries.[]", rowFields)
						: each("diagnostics.[]", "name:string kind:string message:string"),
			},
		]);
	});

	it("/pairing, /channels, /webhooks", async () => {
		await replay(testClient(makeContext()), [
			// Polled after a gateway restart; before any restart it answers the idle state.
			{ path: "/api/actions/gateway-restart/status?lines=5", fields: "running:boolean exit_code lines:array" },
			{
				path: "/api/pairing",
				fields: [
					...each("pending.[]", "platform:string user_id user_name code:string age_minutes:number"),
					...each("approved.[]", "platform:string user_id user_name"),
				],
			},
			{
				path: mgmt("/api/messaging/platforms"),
				fields: [
					"env_path:string gateway_start_command:string",
					...each(
						"platforms.[]",
						"id:string name:string description docs_url enabled:boolean configured:boolean gateway_running:boolean state error_message",
					),
					...each(
						"platforms.[].env_vars.[]",
						"key:string required:boolean is_set:boolean redacted_value description prompt help is_password:boolean",
					),
				],
			},
			{
				path: "/api/webhooks",
				fields: [
					"enabled:boolean",
					...each(
						"subscriptions.[]",
						"name:string description events deliver deliver_only prompt url enabled:boolean",
					),
				],
			},
		]);
	});

	it("/system: the nine calls on mount", async () => {
		const request = testClient(makeContext());
		const bodies = await replay(request, [
			{
				path: mgmt("/api/status"),
				fields: "gateway_running:boolean gateway_state gateway_pid can_update_hermes:boolean",
			},
			{
				path: "/api/system/stats",
				fields: "os os_release arch hostname python_version python_impl hermes_version cpu_count psutil cpu_percent load_avg uptime_seconds memory disk",
			},
			{ path: "/api/memory", fields: "active providers.[].name providers.[].status builtin_files" },
			{
				path: "/api/credentials/pool",
				fields: each(
					"providers.[]",
					"provider:string entries.[].index entries.[].label entries.[].auth_type entries.[].last_status entries.[].token_preview",
				),
			},
			{ path: "/api/ops/checkpoints", fields: "sessions:array total_bytes:number" },
			{ path: "/api/ops/hooks", fields: "hooks:array valid_events:array" },
			{ path: "/api/curator", fields: "enabled:boolean paused:boolean interval_hours last_run_at" },
			{
				path: "/api/portal",
				fields: "logged_in:boolean provider subscription_url features.[].label:string features.[].state:string",
			},
			{
				path: "/api/hermes/update/check",
				fields: "behind update_available:boolean can_apply:boolean update_command message",
			},
		]);
		// The fixture home has no checkpoints and no shell hooks; their rows are checked if any appear.
		const [, , , , checkpoints, hooks] = bodies;
		if (checkpoints.sessions.length > 0)
			await replay(request, [{ path: "/api/ops/checkpoints", fields: "sessions.[].files" }]);
		if (hooks.hooks.length > 0)
			await replay(request, [
				{ path: "/api/ops/hooks", fields: each("hooks.[]", "event matcher command allowed executable") },
			]);
	});

	it("/chat and /profiles/new: resume header, descendant, session list, model and reasoning pickers", async () => {
		const request = testClient(makeContext());
		const [list, info] = await replay(request, [
			{
				path: "/api/sessions?limit=30&offset=0&order=recent",
				fields: each(
					"sessions.[]",
					"id:string source:string title last_active:number message_count:number preview",
				),
			},
			{ path: "/api/model/info", fields: "model:string capabilities:object" },
			{
				path: mgmt("/api/model/options?include_unconfigured=1"),
				fields: each("providers.[]", "name slug models source"),
			},
			{ path: "/api/config", fields: "agent" },
			{ path: "/api/skills", fields: each("[]", "name description category enabled") },
		]);
		// `capabilities` is `{}` when models.dev is unknown or offline (§1.5); else the picker flag is a boolean.
		const supportsReasoning = info.capabilities.supports_reasoning;
		expect(supportsReasoning === undefined || typeof supportsReasoning === "boolean").toBe(true);
		const id = encodeURIComponent(list.sessions[0].id);
		await replay(request, [
			{ path: `/api/sessions/${id}`, fields: "title" },
			{ path: `/api/sessions/${id}/latest-descendant`, fields: "session_id:string" },
		]);
	});
});
