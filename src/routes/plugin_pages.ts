/**
 * @module
 * Dashboard plugin runtime routes (AC A.14): a plugin's tab page (at its manifest path,
 * its `override` of a built-in page, and `/plugins/<name>/`), its server module's routes
 * under `/api/plugins/<name>/…`, and the React builds its browser bundle expects.
 * Activation is checked on every request, so disabling a plugin removes its tab and
 * routes at once; one plugin's failure answers for that plugin only.
 */
import { Hono } from "hono/tiny";
import type { Context, MiddlewareHandler } from "hono";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiError } from "../http/errors.ts";
import {
	activePlugin,
	activePlugins,
	callServer,
	loadServer,
	pluginForTab,
	tabPath,
} from "../hermes/plugins/runtime.ts";
import { cachedManifests } from "../hermes/plugins/manifests.ts";
import { pluginShell } from "../hermes/plugins/runtime_shell.ts";
import { pluginTabMain } from "../views/plugin_slots.ts";
import { languageOf, renderPage } from "./render.ts";
import { NAV_ITEMS } from "../views/nav.ts";
import type { AppContext, AppEnv } from "../context.ts";

const NODE_MODULES = fileURLToPath(new URL("../../node_modules/", import.meta.url));

/** React 18's UMD builds: what Hermes's plugin bundles use through the SDK global. */
const HOST_FILES: Readonly<Record<string, string>> = {
	"react.js": "react/umd/react.production.min.js",
	"react-dom.js": "react-dom/umd/react-dom.production.min.js",
};

const hostFiles = new Map<string, Promise<Uint8Array | null>>();

function hostFile(name: string): Promise<Uint8Array | null> | null {
	const relative = HOST_FILES[name];
	if (relative === undefined) return null;
	let file = hostFiles.get(name);
	if (file === undefined) {
		file = readFile(join(NODE_MODULES, relative)).then(
			(body) => new Uint8Array(body),
			() => null,
		);
		hostFiles.set(name, file);
	}
	return file;
}

/** The shell page of a plugin's tab, at `path` (its tab path or the built-in it overrides). */
async function tabPage(c: Context<AppEnv>, app: AppContext, name: string, path: string): Promise<Response> {
	const shell = await pluginShell(app.home, app.env, c.req.raw, path, name);
	if (shell?.tab === undefined) throw new ApiError(404, "Plugin not found");
	return renderPage(c, app, {
		title: shell.tab.label,
		path,
		body: pluginTabMain(shell.tab, languageOf(c)),
		plugins: shell,
		pluginTab: name,
	});
}

/** Paths that are never a plugin tab: APIs, fragments, files, sign-in and probes. */
const NOT_A_TAB =
	/^\/(api|ui|static|vendor|plugins|plugin-host|dashboard-plugins|login|auth|lang|healthz|readyz|favicon\.ico)(\/|$)/;

/** A built-in page is replaced only by an explicit `override`, never by a tab path that collides. */
const BUILT_IN_PAGES = new Set(NAV_ITEMS.map((item) => item.path));

/** GET of a plugin's tab path, or of a built-in page a plugin overrides. */
export function pluginTabs(app: AppContext): MiddlewareHandler<AppEnv> {
	return async function pluginTabs(c, next) {
		const path = c.req.path;
		if (c.req.method !== "GET" || NOT_A_TAB.test(path) || cachedManifests(app.home, app.env).length === 0) {
			return next();
		}
		const plugin = pluginForTab(activePlugins(app.home, app.env), path);
		if (plugin === undefined) return next();
		if (BUILT_IN_PAGES.has(path) && plugin.manifest.tab.override !== path) return next();
		return tabPage(c, app, plugin.name, path);
	};
}

export function pluginPageRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/plugin-host/:file", async (c) => {
		const body = await hostFile(c.req.param("file"));
		if (body === null || body === undefined) return c.json({ detail: "File not found" }, 404);
		return c.body(body as Uint8Array<ArrayBuffer>, 200, {
			"Content-Type": "text/javascript; charset=utf-8",
			"Cache-Control": "public, max-age=31536000, immutable",
		});
	});

	for (const path of ["/plugins/:name", "/plugins/:name/"]) {
		routes.get(path, (c) => {
			const plugin = activePlugin(app.home, app.env, c.req.param("name") ?? "");
			if (plugin === undefined || plugin.userHidden) throw new ApiError(404, "Plugin not found");
			const tab = plugin.manifest.tab;
			const shown = tab.override ?? tabPath(plugin) ?? c.req.path;
			return tabPage(c, app, plugin.name, shown);
		});
	}

	async function backend(c: Context<AppEnv>): Promise<Response> {
		const name = c.req.param("name") ?? "";
		const plugin = activePlugin(app.home, app.env, name);
		if (plugin === undefined) throw new ApiError(404, "Plugin not found");
		if (plugin.server === null) {
			if (plugin.pythonBackend) {
				throw new ApiError(
					501,
					`Plugin '${name}' has a Python backend: it needs the Python dashboard (hermes dashboard).`,
				);
			}
			throw new ApiError(404, "Plugin not found");
		}
		const loaded = await loadServer(plugin, app.home);
		if (!loaded.ok) throw new ApiError(502, `Plugin '${name}' failed to load: ${loaded.error}`);
		const prefix = `/api/plugins/${encodeURIComponent(name)}`;
		const rest = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : "/";
		const answer = await callServer(loaded.server, c.req.raw, rest === "" ? "/" : rest);
		if (!answer.ok) throw new ApiError(502, `Plugin '${name}' failed: ${answer.error}`);
		return answer.response;
	}

	routes.all("/api/plugins/:name", backend);
	routes.all("/api/plugins/:name/*", backend);

	return routes;
}
