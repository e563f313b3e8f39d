/**
 * @module
 * The System page (`/system`, its section fragments under `/ui/system/`) and its APIs
 * (api-contract A.1, A.11, A.12): host stats, the update check, Nous Portal, curator,
 * gateway lifecycle and drain, memory, the credential pool, shell hooks, and the admin
 * audit trail. Routes validate, call the data layer and render; nothing more.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError, jsonBody, queryBoolean, queryParams } from "../http/validate.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import { auditTarget } from "../http/admin_audit.ts";
import { adminLogPath } from "../http/admin_audit.ts";
import { readConfigLenient } from "../hermes/config/yaml.ts";
import { findHermesInstall } from "../hermes/home/install.ts";
import { isInContainer } from "../hermes/home/container.ts";
import { rootHome } from "../hermes/home/paths.ts";
import { pythonStringRepr, type ResolvedProfile } from "../hermes/home/profiles.ts";
import { systemStats } from "../hermes/system/stats.ts";
import { checkForUpdates } from "../hermes/system/update_check.ts";
import { portalStatus } from "../hermes/system/portal.ts";
import { curatorStatus, setCuratorPaused } from "../hermes/system/curator.ts";
import { readAdminLog } from "../hermes/system/admin_log.ts";
import { checkpointUsage } from "../hermes/system/checkpoints.ts";
import { listBackups } from "../hermes/backup/list.ts";
import {
	GatewayNotInstalledError,
	GatewaySpawnError,
	runGatewayAction,
	type GatewayVerb,
} from "../hermes/gateway/lifecycle.ts";
import { actionRunnerFor } from "../hermes/actions/runner.ts";
import { clearDrainRequest, drainRequested, writeDrainRequest } from "../hermes/gateway/drain.ts";
import { readGatewayStatus } from "../hermes/gateway/runtime.ts";
import { memoryStatus, MemoryProviderError, resetMemory, selectMemoryProvider } from "../hermes/memory/memory.ts";
import { addPoolEntry, listPool, PoolError, removePoolEntry } from "../hermes/credentials/pool.ts";
import { addHook, HookError, listHooks, removeHook, VALID_HOOK_EVENTS } from "../hermes/hooks/shell_hooks.ts";
import { systemPage, systemSection, type SystemData, SYSTEM_SECTIONS } from "../views/system.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute, type RouteDoc } from "../http/openapi.ts";

const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const UpdateQuery = v.object({ force: v.optional(queryBoolean, "false") });
const CuratorBody = v.object({ paused: v.boolean() });
/** An empty body is a drain; unknown fields are ignored, ill-typed known ones are 422. */
const DrainBody = v.optional(
	v.object({ action: v.optional(v.string()), suppress_notification: v.optional(v.boolean()) }),
	{},
);
const ProviderBody = v.object({ provider: v.string(), profile: v.optional(v.string()) });
const ResetBody = v.optional(v.object({ target: v.optional(v.string(), "all"), profile: v.optional(v.string()) }), {});
const PoolAddBody = v.object({
	provider: v.string(),
	api_key: v.string(),
	label: v.optional(v.nullable(v.string())),
	profile: v.optional(v.string()),
});
const PoolIndexParam = v.pipe(v.string(), v.regex(/^-?\d+$/, "Input should be a valid integer"), v.transform(Number));
const HookCreateBody = v.object({
	event: v.string(),
	command: v.string(),
	matcher: v.optional(v.nullable(v.string())),
	timeout: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
	approve: v.optional(v.boolean(), true),
	profile: v.optional(v.string()),
});
const HookDeleteBody = v.object({ event: v.string(), command: v.string(), profile: v.optional(v.string()) });

// OpenAPI: the body schemas below, each route taking `?profile=` (api-contract 0.2).
const PROFILE_ROUTES: [RouteDoc["method"], string, string, v.GenericSchema | undefined][] = [
	["PUT", "/api/curator/paused", "Pause or resume the curator", CuratorBody],
	["POST", "/api/gateway/drain", "Drain the gateway or cancel a drain", DrainBody],
	["PUT", "/api/memory/provider", "Choose the memory provider", ProviderBody],
	["POST", "/api/memory/reset", "Delete the built-in memory files", ResetBody],
	["POST", "/api/credentials/pool", "Add a key to a provider's credential pool", PoolAddBody],
	["POST", "/api/ops/hooks", "Add a shell hook", HookCreateBody],
	["DELETE", "/api/ops/hooks", "Remove a shell hook", HookDeleteBody],
	["GET", "/api/portal", "Nous Portal sign-in state", undefined],
	["GET", "/api/curator", "Curator state", undefined],
	["GET", "/api/memory", "Memory providers and the built-in files' sizes", undefined],
	["GET", "/api/credentials/pool", "Credential pool entries, masked", undefined],
	["DELETE", "/api/credentials/pool/:provider/:index", "Remove a pool entry", undefined],
	["GET", "/api/ops/checkpoints", "Checkpoint usage", undefined],
	["GET", "/api/ops/hooks", "Shell hooks and their consent", undefined],
	["POST", "/api/gateway/start", "Start the gateway (`hermes gateway start`)", undefined],
	["POST", "/api/gateway/stop", "Stop the gateway", undefined],
	["POST", "/api/gateway/restart", "Restart the gateway (reused while one runs)", undefined],
];
for (const [method, path, summary, body] of PROFILE_ROUTES)
	describeRoute({ method, path, summary, query: ProfileQuery, body });

describeRoute({
	method: "GET",
	path: "/api/hermes/update/check",
	summary: "Whether a Hermes update exists",
	query: UpdateQuery,
});

export function systemRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function target(c: Context, bodyProfile?: string): ResolvedProfile {
		return profileFor(app, requestedProfile(bodyProfile, queryParams(c, ProfileQuery).profile));
	}

	function install() {
		return findHermesInstall(app.home, app.env);
	}

	/** Everything the page shows, for one home. */
	async function pageData(profile: ResolvedProfile): Promise<SystemData> {
		const config = readConfigLenient(profile.paths.config);
		const hermes = install();
		return {
			installed: hermes.found,
			stats: await systemStats(profile.home, { hermesVersion: hermes.version, nowMs: app.clock.now() }),
			gateway: readGatewayStatus(profile.home, config),
			draining: drainRequested(profile.home),
			portal: portalStatus(profile.home, config, app.env),
			curator: curatorStatus(profile.home, config),
			memory: memoryStatus(profile.home, config, app.env),
			pool: listPool(profile.home, rootHome(profile.home)),
			hooks: listHooks(profile.home, config, app.env),
			checkpoints: checkpointUsage(profile.home),
			validEvents: VALID_HOOK_EVENTS,
			audit: await readAdminLog(adminLogPath(app.home)),
			backups: listBackups(app.home),
		};
	}

	routes.get("/api/system/stats", async (c) => {
		const hermes = install();
		return c.json(await systemStats(app.home, { hermesVersion: hermes.version, nowMs: app.clock.now() }));
	});

	routes.get("/api/system/admin-log", async (c) => c.json({ entries: await readAdminLog(adminLogPath(app.home)) }));

	routes.get("/api/hermes/update/check", async (c) => {
		const { force } = queryParams(c, UpdateQuery);
		return c.json(
			await checkForUpdates(app.home, {
				install: install(),
				env: app.env,
				nowMs: app.clock.now(),
				force,
				inContainer: isInContainer(app.env),
			}),
		);
	});

	routes.get("/api/portal", (c) => {
		const profile = target(c);
		return c.json(portalStatus(profile.home, readConfigLenient(profile.paths.config), app.env));
	});

	routes.get("/api/curator", (c) => {
		const profile = target(c);
		return c.json(curatorStatus(profile.home, readConfigLenient(profile.paths.config)));
	});

	routes.put("/api/curator/paused", async (c) => {
		const body = await jsonBody(c, CuratorBody);
		setCuratorPaused(target(c).home, body.paused);
		auditTarget(c, `curator paused=${body.paused}`);
		return c.json({ ok: true, paused: body.paused });
	});

	for (const verb of ["start", "stop", "restart"] as const satisfies readonly GatewayVerb[]) {
		routes.post(`/api/gateway/${verb}`, (c) => {
			const profile = target(c);
			auditTarget(c, `gateway ${verb}${profile.name !== null ? ` -p ${profile.name}` : ""}`);
			try {
				const run = runGatewayAction(actionRunnerFor(app), verb, profile.name);
				return c.json({ ok: true, pid: run.pid, name: run.name });
			} catch (error) {
				if (error instanceof GatewayNotInstalledError) {
					// Nothing was tried: the machine lacks Hermes (a state to fix, not a server fault).
					throw new ApiError(409, `Failed to ${verb} gateway: ${error.message}`);
				}
				if (error instanceof GatewaySpawnError) {
					throw new ApiError(500, `Failed to ${verb} gateway: ${error.message}`);
				}
				throw error;
			}
		});
	}

	routes.post("/api/gateway/drain", async (c) => {
		const body = await jsonBody(c, DrainBody);
		const home = target(c).home;
		const action = String(body.action ?? "drain")
			.trim()
			.toLowerCase();
		auditTarget(c, `gateway drain ${action}`);
		if (action === "cancel") {
			return c.json({ ok: true, action: "cancel", was_draining: clearDrainRequest(home) });
		}
		if (action !== "drain") {
			throw new ApiError(400, `Unknown drain action ${pythonStringRepr(action)}; expected 'drain' or 'cancel'`);
		}
		const principal = c.get("authToken")?.principal ?? "dashboard";
		const payload = writeDrainRequest(home, {
			principal,
			suppressNotification: body.suppress_notification === true,
			nowMs: app.clock.now(),
		});
		return c.json({
			ok: true,
			action: "drain",
			requested_at: payload.requested_at,
			draining: drainRequested(home),
			suppress_notification: payload.suppress_notification,
		});
	});

	routes.get("/api/memory", (c) => {
		const profile = target(c);
		return c.json(memoryStatus(profile.home, readConfigLenient(profile.paths.config), app.env));
	});

	routes.put("/api/memory/provider", async (c) => {
		const body = await jsonBody(c, ProviderBody);
		const profile = target(c, body.profile);
		auditTarget(c, `memory provider ${body.provider.trim() || "built-in"}`);
		try {
			const active = await selectMemoryProvider(
				{ home: profile.home, config: profile.paths.config },
				body.provider,
				{ config: readConfigLenient(profile.paths.config), env: app.env },
			);
			return c.json({ ok: true, active });
		} catch (error) {
			if (error instanceof MemoryProviderError) throw new ApiError(400, error.message);
			throw error;
		}
	});

	routes.post("/api/memory/reset", async (c) => {
		const body = await jsonBody(c, ResetBody);
		const reset = (body.target ?? "all").trim().toLowerCase();
		if (reset !== "all" && reset !== "memory" && reset !== "user") {
			throw new ApiError(400, "target must be all, memory, or user");
		}
		auditTarget(c, `memory reset ${reset}`);
		try {
			return c.json({ ok: true, deleted: await resetMemory(target(c, body.profile).home, reset) });
		} catch (error) {
			throw new ApiError(500, `Could not delete memory files: ${(error as Error).message}`);
		}
	});

	routes.get("/api/credentials/pool", (c) => {
		const profile = target(c);
		return c.json({ providers: listPool(profile.home, rootHome(profile.home)) });
	});

	routes.post("/api/credentials/pool", async (c) => {
		const body = await jsonBody(c, PoolAddBody);
		const profile = target(c, body.profile);
		const provider = body.provider.trim().toLowerCase();
		auditTarget(c, `credential pool add ${provider}`);
		try {
			const count = await addPoolEntry(profile.home, {
				provider: body.provider,
				apiKey: body.api_key,
				label: body.label,
				nowMs: app.clock.now(),
			});
			return c.json({ ok: true, provider, count });
		} catch (error) {
			if (error instanceof PoolError) throw new ApiError(400, error.message);
			throw new ApiError(400, (error as Error).message);
		}
	});

	routes.delete("/api/credentials/pool/:provider/:index", async (c) => {
		const index = v.safeParse(PoolIndexParam, c.req.param("index"));
		if (!index.success) {
			throw new ApiError(422, [
				{
					type: "int_parsing",
					loc: ["path", "index"],
					msg: "Input should be a valid integer, unable to parse string as an integer",
					input: c.req.param("index"),
				},
			]);
		}
		const provider = c.req.param("provider").trim().toLowerCase();
		auditTarget(c, `credential pool remove ${provider} #${index.output}`);
		let count: number | null;
		try {
			count = await removePoolEntry(target(c).home, { provider, index: index.output, nowMs: app.clock.now() });
		} catch (error) {
			throw new ApiError(400, (error as Error).message);
		}
		if (count === null) {
			throw new ApiError(404, "No pool entry at that index");
		}
		return c.json({ ok: true, provider, count });
	});

	routes.get("/api/ops/checkpoints", (c) => c.json(checkpointUsage(target(c).home)));

	routes.get("/api/ops/hooks", (c) => {
		const profile = target(c);
		return c.json({
			hooks: listHooks(profile.home, readConfigLenient(profile.paths.config), app.env),
			valid_events: VALID_HOOK_EVENTS,
		});
	});

	routes.post("/api/ops/hooks", async (c) => {
		const body = await jsonBody(c, HookCreateBody);
		const profile = target(c, body.profile);
		auditTarget(c, `hook add ${body.event.trim()}`);
		try {
			const added = await addHook(
				{ home: profile.home, config: profile.paths.config },
				{ ...body, nowMs: app.clock.now() },
				app.env,
			);
			return c.json({ ok: true, ...added });
		} catch (error) {
			if (error instanceof HookError) throw new ApiError(400, error.message);
			throw error;
		}
	});

	routes.delete("/api/ops/hooks", async (c) => {
		const body = await jsonBody(c, HookDeleteBody);
		const profile = target(c, body.profile);
		auditTarget(c, `hook remove ${body.event.trim()}`);
		let removed: boolean;
		try {
			removed = await removeHook({ home: profile.home, config: profile.paths.config }, body, app.env);
		} catch (error) {
			if (error instanceof HookError) throw new ApiError(400, error.message);
			throw error;
		}
		if (!removed) {
			throw new ApiError(404, "No matching hook found");
		}
		return c.json({ ok: true });
	});

	routes.get("/system", async (c) => {
		const lang = languageOf(c);
		const data = await pageData(profileFor(app, undefined));
		return renderPage(c, app, {
			title: t(lang, "system.title"),
			path: "/system",
			body: systemPage(data, lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/system.css")}"><script src="${assetURL("/static/js/action_log.js")}" defer></script><script src="${assetURL("/static/js/system.js")}" defer></script><script src="${assetURL("/static/js/system_ops.js")}" defer></script>`,
		});
	});

	routes.get("/ui/system/:section", async (c) => {
		const section = c.req.param("section");
		if (!(SYSTEM_SECTIONS as readonly string[]).includes(section)) {
			throw new ApiError(404, "Not Found");
		}
		const data = await pageData(profileFor(app, undefined));
		c.header("Cache-Control", "no-store");
		return c.html(systemSection(section as (typeof SYSTEM_SECTIONS)[number], data, languageOf(c)));
	});

	return routes;
}
