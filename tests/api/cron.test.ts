/**
 * Cron API (api-contract A.6) on a copy of the fixture home: shapes, Hermes's 4xx texts,
 * and a create → edit → pause → resume → trigger → delete round trip read back the way
 * Hermes reads jobs.json (python3 `json.load`, create_job's fields in create_job's order).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";

type Loose = any;

function setup() {
	const context = makeContext();
	const request = testClient(context);
	const json = async (path: string, init: RequestInit = {}) => {
		const response = await request(path, {
			...init,
			headers: { "content-type": "application/json", ...(init.headers ?? {}) },
		});
		return { status: response.status, body: (await response.json()) as Loose };
	};
	const jobsFile = join(context.home, "cron", "jobs.json");
	return { context, request, json, jobsFile };
}

/** The keys `cron.jobs.create_job` writes, in its order. */
const CREATE_JOB_KEYS = [
	"id",
	"name",
	"prompt",
	"skills",
	"skill",
	"model",
	"provider",
	"provider_snapshot",
	"model_snapshot",
	"base_url",
	"script",
	"no_agent",
	"context_from",
	"schedule",
	"schedule_display",
	"repeat",
	"enabled",
	"state",
	"paused_at",
	"paused_reason",
	"created_at",
	"next_run_at",
	"last_run_at",
	"last_status",
	"last_error",
	"last_delivery_error",
	"deliver",
	"origin",
	"enabled_toolsets",
	"workdir",
];

/** jobs.json as Python's json module reads it. */
function pythonLoad(path: string): { jobs: Record<string, unknown>[]; updated_at: string } {
	return JSON.parse(
		execFileSync(
			"python3",
			["-c", "import json,sys; print(json.dumps(json.load(open(sys.argv[1], encoding='utf-8'))))", path],
			{
				encoding: "utf8",
			},
		),
	);
}

describe("GET /api/cron/jobs", () => {
	it("lists every profile's jobs, annotated", async () => {
		const { json, context } = setup();
		const { status, body } = await json("/api/cron/jobs");
		expect(status).toBe(200);
		expect(body.map((job: Loose) => job.name)).toEqual([
			"Morning briefing",
			"Backup check",
			"Weekly arXiv digest",
			"Disk watchdog",
			"Expense report reminder",
		]);
		expect(body[0]).toMatchObject({
			profile: "default",
			profile_name: "default",
			hermes_home: context.home,
			is_default_profile: true,
			schedule: { kind: "cron", expr: "0 8 * * *" },
		});
		expect(body[2]).toMatchObject({ state: "paused", enabled: false, skills: ["release-notes"] });
	});

	it("answers Hermes's profile errors", async () => {
		const { json } = setup();
		expect(await json("/api/cron/jobs?profile=nope")).toEqual({
			status: 404,
			body: { detail: "Profile 'nope' does not exist." },
		});
		expect((await json("/api/cron/jobs?profile=Bad%20Name")).status).toBe(400);
	});
});

describe("profiles", () => {
	it("creates in a named profile, lists it annotated, and finds it without ?profile=", async () => {
		const { json, context } = setup();
		mkdirSync(join(context.home, "profiles", "work"), { recursive: true });
		const created = await json("/api/cron/jobs?profile=work", {
			method: "POST",
			body: JSON.stringify({ prompt: "work thing", schedule: "every 15m" }),
		});
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			profile: "work",
			profile_name: "work",
			hermes_home: join(context.home, "profiles", "work"),
			is_default_profile: false,
		});
		expect(pythonLoad(join(context.home, "profiles", "work", "cron", "jobs.json")).jobs).toHaveLength(1);
		const all = await json("/api/cron/jobs?profile=all");
		expect(all.body.map((job: Loose) => job.profile)).toEqual([
			"default",
			"default",
			"default",
			"default",
			"default",
			"work",
		]);
		expect((await json("/api/cron/jobs?profile=work")).body).toHaveLength(1);
		const paused = await json(`/api/cron/jobs/${created.body.id}/pause`, { method: "POST" });
		expect(paused.body).toMatchObject({ profile: "work", state: "paused" });
		expect((await json(`/api/cron/jobs/${created.body.id}?profile=default`)).status).toBe(404);
	});
});

describe("single job endpoints", () => {
	it("gets a job by id, 404 otherwise", async () => {
		const { json } = setup();
		expect((await json("/api/cron/jobs/2e361a111a9e")).body.name).toBe("Morning briefing");
		expect(await json("/api/cron/jobs/ffffffffffff")).toEqual({ status: 404, body: { detail: "Job not found" } });
		for (const action of ["pause", "resume", "trigger"]) {
			expect(await json(`/api/cron/jobs/nope/${action}`, { method: "POST" })).toEqual({
				status: 404,
				body: { detail: "Job not found" },
			});
		}
		expect(await json("/api/cron/jobs/nope", { method: "DELETE" })).toEqual({
			status: 404,
			body: { detail: "Job not found" },
		});
		expect(
			await json("/api/cron/jobs/nope", { method: "PUT", body: JSON.stringify({ updates: { name: "x" } }) }),
		).toEqual({ status: 404, body: { detail: "Job not found" } });
	});

	it("lists runs from state.db and the saved outputs", async () => {
		const { json } = setup();
		const { status, body } = await json("/api/cron/jobs/2e361a111a9e/runs?limit=500");
		expect(status).toBe(200);
		expect(body.limit).toBe(100);
		expect(body.runs).toHaveLength(3);
		expect(body.runs[0].id).toMatch(/^cron_2e361a111a9e_/);
		expect(body.runs[0]).toMatchObject({ source: "cron", archived: false, profile: "default" });
		expect(body.outputs.map((output: Loose) => output.file)).toEqual([
			"2026-11-23_08-05-16.md",
			"2026-11-22_08-06-03.md",
			"2026-11-21_08-10-58.md",
		]);
		expect(body.outputs[0].content).toContain("# Morning briefing");
		expect((await json("/api/cron/jobs/2e361a111a9e/runs?limit=abc")).status).toBe(422);
		expect(await json("/api/cron/jobs/ffffffffffff/runs")).toEqual({
			status: 200,
			body: { runs: [], limit: 20, outputs: [] },
		});
	});

	it("lists delivery targets: local and the connected platforms", async () => {
		const { json } = setup();
		const { body } = await json("/api/cron/delivery-targets");
		expect(body.targets[0]).toEqual({
			id: "local",
			name: "Local (save only)",
			home_target_set: true,
			home_env_var: null,
		});
		expect(body.targets.map((target: Loose) => target.id)).toEqual(["local", "telegram", "discord"]);
		expect(body.targets[1]).toMatchObject({ name: "Telegram", home_env_var: "TELEGRAM_HOME_CHANNEL" });
	});

	it("does not route the managed-cron fire webhook", async () => {
		const { request } = setup();
		expect((await request("/api/cron/fire", { method: "POST", body: "{}" })).status).toBe(405);
	});
});

describe("POST /api/cron/jobs", () => {
	it("refuses bad input with Hermes's texts", async () => {
		const { json, context } = setup();
		const post = (body: unknown) => json("/api/cron/jobs", { method: "POST", body: JSON.stringify(body) });
		expect((await post({ prompt: "x" })).status).toBe(422);
		expect(await post({ schedule: "every 5m" })).toEqual({
			status: 400,
			body: { detail: "agent cron jobs require a prompt, skill, or script" },
		});
		expect(await post({ schedule: "every 5m", no_agent: true })).toEqual({
			status: 400,
			body: { detail: "no_agent=True requires a script" },
		});
		expect(await post({ prompt: "x", schedule: "every 5m", context_from: "zzz" })).toEqual({
			status: 400,
			body: { detail: "context_from job 'zzz' not found in profile 'default'" },
		});
		const outside = await post({ prompt: "x", schedule: "every 5m", script: "../config.yaml" });
		expect(outside).toEqual({
			status: 400,
			body: { detail: `script must be inside ${join(context.home, "scripts")}` },
		});
		expect((await post({ prompt: "x", schedule: "61 * * * *" })).body.detail).toMatch(
			/^Invalid cron expression '61 \* \* \* \*': /,
		);
		expect((await post({ prompt: "x", schedule: "every 5 fortnights" })).body.detail).toBe(
			"Invalid duration: '5 fortnights'. Use format like '30m', '2h', or '1d'",
		);
		expect((await post({ prompt: "x", schedule: "whenever" })).body.detail).toMatch(
			/^Invalid schedule 'whenever'\. Use:\n/,
		);
		expect((await post({ prompt: "x", schedule: "2026-11-23T20:00:00Z" })).body.detail).toBe(
			"Requested one-shot time 2026-11-23T20:00:00+00:00 is more than 120s in the past and cannot be scheduled.",
		);
		expect((await post({ prompt: "run hermes gateway restart", schedule: "every 5m" })).body.detail).toMatch(
			/^Blocked: cron job contains a gateway lifecycle command/,
		);
		expect(await post({ prompt: "x", schedule: "every 5m" }).then((r) => r.status)).toBe(200);
	});

	it("parses every schedule form as Hermes does", async () => {
		const { json } = setup();
		const create = async (schedule: string) =>
			(await json("/api/cron/jobs", { method: "POST", body: JSON.stringify({ prompt: "p", schedule }) })).body;
		expect(await create("every 2h")).toMatchObject({
			schedule: { kind: "interval", minutes: 120, display: "every 120m" },
			schedule_display: "every 120m",
			next_run_at: "2026-11-24T01:19:46+00:00",
			repeat: { times: null, completed: 0 },
		});
		expect(await create("0 9 * * 1-5")).toMatchObject({
			schedule: { kind: "cron", expr: "0 9 * * 1-5", display: "0 9 * * 1-5" },
			next_run_at: "2026-11-24T09:00:00+00:00",
		});
		expect(await create("30m")).toMatchObject({
			schedule: { kind: "once", run_at: "2026-11-23T23:49:46+00:00", display: "once in 30m" },
			repeat: { times: 1, completed: 0 },
			next_run_at: "2026-11-23T23:49:46+00:00",
		});
		expect(await create("2026-12-01T09:30")).toMatchObject({
			schedule: { kind: "once", run_at: "2026-12-01T09:30:00+00:00", display: "once at 2026-12-01 09:30" },
		});
	});
});

describe("round trip read back by Hermes's rules", () => {
	it("create, edit, pause, resume, trigger, delete", async () => {
		const { json, jobsFile, context } = setup();
		const modeBefore = statSync(jobsFile).mode & 0o777;
		const created = await json("/api/cron/jobs", {
			method: "POST",
			body: JSON.stringify({ prompt: "Résumé of the day ✓", schedule: "0 9 * * 1-5", skills: ["log-triage"] }),
		});
		expect(created.status).toBe(200);
		const id = created.body.id as string;
		expect(id).toMatch(/^[0-9a-f]{12}$/);

		const raw = readFileSync(jobsFile, "utf8");
		expect(raw).toContain('"prompt": "R\\u00e9sum\\u00e9 of the day \\u2713"');
		expect(raw.endsWith("}")).toBe(true);
		expect(raw.startsWith('{\n  "jobs": [\n    {\n      "id": "2e361a111a9e"')).toBe(true);
		expect(statSync(jobsFile).mode & 0o777).toBe(modeBefore);
		const stored = pythonLoad(jobsFile);
		expect(stored.updated_at).toBe("2026-11-23T23:19:46+00:00");
		expect(stored.jobs).toHaveLength(6);
		const job = stored.jobs.find((entry) => entry.id === id)!;
		expect(Object.keys(job)).toEqual(CREATE_JOB_KEYS);
		expect(job).toMatchObject({
			name: "Résumé of the day ✓",
			skills: ["log-triage"],
			skill: "log-triage",
			provider_snapshot: "anthropic",
			model_snapshot: "claude-sonnet-4-6",
			created_at: "2026-11-23T23:19:46+00:00",
			deliver: "local",
			state: "scheduled",
			enabled: true,
		});

		const edited = await json(`/api/cron/jobs/${id}`, {
			method: "PUT",
			body: JSON.stringify({ updates: { schedule: "every 45m", name: "Daily résumé" } }),
		});
		expect(edited.body).toMatchObject({
			name: "Daily résumé",
			schedule_display: "every 45m",
			next_run_at: "2026-11-24T00:04:46+00:00",
		});
		expect(
			await json(`/api/cron/jobs/${id}`, { method: "PUT", body: JSON.stringify({ updates: { id: "x" } }) }),
		).toEqual({ status: 400, body: { detail: "Cron job field(s) cannot be updated: id" } });

		const paused = await json(`/api/cron/jobs/${id}/pause`, { method: "POST" });
		expect(paused.body).toMatchObject({ enabled: false, state: "paused", paused_at: "2026-11-23T23:19:46+00:00" });
		const resumed = await json("/api/cron/jobs/daily%20r%C3%A9sum%C3%A9/resume?profile=default", {
			method: "POST",
		});
		expect(resumed.body).toMatchObject({ id, enabled: true, state: "scheduled", paused_at: null });
		const triggered = await json(`/api/cron/jobs/${id}/trigger`, { method: "POST" });
		expect(triggered.body.next_run_at).toBe("2026-11-23T23:19:46+00:00");
		expect(pythonLoad(jobsFile).jobs.find((entry) => entry.id === id)).toMatchObject({
			name: "Daily résumé",
			schedule: { kind: "interval", minutes: 45, display: "every 45m" },
			next_run_at: "2026-11-23T23:19:46+00:00",
			state: "scheduled",
		});

		mkdirSync(join(context.home, "cron", "output", id), { recursive: true });
		writeFileSync(join(context.home, "cron", "output", id, "2026-11-23_09-00-00.md"), "# Cron Job: x\n");
		expect(await json(`/api/cron/jobs/${id}`, { method: "DELETE" })).toEqual({ status: 200, body: { ok: true } });
		expect(existsSync(join(context.home, "cron", "output", id))).toBe(false);
		expect(pythonLoad(jobsFile).jobs.map((entry) => entry.id)).not.toContain(id);
		expect(pythonLoad(jobsFile).jobs).toHaveLength(5);
	});

	it("resuming a one-shot whose time has passed is a 400, not a 500", async () => {
		const { json, context } = setup();
		context.clock = { now: () => FIXTURE_NOW_MS + 3 * 3600_000 };
		const request = testClient(context);
		const response = await request("/api/cron/jobs/4ebf140297c3/resume", { method: "POST" });
		expect(response.status).toBe(400);
		expect(((await response.json()) as Loose).detail).toMatch(
			/^Cannot resume: one-shot time 2026-11-24T01:09:46\+00:00/,
		);
		void json;
	});
});

describe("blueprints", () => {
	it("lists the catalogue and instantiates a job", async () => {
		const { json } = setup();
		const list = await json("/api/cron/blueprints");
		const morning = list.body.blueprints.find((entry: Loose) => entry.key === "morning-brief");
		expect(morning).toMatchObject({
			title: "Morning briefing",
			scheduleHuman: "At 08:00",
			command: "/blueprint morning-brief time=08:00 recurrence=everyday deliver=local",
			appUrl: "hermes://blueprint/morning-brief?time=08%3A00&recurrence=everyday&deliver=local",
		});
		expect(morning.fields.find((field: Loose) => field.name === "deliver").options).toEqual([
			"origin",
			"local",
			"telegram",
			"discord",
		]);
		const made = await json("/api/cron/blueprints/instantiate", {
			method: "POST",
			body: JSON.stringify({ blueprint: "morning-brief", values: { time: "07:15", recurrence: "weekdays" } }),
		});
		expect(made.status).toBe(200);
		expect(made.body).toMatchObject({ name: "Morning briefing", schedule: { kind: "cron", expr: "15 7 * * 1-5" } });
		expect(
			await json("/api/cron/blueprints/instantiate", {
				method: "POST",
				body: JSON.stringify({ blueprint: "nope" }),
			}),
		).toEqual({ status: 404, body: { detail: "Unknown blueprint: nope" } });
		const bad = await json("/api/cron/blueprints/instantiate", {
			method: "POST",
			body: JSON.stringify({ blueprint: "morning-brief", values: { tiem: "07:15" } }),
		});
		expect(bad.status).toBe(422);
		expect(bad.body.detail).toMatch(/^unknown slot: tiem/);
	});
});

describe("live schedule check", () => {
	it("describes a cron expression or answers Hermes's error", async () => {
		const { json } = setup();
		const ok = await json("/ui/cron/schedule?schedule=0%209%20*%20*%201-5");
		expect(ok.body).toMatchObject({
			description: "At 09:00, Monday through Friday",
			next_run_at: "2026-11-24T09:00:00+00:00",
		});
		const bad = await json("/ui/cron/schedule?schedule=nonsense");
		expect(bad.status).toBe(400);
	});
});
