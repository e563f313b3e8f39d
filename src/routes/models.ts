/**
 * @module
 * Models API (api-contract-clients §1.5, §3.1–§3.7): the main model's info, the picker's
 * options, the auxiliary slots, Mixture-of-Agents presets, model assignment, per-model
 * usage and the pre-save credential check; plus the `/models` page.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { html } from "hono/html";
import * as v from "valibot";
import { ApiError, jsonBody, queryBoolean, queryParams } from "../http/validate.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import { readConfigLenient, type ConfigMapping } from "../hermes/config/yaml.ts";
import { configEditRefusal, editConfig } from "../hermes/models/config_edit.ts";
import {
	AUX_TASKS,
	auxiliarySlots,
	modelInfo,
	resetAuxiliary,
	staleAuxiliary,
	writeAuxiliary,
	writeMainModel,
} from "../hermes/models/model_config.ts";
import { expensiveModelWarning } from "../hermes/models/catalog.ts";
import { modelOptions } from "../hermes/models/options.ts";
import { moaPayload, normaliseMoa, readMoa, writeMoa } from "../hermes/models/moa.ts";
import { validateCredential } from "../hermes/models/validate_key.ts";
import { modelUsageReport } from "../hermes/sessions/model_analytics.ts";
import { modelsPage } from "../views/models.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const ProfileQuery = v.looseObject({ profile: v.optional(v.string()) });
const OptionsQuery = v.looseObject({
	profile: v.optional(v.string()),
	refresh: v.optional(queryBoolean, "false"),
	include_unconfigured: v.optional(queryBoolean, "false"),
	explicit_only: v.optional(queryBoolean, "false"),
});
const AnalyticsQuery = v.looseObject({
	profile: v.optional(v.string()),
	days: v.optional(
		v.pipe(v.string(), v.regex(/^-?\d+$/, "Input should be a valid integer"), v.transform(Number)),
		"30",
	),
});
const nullableText = v.optional(v.nullable(v.string()));
const SetBody = v.looseObject({
	scope: v.string(),
	provider: v.string(),
	model: v.string(),
	task: v.optional(v.string(), ""),
	base_url: v.optional(v.string(), ""),
	api_key: v.optional(v.string(), ""),
	confirm_expensive_model: v.optional(v.boolean(), false),
	profile: nullableText,
});
const Slot = v.looseObject({ provider: v.string(), model: v.string() });
const Preset = v.looseObject({
	reference_models: v.optional(v.array(Slot)),
	aggregator: v.optional(Slot),
	reference_temperature: v.optional(v.nullable(v.number())),
	aggregator_temperature: v.optional(v.nullable(v.number())),
	max_tokens: v.optional(v.number(), 4096),
	enabled: v.optional(v.boolean(), true),
});
const MoaBody = v.looseObject({
	...Preset.entries,
	default_preset: v.optional(v.string(), "default"),
	active_preset: v.optional(v.string(), ""),
	presets: v.optional(v.record(v.string(), Preset), {}),
	profile: nullableText,
});
const ValidateBody = v.looseObject({
	key: v.string(),
	value: v.string(),
	api_key: nullableText,
	profile: nullableText,
});

/** Gated mode: these credential routes need a signed-in browser session, not only a token. */
describeRoute({
	method: "PUT",
	path: "/api/model/moa",
	summary: "Save the mixture-of-agents preset",
	query: ProfileQuery,
	body: MoaBody,
});
describeRoute({
	method: "POST",
	path: "/api/model/set",
	summary: "Set the main or an auxiliary model",
	query: ProfileQuery,
	body: SetBody,
});
describeRoute({
	method: "POST",
	path: "/api/providers/validate",
	summary: "Check a provider credential",
	body: ValidateBody,
});

describeRoute({ method: "GET", path: "/api/model/options", summary: "Models a provider offers", query: OptionsQuery });
describeRoute({ method: "GET", path: "/api/analytics/models", summary: "Usage per model", query: AnalyticsQuery });

export function requireUserSession(app: AppContext, c: Context<AppEnv>): void {
	if (app.mode === "gated" && c.get("authSession") === undefined) {
		throw new ApiError(401, "Unauthorized");
	}
}

/** Config writes: refusals keep their status (managed 403, unparseable 400, conflict 409); anything else is Hermes's 500 text. */
async function saving<T>(task: () => Promise<T>, failure: string): Promise<T> {
	try {
		return await task();
	} catch (error) {
		const refusal = configEditRefusal(error);
		if (refusal !== null) throw new ApiError(refusal.status, refusal.message);
		if (error instanceof ApiError) throw error;
		console.error(`[hermes-dashboard] ${failure}: ${String((error as Error)?.message ?? error)}`);
		throw new ApiError(500, failure);
	}
}

export function modelRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const target = (c: Context, bodyProfile?: string | null) =>
		profileFor(app, requestedProfile(bodyProfile, queryParams(c, ProfileQuery).profile));
	const configOf = (home: string): ConfigMapping => readConfigLenient(homePaths(home).config);

	routes.get("/api/model/info", (c) => c.json(modelInfo(configOf(target(c).home))));

	routes.get("/api/model/options", (c) => {
		const query = queryParams(c, OptionsQuery);
		const home = profileFor(app, query.profile).home;
		return c.json(
			modelOptions(home, configOf(home), app.env, {
				includeUnconfigured: query.include_unconfigured,
				explicitOnly: query.explicit_only,
			}),
		);
	});

	routes.get("/api/model/recommended-default", (c) => {
		const provider = (c.req.query("provider") ?? "").trim().toLowerCase();
		const row = modelOptions(app.home, configOf(app.home), app.env, {
			includeUnconfigured: false,
			explicitOnly: false,
		}).providers.find((entry) => entry.slug === provider);
		// Nous's tier check is a live portal call this server does not make.
		return c.json({
			provider,
			model: provider === "nous" ? "" : (row?.models[0] ?? ""),
			free_tier: null,
		});
	});

	routes.get("/api/model/auxiliary", (c) => c.json(auxiliarySlots(configOf(target(c).home))));

	routes.get("/api/model/moa", (c) => c.json(moaPayload(readMoa(configOf(target(c).home)))));

	routes.put("/api/model/moa", async (c) => {
		const body = await jsonBody(c, MoaBody);
		const home = target(c, body.profile).home;
		const { profile: _profile, default_preset, active_preset, presets, ...flat } = body;
		const incoming =
			Object.keys(presets).length > 0
				? { default_preset, active_preset, presets }
				: { default_preset, active_preset, ...flat };
		const moa = normaliseMoa(incoming);
		await saving(
			() => editConfig(homePaths(home).config, app.env, (config) => writeMoa(config, moa)),
			"Failed to save MoA config",
		);
		return c.json({ ok: true, ...moaPayload(moa) });
	});

	routes.post("/api/model/set", async (c) => {
		const body = await jsonBody(c, SetBody);
		const scope = body.scope.trim().toLowerCase();
		const task = body.task.trim().toLowerCase();
		const provider = body.provider.trim();
		const model = body.model.trim();
		if (scope !== "main" && scope !== "auxiliary") {
			throw new ApiError(400, "scope must be 'main' or 'auxiliary'");
		}
		const home = target(c, body.profile).home;
		const configPath = homePaths(home).config;
		const warning = model !== "" && !body.confirm_expensive_model ? expensiveModelWarning(model) : null;
		if (warning !== null) {
			return c.json({ ok: false, scope, provider, model, confirm_required: true, confirm_message: warning });
		}
		if (scope === "main") {
			if (provider === "" || model === "") throw new ApiError(400, "provider and model required for main");
			const result = await saving(
				() =>
					editConfig(configPath, app.env, (config) => {
						const stored = writeMainModel(config, {
							provider,
							model,
							baseURL: body.base_url.trim(),
							apiKey: body.api_key.trim(),
						});
						return { ...stored, stale_aux: staleAuxiliary(config, stored.provider) };
					}),
				"Failed to save model assignment",
			);
			return c.json({ ok: true, scope, ...result, gateway_tools: [] });
		}
		if (task === "__reset__") {
			await saving(() => editConfig(configPath, app.env, resetAuxiliary), "Failed to save model assignment");
			return c.json({ ok: true, scope, reset: true });
		}
		if (provider === "") throw new ApiError(400, "provider required for auxiliary");
		if (task !== "" && !AUX_TASKS.includes(task)) throw new ApiError(400, `unknown auxiliary task: ${task}`);
		const tasks = task === "" ? [...AUX_TASKS] : [task];
		await saving(
			() => editConfig(configPath, app.env, (config) => writeAuxiliary(config, tasks, provider, model)),
			"Failed to save model assignment",
		);
		return c.json({ ok: true, scope, tasks, provider, model });
	});

	routes.get("/api/analytics/models", (c) => {
		const query = queryParams(c, AnalyticsQuery);
		const profile = profileFor(app, query.profile);
		return c.json(modelUsageReport(profile.paths.stateDB, query.days, nowSeconds(app.clock)));
	});

	routes.post("/api/providers/validate", async (c) => {
		requireUserSession(app, c);
		const body = await jsonBody(c, ValidateBody);
		return c.json(await validateCredential(body.key, body.value, body.api_key ?? undefined));
	});

	routes.get("/models", (c) => {
		const lang = languageOf(c);
		const profile = target(c);
		const config = configOf(profile.home);
		const days = [7, 30, 90].includes(Number(c.req.query("days"))) ? Number(c.req.query("days")) : 30;
		const body = modelsPage(
			{
				profile: profile.name,
				info: modelInfo(config),
				auxiliary: auxiliarySlots(config),
				moa: moaPayload(readMoa(config)),
				usage: modelUsageReport(profile.paths.stateDB, days, nowSeconds(app.clock)),
				days,
				options: modelOptions(profile.home, config, app.env, {
					includeUnconfigured: true,
					explicitOnly: false,
				}),
			},
			lang,
		);
		return renderPage(c, app, {
			title: t(lang, "models.title"),
			path: "/models",
			body,
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/models.css")}"><script src="${assetURL("/static/js/models.js")}" defer></script>`,
		});
	});

	return routes;
}
