/**
 * @module
 * Skills, toolsets and the skills hub (api-contract A.7, api-contract-clients §7,
 * hermes-home §7) and the `/skills` page. Hub installs, uninstalls, updates and
 * toolset post-setup run the Hermes CLI as background actions (A.13), whose status
 * and live log `routes/actions.ts` serves.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { html } from "hono/html";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import type { ResolvedProfile } from "../hermes/home/profiles.ts";
import { readConfigLenient, type ConfigMapping } from "../hermes/config/yaml.ts";
import { ConfigConflictError, ConfigManagedError } from "../hermes/config/store.ts";
import { isManagedInstall } from "../hermes/home/install.ts";
import { listInstalledSkills } from "../hermes/skills/scan.ts";
import { setSkillEnabled } from "../hermes/skills/toggle.ts";
import {
	createSkill,
	readSkillContent,
	skillDirOf,
	SkillContentError,
	writeSkillContent,
} from "../hermes/skills/content.ts";
import {
	countBySource,
	dedupeResults,
	installActionName,
	installedFromLock,
	parseSearchOutput,
	hermesLauncher,
	inspectHubSkill,
	type previewFromInspect,
	profileArgs,
	runHermes,
	uninstallActionName,
} from "../hermes/skills/hub.ts";
import { HUB_SOURCES } from "../hermes/skills/sources.ts";
import {
	ActionArgumentError,
	actionRunnerFor,
	ActionStartError,
	HermesCLIMissingError,
} from "../hermes/actions/runner.ts";
import { isToolsetKey, listToolsets, setToolsetEnabled } from "../hermes/toolsets/state.ts";
import {
	chooseProvider,
	envIsSet,
	saveToolsetEnv,
	setupRequirements,
	toolsetConfig,
	toolsetEnv,
	unknownEnvKeys,
} from "../hermes/toolsets/drawer.ts";
import { POST_SETUP_KEYS } from "../hermes/toolsets/providers.ts";
import { skillDetail, skillRows, skillsPage } from "../views/skills.ts";
import { markdownRenderer } from "../views/markdown.ts";
import { readFrontmatter } from "../hermes/skills/frontmatter.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import {
	ProfileQuery,
	ToggleBody,
	ContentQuery,
	ContentBody,
	CreateBody,
	EnabledBody,
	ProviderBody,
	EnvBody,
	ModelBody,
	PostSetupBody,
	SearchQuery,
	IdentifierQuery,
	InstallBody,
	UninstallBody,
	UpdateBody,
} from "./skills_requests.ts";
import type { AppContext, AppEnv } from "../context.ts";

/** Config write refusals as HTTP answers. */
function configAnswer(error: unknown): never {
	if (error instanceof ConfigConflictError) throw new ApiError(409, error.message);
	if (error instanceof ConfigManagedError) throw new ApiError(403, error.message);
	throw error;
}

/** Runs a SKILL.md read or write; its refusals become their HTTP answers. */
function skillContent<T>(task: () => T): T {
	try {
		return task();
	} catch (error) {
		if (error instanceof SkillContentError) throw new ApiError(error.status, error.message);
		throw error;
	}
}

/** The environment a toolset's keys are checked against. */
function keyEnv(app: AppContext, profile: ResolvedProfile): Record<string, string | undefined> {
	return toolsetEnv(app.env, profile.paths.env);
}

export function skillsRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const runner = actionRunnerFor(app);

	const target = (c: Context, bodyProfile?: string | null) =>
		profileFor(app, requestedProfile(bodyProfile, queryParams(c, ProfileQuery).profile));
	const config = (profile: ResolvedProfile): ConfigMapping => readConfigLenient(profile.paths.config);

	const launcher = () => hermesLauncher(app.home, app.env);

	/** Starts a hub/toolset action; a spawn failure is one request's 500, never the server's. */
	function startAction(name: string, args: string[], failure: string): { ok: true; pid: number; name: string } {
		try {
			return { ok: true, pid: runner.start(name, args), name };
		} catch (error) {
			// A missing CLI is the user's to fix (424, naming what to install); a failed spawn is ours (500).
			if (error instanceof ActionArgumentError) throw new ApiError(400, `${failure}: ${error.message}`);
			if (error instanceof HermesCLIMissingError) throw new ApiError(424, `${failure}: ${error.message}`);
			if (error instanceof ActionStartError || (error as NodeJS.ErrnoException).code !== undefined) {
				throw new ApiError(500, `${failure}: ${(error as Error).message}`);
			}
			throw error;
		}
	}

	// -- installed skills ------------------------------------------------------------
	routes.get("/api/skills", (c) => {
		const profile = target(c);
		return c.json(listInstalledSkills(profile.paths.skills, config(profile), app.env));
	});

	routes.put("/api/skills/toggle", async (c) => {
		const body = await jsonBody(c, ToggleBody);
		const profile = target(c, body.profile);
		await setSkillEnabled(profile.paths.config, body.name, body.enabled, app.env).catch(configAnswer);
		return c.json({ ok: true, name: body.name, enabled: body.enabled });
	});

	routes.get("/api/skills/content", (c) => {
		const query = queryParams(c, ContentQuery);
		const profile = target(c);
		const { name, content, path, version } = skillContent(() => readSkillContent(profile.paths.skills, query.name));
		return c.json({ name, content, path, version });
	});

	routes.put("/api/skills/content", async (c) => {
		const body = await jsonBody(c, ContentBody);
		const profile = target(c, body.profile);
		const saved = skillContent(() =>
			writeSkillContent(profile.paths.skills, body.name, body.content, {
				expectVersion: body.version ?? undefined,
				profileName: profile.name ?? (profile.isDefault ? "default" : basename(profile.home)),
			}),
		);
		return c.json({
			success: true,
			message: `Skill '${saved.name}' updated (full rewrite).`,
			path: skillDirOf(saved.path),
			version: saved.version,
		});
	});

	routes.post("/api/skills", async (c) => {
		const body = await jsonBody(c, CreateBody);
		const profile = target(c, body.profile);
		const created = skillContent(() => createSkill(profile.paths.skills, body.name, body.content, body.category));
		return c.json({
			success: true,
			message: `Skill '${created.name}' created.`,
			path: created.relative,
			skill_md: created.path,
			category: created.category,
		});
	});

	// -- toolsets ----------------------------------------------------------------------
	const toolsetName = (c: Context): string => {
		const name = c.req.param("name") ?? "";
		if (!isToolsetKey(name)) throw new ApiError(400, `Unknown toolset: ${name}`);
		return name;
	};

	routes.get("/api/tools/toolsets", (c) => {
		const profile = target(c);
		return c.json(listToolsets(config(profile), keyEnv(app, profile)));
	});

	routes.put("/api/tools/toolsets/:name", async (c) => {
		const name = toolsetName(c);
		const body = await jsonBody(c, EnabledBody);
		const profile = target(c, body.profile);
		await setToolsetEnabled(profile.paths.config, name, body.enabled, keyEnv(app, profile)).catch(configAnswer);
		return c.json({ ok: true, name, enabled: body.enabled });
	});

	routes.get("/api/tools/toolsets/:name/config", (c) => {
		const name = toolsetName(c);
		const profile = target(c);
		return c.json(toolsetConfig(name, config(profile), keyEnv(app, profile)));
	});

	routes.put("/api/tools/toolsets/:name/provider", async (c) => {
		const name = toolsetName(c);
		const body = await jsonBody(c, ProviderBody);
		const profile = target(c, body.profile);
		const row = await chooseProvider(profile.paths.config, name, body.provider, app.env).catch(configAnswer);
		if (row === null) throw new ApiError(400, `Unknown provider '${body.provider}' for toolset '${name}'`);
		return c.json({ ok: true, name, provider: row.name });
	});

	routes.put("/api/tools/toolsets/:name/env", async (c) => {
		const name = toolsetName(c);
		const body = await jsonBody(c, EnvBody);
		const profile = target(c, body.profile);
		const unknown = unknownEnvKeys(name, body.env);
		if (unknown.length > 0)
			throw new ApiError(400, `Unknown env var(s) for toolset ${name}: ${unknown.join(", ")}`);
		// Hermes's save_env_value writes nothing in a managed install (hermes-home §1.3): say so.
		if (isManagedInstall(profile.home, app.env))
			throw new ApiError(403, "Hermes is in managed mode: .env is read-only");
		const { saved, skipped } = saveToolsetEnv(profile.paths.env, body.env);
		return c.json({ ok: true, name, saved, skipped, is_set: envIsSet(name, keyEnv(app, profile)) });
	});

	// Model catalogues belong to image_gen/video_gen backends; none is bundled here yet.
	routes.get("/api/tools/toolsets/:name/models", (c) => {
		target(c);
		return c.json({ name: c.req.param("name"), has_models: false, models: [], current: null, default: null });
	});

	routes.put("/api/tools/toolsets/:name/model", async (c) => {
		const name = c.req.param("name") ?? "";
		const body = await jsonBody(c, ModelBody);
		target(c, body.profile);
		if (name !== "image_gen" && name !== "video_gen")
			throw new ApiError(400, `Toolset has no model catalog: ${name}`);
		if (body.model.trim() === "") throw new ApiError(400, "model is required");
		throw new ApiError(400, `No model-capable backend is active for ${name}`);
	});

	routes.post("/api/tools/toolsets/:name/post-setup", async (c) => {
		toolsetName(c);
		const body = await jsonBody(c, PostSetupBody);
		const profile = target(c, body.profile);
		if (!POST_SETUP_KEYS.includes(body.key)) throw new ApiError(400, `Unknown post-setup key: ${body.key}`);
		// Hermes checks the key against the global allow-list only, not this toolset's rows.
		const args = [...profileArgs(profile.name), "tools", "post-setup", body.key];
		return c.json({ ...startAction("tools-post-setup", args, "Failed to run post-setup"), key: body.key });
	});

	// -- hub -------------------------------------------------------------------------
	const lockOf = (profile: ResolvedProfile): unknown => {
		try {
			return JSON.parse(readFileSync(join(profile.paths.skills, ".hub", "lock.json"), "utf8"));
		} catch {
			return null;
		}
	};

	routes.get("/api/skills/hub/sources", (c) => {
		const profile = target(c);
		return c.json({
			sources: HUB_SOURCES,
			featured: [],
			installed: installedFromLock(lockOf(profile)),
			index_available: false,
		});
	});

	routes.get("/api/skills/hub/search", async (c) => {
		const query = queryParams(c, SearchQuery);
		const profile = target(c);
		if (query.q.trim() === "") return c.json({ results: [], source_counts: {}, timed_out: [], installed: {} });
		const limit = Math.min(50, Math.max(1, query.limit));
		const args = [...profileArgs(profile.name), "skills", "search", query.q, "--source", query.source];
		let parsed: ReturnType<typeof parseSearchOutput>;
		try {
			parsed = parseSearchOutput(
				await runHermes(launcher(), [...args, "--limit", String(limit), "--json"], app.env, app.home),
			);
		} catch (error) {
			throw new ApiError(502, `Hub search failed: ${(error as Error).message}`);
		}
		const results = dedupeResults(parsed.results).slice(0, limit);
		return c.json({
			results,
			source_counts: countBySource(results),
			timed_out: parsed.timed_out,
			installed: installedFromLock(lockOf(profile)),
		});
	});

	// Hermes answers preview in-process; its CLI offers `skills inspect` (text, no JSON),
	// which is shown as the preview text.
	routes.get("/api/skills/hub/preview", async (c) => {
		const query = queryParams(c, IdentifierQuery);
		const profile = target(c);
		const identifier = query.identifier.trim();
		if (identifier === "") throw new ApiError(400, "identifier is required");
		let preview: ReturnType<typeof previewFromInspect> | null;
		try {
			preview = await inspectHubSkill(
				{ launcher: launcher(), profileArgs: profileArgs(profile.name), env: app.env, home: app.home },
				identifier,
			);
		} catch (error) {
			throw new ApiError(502, `Hub preview failed: ${(error as Error).message}`);
		}
		if (preview === null) throw new ApiError(404, `Skill not found: ${identifier}`);
		return c.json(preview);
	});

	// The Hermes CLI has no scan-without-install command (Hermes's own server runs its scanner
	// in-process), so every scan fails the way a failed scan does in Hermes: 502 (clients §9).
	routes.get("/api/skills/hub/scan", (c) => {
		const query = queryParams(c, IdentifierQuery);
		target(c);
		if (query.identifier.trim() === "") throw new ApiError(400, "identifier is required");
		throw new ApiError(
			502,
			"Hub scan failed: the Hermes CLI cannot scan a hub skill without installing it; install runs the same scan and refuses blocked skills",
		);
	});

	routes.post("/api/skills/hub/install", async (c) => {
		const body = await jsonBody(c, InstallBody);
		const profile = target(c, body.profile);
		const identifier = body.identifier.trim();
		if (identifier === "") throw new ApiError(400, "identifier is required");
		const args = [...profileArgs(profile.name), "skills", "install", identifier, "--yes"];
		return c.json(startAction(installActionName(identifier), args, "Failed to install skill"));
	});

	routes.post("/api/skills/hub/uninstall", async (c) => {
		const body = await jsonBody(c, UninstallBody);
		const profile = target(c, body.profile);
		const name = body.name.trim();
		if (name === "") throw new ApiError(400, "name is required");
		const args = [...profileArgs(profile.name), "skills", "uninstall", name, "--yes"];
		return c.json(startAction(uninstallActionName(name), args, "Failed to uninstall skill"));
	});

	routes.post("/api/skills/hub/update", async (c) => {
		const body = await jsonBody(c, UpdateBody);
		const profile = target(c, body?.profile);
		const args = [...profileArgs(profile.name), "skills", "update"];
		return c.json(startAction("skills-update", args, "Failed to update skills"));
	});

	// -- page --------------------------------------------------------------------------
	routes.get("/skills", (c) => {
		const lang = languageOf(c);
		const profile = target(c);
		const skills = listInstalledSkills(profile.paths.skills, config(profile), app.env);
		const toolsets = listToolsets(config(profile), keyEnv(app, profile));
		return renderPage(c, app, {
			title: t(lang, "skills.title"),
			path: "/skills",
			body: skillsPage(
				skills,
				toolsets,
				Object.fromEntries(toolsets.map((row) => [row.name, setupRequirements(row.name)])),
				HUB_SOURCES,
				lang,
			),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/skills.css")}"><script src="${assetURL("/static/js/action_log.js")}" defer></script><script src="${assetURL("/static/js/skills.js")}" defer></script>`,
		});
	});

	routes.get("/ui/skills/list", (c) => {
		const profile = target(c);
		return c.html(skillRows(listInstalledSkills(profile.paths.skills, config(profile), app.env), languageOf(c)));
	});

	routes.get("/ui/skills/detail", async (c) => {
		const query = queryParams(c, ContentQuery);
		const profile = target(c);
		const skill = skillContent(() => readSkillContent(profile.paths.skills, query.name));
		const render = await markdownRenderer();
		const rendered = render(readFrontmatter(skill.content).body);
		return c.html(skillDetail(skill.name, skill.content, skill.version, rendered, languageOf(c)));
	});

	return routes;
}
