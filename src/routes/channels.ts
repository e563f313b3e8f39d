/**
 * @module
 * Messaging platforms (api-contract A.9): `GET /api/messaging/platforms`,
 * `PUT /api/messaging/platforms/{id}`, `POST /api/messaging/platforms/{id}/test`, the
 * Channels page and its list fragment. Values are only ever answered masked.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import {
	findPlatform,
	gatewayStartCommand,
	invalidValue,
	listPlatforms,
	testVerdict,
	type PlatformSource,
} from "../hermes/channels/platforms.ts";
import type { PlatformCatalogEntry } from "../hermes/channels/catalog.ts";
import { configRefusalStatus, savePlatformEnabled } from "../hermes/channels/enable.ts";
import { cleanEnvValue, deleteEnvValue, readEnvValues, setEnvValue } from "../hermes/env/dotenv.ts";
import { isRedactedEcho } from "../hermes/env/vars.ts";
import { channelsList, channelsPage } from "../views/channels.ts";
import { assetURL } from "../views/assets.ts";
import { gatewayRestartScripts } from "../views/gateway_restart.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const UpdateBody = v.object({
	enabled: v.optional(v.nullable(v.boolean())),
	env: v.optional(v.record(v.string(), v.string()), {}),
	clear_env: v.optional(v.array(v.string()), []),
	profile: v.optional(v.nullable(v.string())),
});

describeRoute({
	method: "PUT",
	path: "/api/messaging/platforms/:id",
	summary: "Save a messaging platform's .env keys and enabled flag",
	query: ProfileQuery,
	body: UpdateBody,
});

describeRoute({
	method: "GET",
	path: "/api/messaging/platforms",
	summary: "Messaging platforms with their status",
	query: ProfileQuery,
});

export function channelRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function source(
		requested: string | null | undefined,
	): PlatformSource & { envPath: string; profile: string | null } {
		const profile = profileFor(app, requested);
		return {
			home: profile.home,
			envPath: profile.paths.env,
			scoped: profile.name !== null,
			processEnv: app.env,
			profile: profile.name,
		};
	}

	function platformOr404(c: Context): PlatformCatalogEntry {
		const id = c.req.param("id") ?? "";
		const entry = findPlatform(id);
		if (entry === undefined) {
			throw new ApiError(404, `Unknown messaging platform: ${id}`);
		}
		return entry;
	}

	function overview(requested: string | null | undefined) {
		const target = source(requested);
		return {
			env_path: target.envPath,
			gateway_start_command: gatewayStartCommand(target.profile),
			platforms: listPlatforms(target),
		};
	}

	routes.get("/api/messaging/platforms", (c) => c.json(overview(queryParams(c, ProfileQuery).profile)));

	routes.put("/api/messaging/platforms/:id", async (c) => {
		const entry = platformOr404(c);
		const body = await jsonBody(c, UpdateBody);
		const target = source(requestedProfile(body.profile, queryParams(c, ProfileQuery).profile));
		const envPath = target.envPath;
		const allowed = new Set(entry.envVars);
		const notConfigurable = (key: string) => new ApiError(400, `${key} is not configurable for ${entry.name}`);
		// Every check runs before the first write, so a refused request changes nothing.
		for (const key of body.clear_env) {
			if (!allowed.has(key)) throw notConfigurable(key);
		}
		const current = readEnvValues(envPath);
		const writes: [string, string][] = [];
		for (const [key, raw] of Object.entries(body.env)) {
			if (!allowed.has(key)) throw notConfigurable(key);
			const value = cleanEnvValue(raw.trim());
			if (value === "") continue; // blank keeps the stored value
			const problem = invalidValue(entry.id, key, value);
			if (problem !== null) throw new ApiError(400, problem);
			if (isRedactedEcho(value, current.get(key))) {
				throw new ApiError(
					400,
					`Refusing to save the masked preview as the value of ${key}; enter the full value.`,
				);
			}
			writes.push([key, value]);
		}
		for (const key of body.clear_env) deleteEnvValue(envPath, key);
		for (const [key, value] of writes) setEnvValue(envPath, key, value);
		if (typeof body.enabled === "boolean") {
			try {
				await savePlatformEnabled(target.home, app.env, entry.id, body.enabled);
			} catch (error) {
				const status = await configRefusalStatus(error);
				if (status !== null) throw new ApiError(status, (error as Error).message);
				throw error;
			}
		}
		return c.json({ ok: true, platform: entry.id });
	});

	routes.post("/api/messaging/platforms/:id/test", (c) => {
		const entry = platformOr404(c);
		const [payload] = listPlatforms(source(queryParams(c, ProfileQuery).profile), entry);
		return c.json(testVerdict(payload!));
	});

	routes.get("/channels", (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "channels.title"),
			path: "/channels",
			body: channelsPage(overview(undefined), lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/channels.css")}">${gatewayRestartScripts()}<script src="${assetURL("/static/js/channels.js")}" defer></script>`,
		});
	});

	routes.get("/ui/channels/list", (c) => c.html(channelsList(overview(undefined), languageOf(c))));

	return routes;
}
