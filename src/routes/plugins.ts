/**
 * @module
 * Dashboard plugins (api-contract-clients §1.4, §5.1–5.4, §5.7; AC A.14): the public
 * manifest list, the Plugins page hub, rescan, sidebar visibility, the provider choice,
 * and `/dashboard-plugins/{plugin}/{path}` assets confined to the plugin's `dashboard/`.
 * All of it works on the dashboard's own home (no `?profile`). The plugin runtime (tabs,
 * slots, `/api/plugins/<name>/…` backends) is not part of this module.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import * as v from "valibot";
import { Readable } from "node:stream";
import { extname, join } from "node:path";
import { ApiError, jsonBody } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";
import { ConfinementError, openConfinedFile } from "../hermes/home/confine.ts";
import { ConfigConflictError, ConfigManagedError } from "../hermes/config/store.ts";
import {
	cachedManifests,
	isActive,
	listedManifests,
	readPluginSettings,
	rescanManifests,
} from "../hermes/plugins/manifests.ts";
import { pluginHub } from "../hermes/plugins/hub.ts";
import {
	cleanPluginName,
	ProviderChoiceError,
	setPluginHidden,
	setPluginProviders,
} from "../hermes/plugins/settings.ts";
import {
	installAgentPlugin,
	PluginActionError,
	removeAgentPlugin,
	setAgentPluginEnabled,
	updateAgentPlugin,
} from "../hermes/plugins/agent.ts";
import type { AppContext, AppEnv } from "../context.ts";

const VisibilityBody = v.object({ hidden: v.boolean() });
const ProvidersBody = v.object({
	memory_provider: v.optional(v.nullable(v.string())),
	context_engine: v.optional(v.nullable(v.string())),
});

describeRoute({
	method: "GET",
	path: "/api/dashboard/plugins",
	summary: "Active dashboard plugin manifests",
	public: true,
});
describeRoute({
	method: "GET",
	path: "/api/dashboard/plugins/hub",
	summary: "Agent plugins, orphan manifests, providers",
});
describeRoute({
	method: "GET",
	path: "/api/dashboard/plugins/rescan",
	summary: "Rediscover dashboard plugin manifests",
});
describeRoute({
	method: "POST",
	path: "/api/dashboard/plugins/:name{.+}/visibility",
	summary: "Hide or show a plugin in the sidebar",
	body: VisibilityBody,
});
describeRoute({
	method: "PUT",
	path: "/api/dashboard/plugin-providers",
	summary: "Choose the memory provider and context engine",
	body: ProvidersBody,
});

const InstallBody = v.object({
	identifier: v.string(),
	force: v.optional(v.boolean(), false),
	enable: v.optional(v.boolean(), true),
});
describeRoute({
	method: "POST",
	path: "/api/dashboard/agent-plugins/install",
	summary: "Install an agent plugin from git",
	body: InstallBody,
});
for (const action of ["enable", "disable", "update"] as const) {
	describeRoute({
		method: "POST",
		path: `/api/dashboard/agent-plugins/:name{.+}/${action}`,
		summary: `${action[0]?.toUpperCase()}${action.slice(1)} an agent plugin`,
	});
}
describeRoute({ method: "DELETE", path: "/api/dashboard/agent-plugins/:name{.+}", summary: "Remove a user plugin" });

/** Asset types served (anything else is "File not found", as in Hermes). */
const ASSET_TYPES: Readonly<Record<string, string>> = {
	".js": "application/javascript",
	".mjs": "application/javascript",
	".css": "text/css",
	".json": "application/json",
	".map": "application/json",
	".html": "text/html",
	".svg": "image/svg+xml",
	".png": "image/png",
	".jpg": "image/jpeg",
	".jpeg": "image/jpeg",
	".gif": "image/gif",
	".webp": "image/webp",
	".ico": "image/x-icon",
	".woff2": "font/woff2",
	".woff": "font/woff",
	".ttf": "font/ttf",
	".otf": "font/otf",
};

/** Writes need a real session in gated mode: a bearer-token principal is refused (§5). */
function requireSession(c: Context<AppEnv>, app: AppContext): void {
	if (app.mode === "gated" && c.get("authToken") !== undefined) {
		throw new ApiError(401, "Unauthorized");
	}
}

function configFailure(error: unknown): unknown {
	if (error instanceof PluginActionError) return new ApiError(400, error.message);
	if (error instanceof ProviderChoiceError) return new ApiError(400, error.message);
	if (error instanceof ConfigManagedError) return new ApiError(403, error.message);
	if (error instanceof ConfigConflictError) return new ApiError(409, error.message);
	return error;
}

export function pluginRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/dashboard/plugins", (c) => c.json(listedManifests(app.home, app.env)));

	routes.get("/api/dashboard/plugins/hub", (c) => {
		try {
			return c.json(pluginHub(app.home, app.env));
		} catch (error) {
			console.error(`[hermes-dashboard] plugins hub failed: ${(error as Error).message}`);
			throw new ApiError(500, "Failed to build plugins hub.");
		}
	});

	routes.get("/api/dashboard/plugins/rescan", (c) => {
		requireSession(c, app);
		return c.json({ ok: true, count: rescanManifests(app.home, app.env).length });
	});

	routes.post("/api/dashboard/plugins/:name{.+}/visibility", async (c) => {
		requireSession(c, app);
		const name = cleanPluginName(c.req.param("name"));
		if (name === null) throw new ApiError(400, "Invalid plugin name.");
		const body = await jsonBody(c, VisibilityBody);
		await setPluginHidden(app.home, app.env, name, body.hidden).catch((error: unknown) => {
			throw configFailure(error);
		});
		return c.json({ ok: true, name, hidden: body.hidden });
	});

	routes.put("/api/dashboard/plugin-providers", async (c) => {
		requireSession(c, app);
		const body = await jsonBody(c, ProvidersBody);
		await setPluginProviders(app.home, app.env, body).catch((error: unknown) => {
			throw configFailure(error);
		});
		return c.json({ ok: true });
	});

	function pluginName(raw: string): string {
		const name = cleanPluginName(raw);
		if (name === null) throw new ApiError(400, "Invalid plugin name.");
		return name;
	}

	routes.post("/api/dashboard/agent-plugins/install", async (c) => {
		requireSession(c, app);
		const body = await jsonBody(c, InstallBody);
		const result = await installAgentPlugin(app.home, app.env, body.identifier.trim(), body).catch(
			(error: unknown) => {
				throw configFailure(error);
			},
		);
		rescanManifests(app.home, app.env);
		return c.json(result);
	});

	for (const enabled of [true, false]) {
		routes.post(`/api/dashboard/agent-plugins/:name{.+}/${enabled ? "enable" : "disable"}`, async (c) => {
			requireSession(c, app);
			const name = pluginName(c.req.param("name"));
			const changed = await setAgentPluginEnabled(app.home, app.env, name, enabled).catch((error: unknown) => {
				throw configFailure(error);
			});
			return c.json({ ok: true, name, unchanged: !changed });
		});
	}

	routes.post("/api/dashboard/agent-plugins/:name{.+}/update", async (c) => {
		requireSession(c, app);
		const result = await updateAgentPlugin(app.home, pluginName(c.req.param("name"))).catch((error: unknown) => {
			throw configFailure(error);
		});
		rescanManifests(app.home, app.env);
		return c.json(result);
	});

	routes.delete("/api/dashboard/agent-plugins/:name{.+}", async (c) => {
		requireSession(c, app);
		const result = await removeAgentPlugin(app.home, app.env, pluginName(c.req.param("name"))).catch(
			(error: unknown) => {
				throw configFailure(error);
			},
		);
		rescanManifests(app.home, app.env);
		return c.json(result);
	});

	routes.get("/dashboard-plugins/:plugin/*", async (c) => {
		const pluginName = c.req.param("plugin");
		const settings = readPluginSettings(app.home);
		const plugin = cachedManifests(app.home, app.env).find((candidate) => candidate.manifest.name === pluginName);
		if (plugin === undefined || !isActive(plugin, settings)) {
			return c.json({ detail: "Plugin not found" }, 404);
		}
		const prefix = `/dashboard-plugins/${encodeURIComponent(pluginName)}/`;
		const rawRest = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : "";
		let rest: string;
		try {
			rest = decodeURIComponent(rawRest);
		} catch {
			return c.json({ detail: "File not found" }, 404);
		}
		if (rest.includes("\0")) return c.json({ detail: "File not found" }, 404);
		const type = ASSET_TYPES[extname(rest).toLowerCase()];
		let handle: Awaited<ReturnType<typeof openConfinedFile>>;
		try {
			handle = await openConfinedFile(plugin.dashboardDir, join(plugin.dashboardDir, rest));
		} catch (error) {
			if (error instanceof ConfinementError && error.reason === "outside-home") {
				return c.json({ detail: "Path traversal blocked" }, 403);
			}
			if (error instanceof ConfinementError) return c.json({ detail: "File not found" }, 404);
			throw error;
		}
		if (handle === null || type === undefined) {
			await handle?.close();
			return c.json({ detail: "File not found" }, 404);
		}
		const info = await handle.stat();
		const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
		return new Response(body, {
			headers: {
				"Content-Type":
					type.startsWith("text/") || type === "application/javascript" ? `${type}; charset=utf-8` : type,
				"Content-Length": String(info.size),
				"Last-Modified": info.mtime.toUTCString(),
				ETag: `"${Math.floor(info.mtimeMs).toString(16)}-${info.size.toString(16)}"`,
				"Cache-Control": "no-store, no-cache, must-revalidate",
			},
		});
	});

	return routes;
}
