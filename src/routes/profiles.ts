/**
 * @module
 * Profiles API (api-contract-clients §1.1–§1.3, §2): list, active profile, create,
 * rename, delete, SOUL.md, description, auto-description, the profile's model, the setup
 * command and terminal, the cross-profile session list and the dashboard font; plus the
 * `/profiles` page and its list fragment. Names go through the one profile resolver.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { html } from "hono/html";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams, queryBoolean, queryInteger } from "../http/validate.ts";
import { profileFor } from "../http/profile.ts";
import { homePaths, rootHome } from "../hermes/home/paths.ts";
import { findHermesInstall } from "../hermes/home/install.ts";
import { listProfiles, profileHome, profileNameProblem } from "../hermes/home/profiles.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import { currentProfile, listProfileRows, profileDescription, readActiveProfile } from "../hermes/profiles/list.ts";
import {
	checkDelete,
	checkRename,
	createProfile,
	deleteProfile,
	ProfileOpError,
	renameProfile,
	setActiveProfile,
	type WrapperContext,
} from "../hermes/profiles/manage.ts";
import { readSoul, setupCommand, writeDescription, writeSoul } from "../hermes/profiles/files.ts";
import { keepOnlySkills, writeMCPServers } from "../hermes/profiles/extras.ts";
import { coerceFont, readDashboardFont } from "../hermes/profiles/font.ts";
import { crossProfileSessions } from "../hermes/profiles/sessions.ts";
import { openTerminal } from "../hermes/profiles/terminal.ts";
import { stopProfileGateway } from "../hermes/profiles/gateway_stop.ts";
import { configEditRefusal, editConfig, mappingAt } from "../hermes/models/config_edit.ts";
import { writeMainModel } from "../hermes/models/model_config.ts";
import { listSessions, type ArchivedFilter, type SessionOrder } from "../hermes/sessions/query.ts";
import { profileList, profilesPage } from "../views/profiles.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const text = v.optional(v.nullable(v.string()));
const CreateBody = v.looseObject({
	name: v.string(),
	clone_from: text,
	clone_from_default: v.optional(v.boolean(), false),
	clone_all: v.optional(v.boolean(), false),
	no_skills: v.optional(v.boolean(), false),
	description: text,
	provider: text,
	model: text,
	mcp_servers: v.optional(
		v.array(
			v.looseObject({
				name: v.string(),
				url: text,
				command: text,
				args: v.optional(v.nullable(v.array(v.string()))),
				env: v.optional(v.nullable(v.record(v.string(), v.string()))),
				auth: v.optional(v.unknown()),
			}),
		),
		[],
	),
	keep_skills: v.optional(v.array(v.string()), []),
	hub_skills: v.optional(v.array(v.string()), []),
});
const NameBody = v.looseObject({ name: v.string() });
const RenameBody = v.looseObject({ new_name: v.string() });
const SoulBody = v.looseObject({ content: v.string() });
const DescriptionBody = v.looseObject({ description: v.optional(v.nullable(v.string()), "") });
const DescribeBody = v.looseObject({ overwrite: v.optional(v.boolean(), false) });
const ModelBody = v.looseObject({ provider: v.string(), model: v.string() });
const FontBody = v.looseObject({ font: v.string() });
const SessionsQuery = v.looseObject({
	limit: v.optional(queryInteger(-1, 100_000), "20"),
	offset: v.optional(queryInteger(0, 10_000_000), "0"),
	min_messages: v.optional(queryInteger(0, 1_000_000), "0"),
	archived: v.optional(v.string(), "exclude"),
	order: v.optional(v.string(), "recent"),
	profile: v.optional(v.string(), "all"),
	source: v.optional(v.string()),
	exclude_sources: v.optional(v.string()),
	full: v.optional(queryBoolean, "false"),
});

/** Data-layer refusals as Hermes's answers. */
function answered<T>(task: () => T): T {
	try {
		return task();
	} catch (error) {
		if (error instanceof ProfileOpError) throw new ApiError(error.status, error.message);
		throw error;
	}
}

/** A config edit whose refusal (managed, unparseable, conflict) keeps its status. */
async function configSaved<T>(task: () => Promise<T>): Promise<T> {
	try {
		return await task();
	} catch (error) {
		const refusal = configEditRefusal(error);
		if (refusal !== null) throw new ApiError(refusal.status, refusal.message);
		throw error;
	}
}

describeRoute({
	method: "POST",
	path: "/api/profiles/active",
	summary: "Make a profile the active one",
	body: NameBody,
});
describeRoute({ method: "POST", path: "/api/profiles", summary: "Create a profile", body: CreateBody });
describeRoute({ method: "PATCH", path: "/api/profiles/:name", summary: "Rename a profile", body: RenameBody });
describeRoute({ method: "PUT", path: "/api/profiles/:name/soul", summary: "Save a profile's SOUL.md", body: SoulBody });
describeRoute({
	method: "PUT",
	path: "/api/profiles/:name/description",
	summary: "Save a profile's description",
	body: DescriptionBody,
});
describeRoute({
	method: "POST",
	path: "/api/profiles/:name/describe-auto",
	summary: "Write a profile description from its files",
	body: DescribeBody,
});
describeRoute({ method: "PUT", path: "/api/profiles/:name/model", summary: "Set a profile's model", body: ModelBody });
describeRoute({ method: "PUT", path: "/api/dashboard/font", summary: "Choose the dashboard font", body: FontBody });

describeRoute({
	method: "GET",
	path: "/api/profiles/sessions",
	summary: "Sessions across profiles",
	query: SessionsQuery,
});

export function profileRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const wrappers = (): WrapperContext => ({
		userHome: app.env.HOME,
		hermes: findHermesInstall(app.home, app.env).launcher ?? "hermes",
		pathVar: app.env.PATH,
	});
	/** The `{name}` of a sub-route, resolved by the one profile rule. */
	const named = (c: Context) => profileFor(app, c.req.param("name") ?? "");

	routes.get("/api/profiles", (c) => c.json({ profiles: listProfileRows(app.home, app.env.HOME) }));

	routes.get("/api/profiles/active", (c) =>
		c.json({ active: readActiveProfile(app.home), current: currentProfile(app.home) }),
	);

	routes.post("/api/profiles/active", async (c) => {
		const body = await jsonBody(c, NameBody);
		const active = answered(() => setActiveProfile(app.home, body.name));
		return c.json({ ok: true, active });
	});

	routes.post("/api/profiles", async (c) => {
		const body = await jsonBody(c, CreateBody);
		const path = answered(() =>
			createProfile(
				app.home,
				{
					name: body.name,
					cloneFrom: body.clone_from ?? null,
					cloneFromDefault: body.clone_from_default,
					cloneAll: body.clone_all,
					noSkills: body.no_skills,
				},
				wrappers(),
			),
		);
		const paths = homePaths(path);
		// The steps after the directory exists are best-effort: they never fail the request.
		const step = async <T>(fallback: T, task: () => Promise<T>): Promise<T> => {
			try {
				return await task();
			} catch (error) {
				console.error(`[hermes-dashboard] profile create: ${String((error as Error)?.message ?? error)}`);
				return fallback;
			}
		};
		if (body.description?.trim()) {
			await step(undefined, async () => void writeDescription(path, body.description ?? ""));
		}
		const provider = body.provider?.trim() ?? "";
		const model = body.model?.trim() ?? "";
		const modelSet =
			provider !== "" && model !== ""
				? await step(false, async () => {
						await editConfig(paths.config, app.env, (config) =>
							writeMainModel(config, { provider, model, baseURL: "", apiKey: "" }),
						);
						return true;
					})
				: false;
		const mcpWritten = await step(0, () => writeMCPServers(paths.config, app.env, body.mcp_servers));
		const skillsDisabled = await step(0, () =>
			keepOnlySkills(paths.config, paths.skills, app.env, body.keep_skills),
		);
		// Hub installs need the Hermes CLI's skills hub; they are reported, not started.
		const hubInstalls = body.hub_skills
			.filter((id) => id.trim() !== "")
			.map((identifier) => ({ identifier, pid: null }));
		return c.json({
			ok: true,
			name: body.name,
			path,
			model_set: modelSet,
			mcp_written: mcpWritten,
			skills_disabled: skillsDisabled,
			hub_installs: hubInstalls,
		});
	});

	routes.get("/api/profiles/sessions", (c) => {
		const query = queryParams(c, SessionsQuery);
		if (!["exclude", "only", "include"].includes(query.archived)) {
			throw new ApiError(400, "archived must be one of: exclude, only, include");
		}
		if (!["created", "recent"].includes(query.order)) {
			throw new ApiError(400, "order must be one of: created, recent");
		}
		const root = rootHome(app.home);
		const targets =
			query.profile.trim().toLowerCase() === "all"
				? listProfiles(root).map((name) => ({ name, home: profileHome(root, name) }))
				: [profileByDBRule(app, query.profile)];
		return c.json(
			crossProfileSessions(
				targets,
				{
					limit: query.limit,
					offset: query.offset,
					minMessages: query.min_messages,
					archived: query.archived as ArchivedFilter,
					order: query.order as SessionOrder,
					source: query.source,
					excludeSources: query.exclude_sources?.split(",").map((item) => item.trim()),
					full: query.full,
				},
				nowSeconds(app.clock),
			),
		);
	});

	/** A named profile's gateway is stopped before its folder moves or goes (after the refusals). */
	const stopGatewayOf = async (raw: string) => {
		const name = raw.trim().toLowerCase();
		if (name !== "default" && profileNameProblem(name) === null) {
			await stopProfileGateway(profileHome(rootHome(app.home), name));
		}
	};

	routes.patch("/api/profiles/:name", async (c) => {
		const body = await jsonBody(c, RenameBody);
		answered(() => checkRename(app.home, c.req.param("name"), body.new_name));
		await stopGatewayOf(c.req.param("name"));
		const path = answered(() => renameProfile(app.home, c.req.param("name"), body.new_name, wrappers()));
		return c.json({ ok: true, name: body.new_name, path });
	});

	routes.delete("/api/profiles/:name", async (c) => {
		answered(() => checkDelete(app.home, c.req.param("name")));
		await stopGatewayOf(c.req.param("name"));
		const path = answered(() => deleteProfile(app.home, c.req.param("name"), wrappers()));
		return c.json({ ok: true, path });
	});

	routes.get("/api/profiles/:name/setup-command", (c) => {
		const profile = named(c);
		return c.json({ command: setupCommand(profile.isDefault ? "default" : profile.name) });
	});

	routes.post("/api/profiles/:name/open-terminal", (c) => {
		const profile = named(c);
		const command = setupCommand(profile.isDefault ? "default" : profile.name);
		const opened = openTerminal(command, app.env);
		if (!opened.ok) throw new ApiError(opened.status, opened.message);
		return c.json({ ok: true, command });
	});

	routes.get("/api/profiles/:name/soul", (c) => c.json(readSoul(named(c).home)));

	routes.put("/api/profiles/:name/soul", async (c) => {
		const body = await jsonBody(c, SoulBody);
		writeSoul(named(c).home, body.content);
		return c.json({ ok: true });
	});

	routes.put("/api/profiles/:name/description", async (c) => {
		const body = await jsonBody(c, DescriptionBody);
		const description = writeDescription(named(c).home, body.description ?? "");
		return c.json({ ok: true, description, description_auto: false });
	});

	routes.post("/api/profiles/:name/describe-auto", async (c) => {
		const body = await jsonBody(c, DescribeBody);
		const current = profileDescription(named(c).home);
		// Describing needs an auxiliary LLM call, which this server does not make.
		const reason =
			current.description !== "" && !current.description_auto && !body.overwrite
				? "profile already has a user-authored description (use --overwrite to replace)"
				: "no auxiliary client configured";
		return c.json({ ok: false, reason, description: null, description_auto: false });
	});

	routes.put("/api/profiles/:name/model", async (c) => {
		const body = await jsonBody(c, ModelBody);
		const profile = named(c);
		const provider = body.provider.trim();
		const model = body.model.trim();
		if (provider === "" || model === "") throw new ApiError(400, "provider and model are required");
		await configSaved(() =>
			editConfig(profile.paths.config, app.env, (config) =>
				writeMainModel(config, { provider, model, baseURL: "", apiKey: "" }),
			),
		);
		return c.json({ ok: true, provider, model });
	});

	routes.get("/api/dashboard/font", (c) => c.json({ font: readDashboardFont(homePaths(app.home).config) }));

	routes.put("/api/dashboard/font", async (c) => {
		const body = await jsonBody(c, FontBody);
		const font = coerceFont(body.font);
		await configSaved(() =>
			editConfig(homePaths(app.home).config, app.env, (config) => {
				mappingAt(config, "dashboard").font = font;
			}),
		);
		return c.json({ ok: true, font });
	});

	const listData = () => {
		const profiles = listProfileRows(app.home, app.env.HOME);
		const sessionCounts: Record<string, number> = {};
		for (const row of profiles) {
			try {
				sessionCounts[row.name] = listSessions(
					homePaths(row.path).stateDB,
					{ limit: 0, offset: 0 },
					nowSeconds(app.clock),
				).total;
			} catch {
				// An unreadable state.db shows as no sessions; the card still renders.
				sessionCounts[row.name] = 0;
			}
		}
		return { profiles, active: readActiveProfile(app.home), current: currentProfile(app.home), sessionCounts };
	};

	routes.get("/profiles", (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "profiles.title"),
			path: "/profiles",
			body: profilesPage(listData(), lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/profiles.css")}"><script src="${assetURL("/static/js/profiles.js")}" defer></script>`,
		});
	});

	routes.get("/ui/profiles/list", (c) => c.html(profileList(listData(), languageOf(c))));

	return routes;
}

/** One named profile for the cross-profile list (the one resolver; the own home keeps its name). */
function profileByDBRule(app: AppContext, requested: string): { name: string; home: string } {
	const profile = profileFor(app, requested);
	return { name: profile.name ?? currentProfile(app.home), home: profile.home };
}
