/**
 * @module
 * Cron (api-contract A.6): jobs per profile (list across profiles with `profile=all`),
 * create, get, edit, pause, resume, trigger, delete, run history, delivery targets and
 * blueprints; the page at `/cron` and its fragments under `/ui/cron/`. Hermes's
 * `POST /api/cron/fire` (managed-cron webhook) is deliberately not routed: this
 * dashboard runs no jobs, and a public path that does nothing is only a hole.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import type { Context } from "hono";
import * as v from "valibot";
import { basename } from "node:path";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { profileFor } from "../http/profile.ts";
import { listProfiles, type ResolvedProfile } from "../hermes/home/profiles.ts";
import { rootHome } from "../hermes/home/paths.ts";
import {
	createJob,
	CronRuleError,
	type CronScope,
	type Job,
	pauseJob,
	removeJob,
	resumeJob,
	ScheduleError,
	triggerJob,
	updateJob,
} from "../hermes/cron/jobs.ts";
import { FileLockError } from "../hermes/home/flock.ts";
import { getJob, hasJobRef, listJobs } from "../hermes/cron/read.ts";
import { CronStoreError } from "../hermes/cron/store.ts";
import { computeNextRun, describeCron, parseSchedule } from "../hermes/cron/schedule.ts";
import { hermesTimezone } from "../hermes/cron/time.ts";
import { deliveryTargets } from "../hermes/cron/delivery.ts";
import { runOutputs, runSessions } from "../hermes/cron/runs.ts";
import {
	BlueprintFillError,
	blueprintEntry,
	BLUEPRINTS,
	fillBlueprint,
	findBlueprint,
} from "../hermes/cron/blueprints.ts";
import { markdownRenderer } from "../views/markdown.ts";
import { cronPage, jobList, type ListedJob, runsDrawer, scheduleDescription } from "../views/cron.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const text = v.optional(v.nullable(v.string()));
const textList = v.optional(v.nullable(v.union([v.array(v.string()), v.string()])));

const CreateSchema = v.object({
	prompt: v.optional(v.string(), ""),
	schedule: v.string(),
	name: v.optional(v.string(), ""),
	deliver: v.optional(v.nullable(v.string()), "local"),
	skills: textList,
	model: text,
	provider: text,
	base_url: text,
	script: text,
	context_from: textList,
	enabled_toolsets: textList,
	workdir: text,
	no_agent: v.optional(v.boolean(), false),
});

/** `{updates}`: any fields (Hermes stores what it is given), the ones it reads typed. */
const UpdateSchema = v.object({
	updates: v.looseObject({
		prompt: v.optional(v.string()),
		name: v.optional(v.string()),
		schedule: v.optional(v.union([v.string(), v.record(v.string(), v.unknown())])),
		deliver: text,
		skills: textList,
		skill: text,
		model: text,
		provider: text,
		base_url: text,
		script: text,
		context_from: textList,
		enabled_toolsets: textList,
		workdir: v.optional(v.nullable(v.union([v.string(), v.literal(false)]))),
		no_agent: v.optional(v.boolean()),
		enabled: v.optional(v.boolean()),
	}),
});

const InstantiateSchema = v.object({
	blueprint: v.string(),
	values: v.optional(v.record(v.string(), v.unknown()), {}),
});

const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const RunsQuery = v.object({
	profile: v.optional(v.string()),
	limit: v.optional(
		v.pipe(v.string(), v.regex(/^-?\d+$/, "Input should be a valid integer"), v.transform(Number)),
		"20",
	),
});

/** The profile's name as Hermes annotates jobs with it. */
function profileName(profile: ResolvedProfile): string {
	return profile.name ?? (profile.isDefault ? "default" : basename(profile.home));
}

/** Hermes's rule errors are 400s; a lock or store that cannot be used is a 503 with its reason. */
async function cronCall<T>(task: () => T | Promise<T>): Promise<T> {
	try {
		return await task();
	} catch (error) {
		if (error instanceof CronRuleError || error instanceof ScheduleError) {
			throw new ApiError(400, error.message);
		}
		if (error instanceof FileLockError || error instanceof CronStoreError) {
			throw new ApiError(503, error.message);
		}
		throw error;
	}
}

describeRoute({ method: "GET", path: "/api/cron/jobs", summary: "Cron jobs", query: ProfileQuery });
describeRoute({
	method: "POST",
	path: "/api/cron/jobs",
	summary: "Create a job",
	query: ProfileQuery,
	body: CreateSchema,
});
describeRoute({ method: "GET", path: "/api/cron/jobs/:id", summary: "One cron job", query: ProfileQuery });
describeRoute({
	method: "PUT",
	path: "/api/cron/jobs/:id",
	summary: "Update a job",
	query: ProfileQuery,
	body: UpdateSchema,
});
describeRoute({ method: "DELETE", path: "/api/cron/jobs/:id", summary: "Delete a cron job", query: ProfileQuery });
describeRoute({ method: "GET", path: "/api/cron/delivery-targets", summary: "Delivery targets", query: ProfileQuery });
describeRoute({
	method: "POST",
	path: "/api/cron/blueprints/instantiate",
	summary: "Job from blueprint",
	body: InstantiateSchema,
});

export function cronRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	const scopeOf = (profile: ResolvedProfile): CronScope => ({
		home: profile.home,
		profile: profileName(profile),
		nowMs: app.clock.now(),
		zone: hermesTimezone(profile.home, app.env),
	});

	const annotate = (job: Job, profile: ResolvedProfile): ListedJob => ({
		...job,
		profile: profileName(profile),
		profile_name: profileName(profile),
		hermes_home: profile.home,
		is_default_profile: profileName(profile) === "default",
	});

	function allProfiles(): ResolvedProfile[] {
		return listProfiles(rootHome(app.home)).map((name) => profileFor(app, name));
	}

	/** `profile=all` (or absent, for the list) → every profile; failures of one profile are skipped. */
	function listFor(requested: string | undefined): ListedJob[] {
		const wanted = (requested ?? "all").trim();
		const profiles = wanted.toLowerCase() === "all" ? allProfiles() : [profileFor(app, wanted)];
		return profiles.flatMap((profile) => {
			try {
				return listJobs(profile.home).map((job) => annotate(job, profile));
			} catch (error) {
				if (profiles.length === 1) throw error;
				return [];
			}
		});
	}

	/** The job's profile: the one asked for, else the first whose jobs hold this id or name. */
	function profileOfJob(ref: string, requested: string | undefined): ResolvedProfile {
		if (requested !== undefined && requested !== "") {
			return profileFor(app, requested);
		}
		const found = allProfiles().find((profile) => {
			try {
				return hasJobRef(profile.home, ref);
			} catch {
				return false;
			}
		});
		if (found === undefined) {
			throw new ApiError(404, "Job not found");
		}
		return found;
	}

	const found = (job: Job | null, profile: ResolvedProfile): ListedJob => {
		if (job === null) {
			throw new ApiError(404, "Job not found");
		}
		return annotate(job, profile);
	};

	routes.get("/api/cron/jobs", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		return c.json(await cronCall(() => listFor(profile)));
	});

	routes.post("/api/cron/jobs", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const body = await jsonBody(c, CreateSchema);
		const target = profileFor(app, profile || "default");
		const job = await cronCall(() => createJob(scopeOf(target), body));
		return c.json(annotate(job, target));
	});

	routes.get("/api/cron/delivery-targets", (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		return c.json({ targets: deliveryTargets(profileFor(app, profile).home, app.env) });
	});

	routes.get("/api/cron/blueprints", (c) => {
		const options = ["origin", ...deliveryTargets(app.home, app.env).map((target) => target.id)];
		const describe = (schedule: string): string => describeCron(schedule, "en") ?? schedule;
		return c.json({ blueprints: BLUEPRINTS.map((blueprint) => blueprintEntry(blueprint, options, describe)) });
	});

	routes.post("/api/cron/blueprints/instantiate", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const body = await jsonBody(c, InstantiateSchema);
		const blueprint = findBlueprint(body.blueprint);
		if (blueprint === null) {
			throw new ApiError(404, `Unknown blueprint: ${body.blueprint}`);
		}
		let spec: ReturnType<typeof fillBlueprint>;
		try {
			spec = fillBlueprint(blueprint, body.values);
		} catch (error) {
			if (error instanceof BlueprintFillError) throw new ApiError(422, error.message);
			throw error;
		}
		const target = profileFor(app, profile || "default");
		return c.json(annotate(await cronCall(() => createJob(scopeOf(target), spec)), target));
	});

	routes.get("/api/cron/jobs/:id", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const target = profileOfJob(c.req.param("id"), profile);
		return c.json(found(await cronCall(() => getJob(target.home, c.req.param("id"))), target));
	});

	routes.put("/api/cron/jobs/:id", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const body = await jsonBody(c, UpdateSchema);
		const target = profileOfJob(c.req.param("id"), profile);
		const job = await cronCall(() => updateJob(scopeOf(target), c.req.param("id"), body.updates));
		return c.json(found(job, target));
	});

	for (const [action, run] of [
		["pause", pauseJob],
		["resume", resumeJob],
		["trigger", triggerJob],
	] as const) {
		routes.post(`/api/cron/jobs/:id/${action}`, async (c) => {
			const { profile } = queryParams(c, ProfileQuery);
			const target = profileOfJob(c.req.param("id"), profile);
			return c.json(found(await cronCall(() => run(scopeOf(target), c.req.param("id"))), target));
		});
	}

	routes.delete("/api/cron/jobs/:id", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const target = profileOfJob(c.req.param("id"), profile);
		if (!(await cronCall(() => removeJob(scopeOf(target), c.req.param("id"))))) {
			throw new ApiError(404, "Job not found");
		}
		return c.json({ ok: true });
	});

	/**
	 * The job a runs request is about, with Hermes's clamp of `limit` to 1–100. A job no
	 * profile holds still answers (with no runs) from this dashboard's home, as Hermes does.
	 */
	function runsRequest(c: Context<AppEnv>) {
		const query = queryParams(c, RunsQuery);
		const limit = Math.max(1, Math.min(query.limit, 100));
		let target: ResolvedProfile;
		try {
			target = profileOfJob(c.req.param("id") ?? "", query.profile);
		} catch (error) {
			if (!(error instanceof ApiError && error.status === 404 && !query.profile)) throw error;
			target = profileFor(app, undefined);
		}
		const job = getJob(target.home, c.req.param("id") ?? "");
		return { target, limit, job, id: String(job?.id ?? c.req.param("id")) };
	}

	routes.get("/api/cron/jobs/:id/runs", async (c) => {
		const { target, limit, id } = await cronCall(() => runsRequest(c));
		const nowSeconds = app.clock.now() / 1000;
		const runs = runSessions(target.paths.stateDB, id, limit, nowSeconds).map((run) => ({
			...run,
			profile: profileName(target),
		}));
		return c.json({ runs, limit, outputs: await cronCall(() => runOutputs(target.home, id, limit)) });
	});

	routes.get("/ui/cron/jobs/:id/runs", async (c) => {
		const lang = languageOf(c);
		const { target, limit, job, id } = await cronCall(() => runsRequest(c));
		if (job === null) {
			throw new ApiError(404, "Job not found");
		}
		const render = await markdownRenderer();
		const outputs = (await cronCall(() => runOutputs(target.home, id, limit))).map((output) => ({
			...output,
			html: render(output.content),
		}));
		const sessions = runSessions(target.paths.stateDB, id, limit, app.clock.now() / 1000).length;
		return c.html(runsDrawer(job, outputs, sessions, lang, hermesTimezone(target.home, app.env)));
	});

	/** Live check for the form: the parsed schedule, its description and next run, or Hermes's error (400). */
	routes.get("/ui/cron/schedule", (c) => {
		const { profile, schedule } = queryParams(
			c,
			v.object({ profile: v.optional(v.string()), schedule: v.string() }),
		);
		const target = profileFor(app, profile === "all" ? undefined : profile);
		const scope = scopeOf(target);
		try {
			const parsed = parseSchedule(schedule, scope.nowMs, scope.zone);
			return c.json({
				schedule: parsed,
				description: scheduleDescription(parsed, languageOf(c)),
				next_run_at: computeNextRun(parsed, scope.nowMs, scope.zone),
			});
		} catch (error) {
			if (error instanceof ScheduleError) throw new ApiError(400, error.message);
			throw error;
		}
	});

	function zonesOf(jobs: ListedJob[]): Map<string, string> {
		const zones = new Map<string, string>();
		for (const job of jobs) {
			if (!zones.has(job.profile)) zones.set(job.profile, hermesTimezone(String(job.hermes_home), app.env));
		}
		return zones;
	}

	routes.get("/ui/cron/jobs", async (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		const jobs = await cronCall(() => listFor(profile));
		return c.html(jobList(jobs, zonesOf(jobs), app.clock.now(), languageOf(c)));
	});

	routes.get("/cron", async (c) => {
		const lang = languageOf(c);
		const profiles = listProfiles(rootHome(app.home));
		const requested = c.req.query("profile") ?? "all";
		const profile = requested === "all" || profiles.includes(requested) ? requested : "all";
		const jobs = await cronCall(() => listFor(profile));
		return renderPage(c, app, {
			title: t(lang, "cron.title"),
			path: "/cron",
			body: cronPage(
				{
					profiles,
					profile,
					jobs,
					zones: zonesOf(jobs),
					targets: deliveryTargets(app.home, app.env),
					nowMs: app.clock.now(),
				},
				lang,
			),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/cron.css")}"><script src="${assetURL("/static/js/cron.js")}" defer></script>`,
		});
	});

	return routes;
}
