/**
 * @module
 * Config editor (api-contract A.3): `GET/PUT /api/config`, `/api/config/defaults`,
 * `/api/config/schema`, `GET/PUT /api/config/raw`, plus our own preview and history
 * endpoints, the `/config` page and its `/ui/config/history` fragments. Every read hands
 * out the file's version as an `ETag` (and `version` in the raw payload); a save may
 * echo it in `If-Match` or a `version` field and gets a 409 if the file moved on.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { MAX_DEPTH as MAX_CONFIG_DEPTH } from "../hermes/config/safe_yaml.ts";
import { requireUtf8Body, requireWellFormed } from "../http/utf8_body.ts";
import { DEFAULT_CONFIG } from "../hermes/config/defaults.ts";
import { buildConfigSchema } from "../hermes/config/schema.ts";
import { effectiveConfig, toAPIConfig } from "../hermes/config/effective.ts";
import {
	ConfigParseError,
	ConfigReadError,
	parseConfigDocument,
	parseConfigText,
	readConfigText as readFileText,
	type ConfigMapping,
	type ConfigText,
} from "../hermes/config/yaml.ts";
import type { SaveResult } from "../hermes/config/store.ts";

/** The write path (and the YAML editing it needs) loads on the first save or preview. */
function configStore(): Promise<typeof import("../hermes/config/store.ts")> {
	return import("../hermes/config/store.ts");
}
import { diffConfig, listHistory, readHistoryEntry } from "../hermes/config/history.ts";
import { templateEnv } from "../hermes/config/template_env.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import { configPage, configPanels, historyDiff, historyList } from "../views/config.ts";
import { t } from "../views/i18n.ts";
import { assetURL } from "../views/assets.ts";
import { html } from "hono/html";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const ProfileQuery = v.looseObject({ profile: v.optional(v.string()) });
const ConfigBody = v.looseObject({
	config: v.record(v.string(), v.unknown()),
	profile: v.optional(v.nullable(v.string())),
	version: v.optional(v.nullable(v.string())),
});
const RawBody = v.looseObject({
	yaml_text: v.string(),
	profile: v.optional(v.nullable(v.string())),
	version: v.optional(v.nullable(v.string())),
});
const PreviewBody = v.looseObject({
	config: v.optional(v.record(v.string(), v.unknown())),
	yaml_text: v.optional(v.string()),
	profile: v.optional(v.nullable(v.string())),
});
const RestoreBody = v.optional(
	v.looseObject({
		profile: v.optional(v.nullable(v.string())),
		version: v.optional(v.nullable(v.string())),
	}),
);

/** The home a request targets (api-contract 0.2): a body `profile` beats the query's. */
function targetHome(app: AppContext, c: Context, bodyProfile?: string | null): string {
	return profileFor(app, requestedProfile(bodyProfile, queryParams(c, ProfileQuery).profile)).home;
}

function expectedVersion(c: Context, bodyVersion?: string | null): string | undefined {
	const header = c.req.header("if-match");
	const fromHeader =
		header === undefined || header.trim() === "*"
			? undefined
			: header.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
	return bodyVersion ?? fromHeader;
}

/** The file's text; an unreadable file is a 409 (it exists, and nothing may replace it). */
function readConfigText(path: string): ConfigText {
	try {
		return readFileText(path);
	} catch (error) {
		if (error instanceof ConfigReadError) {
			throw new ApiError(409, error.message);
		}
		throw error;
	}
}

/** The raw file as a mapping; a broken file reads as `{}` (Hermes falls back to defaults). */
function rawMapping(path: string): { raw: ConfigMapping; version: string; error?: string } {
	const { text, version } = readConfigText(path);
	try {
		return { raw: parseConfigText(text), version };
	} catch (error) {
		if (error instanceof ConfigParseError) {
			return { raw: {}, version, error: error.message };
		}
		throw error;
	}
}

/** Turns data-layer refusals into HTTP answers. */
async function guarded(c: Context, task: () => Promise<SaveResult>): Promise<SaveResult> {
	try {
		const result = await task();
		c.header("ETag", `"${result.version}"`);
		return result;
	} catch (error) {
		const { ConfigConflictError, ConfigManagedError } = await configStore();
		if (error instanceof ConfigConflictError) {
			throw new ApiError(409, error.message, {
				ETag: `"${error.currentVersion}"`,
				"X-Config-Conflict": error.reason,
			});
		}
		if (error instanceof ConfigManagedError) {
			throw new ApiError(403, error.message);
		}
		if (error instanceof ConfigParseError) {
			throw new ApiError(400, error.message);
		}
		if (error instanceof ConfigReadError) {
			throw new ApiError(409, error.message);
		}
		throw error;
	}
}

describeRoute({
	method: "PUT",
	path: "/api/config",
	summary: "Save config.yaml from the settings form",
	body: ConfigBody,
});
describeRoute({ method: "PUT", path: "/api/config/raw", summary: "Save config.yaml as YAML text", body: RawBody });
describeRoute({
	method: "POST",
	path: "/api/config/preview",
	summary: "Preview a config edit without saving",
	body: PreviewBody,
});
describeRoute({
	method: "POST",
	path: "/api/config/history/:id/restore",
	summary: "Restore a saved config.yaml version",
	body: RestoreBody,
});

export function configRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const schema = buildConfigSchema();

	routes.get("/api/config", (c) => {
		const home = targetHome(app, c);
		const { raw, version } = rawMapping(homePaths(home).config);
		c.header("ETag", `"${version}"`);
		return c.json(toAPIConfig(effectiveConfig(raw, templateEnv(home, app.env))));
	});

	routes.get("/api/config/defaults", (c) => c.json(DEFAULT_CONFIG));
	routes.get("/api/config/schema", (c) => c.json(schema));

	routes.put("/api/config", async (c) => {
		await requireUtf8Body(c);
		// Past the generic JSON cap the config rule still speaks: Hermes could not load it (400).
		const body = await jsonBody(c, ConfigBody, {
			tooDeep: () => new ApiError(400, `config is nested more than ${MAX_CONFIG_DEPTH} levels deep`),
		});
		const home = targetHome(app, c, body.profile);
		const path = homePaths(home).config;
		const result = await guarded(c, async () =>
			(await configStore()).saveFormConfig(path, body.config, {
				env: templateEnv(home, app.env),
				expectVersion: expectedVersion(c, body.version),
			}),
		);
		return c.json({ ok: true, version: result.version });
	});

	routes.get("/api/config/raw", (c) => {
		const path = homePaths(targetHome(app, c)).config;
		const { text, version } = readConfigText(path);
		c.header("ETag", `"${version}"`);
		return c.json({ yaml: text, path, version });
	});

	routes.put("/api/config/raw", async (c) => {
		await requireUtf8Body(c);
		const body = await jsonBody(c, RawBody);
		requireWellFormed(body.yaml_text, "yaml_text");
		const path = homePaths(targetHome(app, c, body.profile)).config;
		const result = await guarded(c, async () =>
			(await configStore()).saveRawConfig(path, body.yaml_text, {
				env: app.env,
				expectVersion: expectedVersion(c, body.version),
			}),
		);
		return c.json({ ok: true, version: result.version });
	});

	// What a save would change, as a unified diff over the current file (nothing is written).
	routes.post("/api/config/preview", async (c) => {
		const body = await jsonBody(c, PreviewBody);
		const home = targetHome(app, c, body.profile);
		const path = homePaths(home).config;
		const result = (await guarded(c, async () => {
			if (body.yaml_text !== undefined) {
				parseConfigDocument(body.yaml_text);
				const current = readConfigText(path);
				return {
					version: current.version,
					text: body.yaml_text,
					changed: current.text !== body.yaml_text,
					before: current.text,
				};
			}
			const { current, next } = (await configStore()).previewFormSave(
				path,
				body.config ?? {},
				templateEnv(home, app.env),
			);
			return { version: current.version, text: next, changed: current.text !== next, before: current.text };
		})) as SaveResult & { before: string };
		return c.json({
			version: result.version,
			changed: result.changed,
			diff: diffConfig(result.before, result.text, { before: "config.yaml", after: "config.yaml (new)" }),
		});
	});

	routes.get("/api/config/history", (c) => {
		return c.json({ entries: listHistory(homePaths(targetHome(app, c)).config) });
	});

	routes.get("/api/config/history/:id", (c) => {
		const path = homePaths(targetHome(app, c)).config;
		const text = readHistoryEntry(path, c.req.param("id"));
		if (text === undefined) {
			throw new ApiError(404, "No such saved version");
		}
		const current = readConfigText(path).text;
		return c.json({
			id: c.req.param("id"),
			yaml: text,
			diff: diffConfig(current, text, {
				before: "config.yaml (current)",
				after: `config.yaml (${c.req.param("id")})`,
			}),
		});
	});

	routes.post("/api/config/history/:id/restore", async (c) => {
		const body = await jsonBody(c, RestoreBody);
		const path = homePaths(targetHome(app, c, body?.profile)).config;
		const text = readHistoryEntry(path, c.req.param("id"));
		if (text === undefined) {
			throw new ApiError(404, "No such saved version");
		}
		const result = await guarded(c, async () =>
			(await configStore()).saveRawConfig(path, text, {
				env: app.env,
				expectVersion: expectedVersion(c, body?.version),
			}),
		);
		return c.json({ ok: true, version: result.version });
	});

	/** The served home's config as the page shows it (a broken file: empty values and its error). */
	function pageState(): { raw: ConfigMapping; version: string; error?: string; path: string } {
		const path = homePaths(app.home).config;
		try {
			return { ...rawMapping(path), path };
		} catch (error) {
			if (!(error instanceof ApiError)) {
				throw error;
			}
			return { raw: {}, version: "", error: error.message, path };
		}
	}

	routes.get("/config", (c) => {
		const lang = languageOf(c);
		const { raw, version, error, path } = pageState();
		const body = configPage({
			lang,
			schema,
			values: toAPIConfig(effectiveConfig(raw)),
			version,
			path,
			parseError: error,
			lazyPanels: true,
		});
		const head = html`<link rel="stylesheet" href="${assetURL("/static/css/config.css")}">
<script src="${assetURL("/static/js/config_fields.js")}" defer></script>
<script src="${assetURL("/static/js/config_dialog.js")}" defer></script>
<script src="${assetURL("/static/js/config.js")}" defer></script>`;
		return renderPage(c, app, { title: t(lang, "config.title"), path: "/config", body, head });
	});

	routes.get("/ui/config/panels", (c) => {
		const { raw, version } = pageState();
		return c.html(
			configPanels({ schema, values: toAPIConfig(effectiveConfig(raw)), version, lang: languageOf(c) }),
		);
	});

	routes.get("/ui/config/history", (c) => {
		return c.html(historyList(listHistory(homePaths(app.home).config), languageOf(c)));
	});

	routes.get("/ui/config/history/:id", (c) => {
		const path = homePaths(app.home).config;
		const text = readHistoryEntry(path, c.req.param("id"));
		if (text === undefined) {
			return c.html(html`<p class="error-banner">No such saved version</p>`, 404);
		}
		return c.html(
			historyDiff(
				diffConfig(readConfigText(path).text, text, { before: "current", after: c.req.param("id") }),
				languageOf(c),
			),
		);
	});

	return routes;
}
