/**
 * @module
 * The dashboard plugin runtime (AC A.14, hermes-home §18.2): which plugins take part in
 * the shell (tabs, slots, scripts), where their tabs go in the navigation, and the
 * server-rendered plugin modules loaded with a dynamic `import()` of a confined path.
 * Activation follows `manifests.ts`; a plugin that fails to load only fails itself.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Hono } from "hono/tiny";
import { html, raw } from "hono/html";
import { confinedRealPath } from "../home/confine.ts";
import { redactSecrets } from "../../security/redact.ts";
import {
	cachedManifests,
	type DashboardManifest,
	type DiscoveredPlugin,
	isActive,
	type PluginSettings,
	readPluginSettings,
} from "./manifests.ts";

/** Shell slots, in the reference's order (hermes-home §18.2). */
export const SHELL_SLOTS = [
	"backdrop",
	"header-left",
	"header-right",
	"header-banner",
	"sidebar",
	"pre-main",
	"post-main",
	"footer-left",
	"footer-right",
	"overlay",
] as const;

/** Pages that carry `<page>:top` and `<page>:bottom` slots. */
export const SLOT_PAGES = ["sessions", "analytics", "logs", "cron", "skills", "config", "env", "docs", "chat"] as const;

/** The page slots present on a page path ("/sessions" → sessions:top, sessions:bottom). */
export function pageSlotsFor(path: string): string[] {
	const page = path.replace(/^\/+/, "").split("/")[0] ?? "";
	return (SLOT_PAGES as readonly string[]).includes(page) ? [`${page}:top`, `${page}:bottom`] : [];
}

/** What a server module's default export receives (no package import needed in the home). */
export interface PluginHost {
	name: string;
	/** The dashboard's HERMES_HOME. */
	home: string;
	Hono: typeof Hono;
	html: typeof html;
	raw: typeof raw;
}

/** Anything with a Web-standard `fetch`: a Hono app or a hand-written handler. */
export interface PluginServer {
	fetch: (request: Request) => Response | Promise<Response>;
}

export interface RuntimePlugin {
	name: string;
	manifest: DashboardManifest;
	dashboardDir: string;
	/** Named in `dashboard.hidden_plugins`: no tab, slot or script, but routes stay. */
	userHidden: boolean;
	/** The manifest's `server` module, relative to `dashboard/` (our extension key). */
	server: string | null;
	/** The browser entry, when that file exists. */
	script: string | null;
	css: string | null;
	/** A Python `api` backend and no server module: its calls need the Python dashboard. */
	pythonBackend: boolean;
}

function readRawManifest(dashboardDir: string): Record<string, unknown> {
	try {
		const data: unknown = JSON.parse(readFileSync(join(dashboardDir, "manifest.json"), "utf8"));
		return data !== null && typeof data === "object" && !Array.isArray(data)
			? (data as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

/** A relative path inside `dashboard/` (the same rule Hermes applies to `api`). */
export function isSafeRelative(value: unknown): value is string {
	return (
		typeof value === "string" &&
		value !== "" &&
		!isAbsolute(value) &&
		!value.includes("\\") &&
		!value.includes("\0") &&
		!value.split("/").includes("..")
	);
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

function runtimeView(plugin: DiscoveredPlugin, hidden: Set<string>): RuntimePlugin {
	const raw = readRawManifest(plugin.dashboardDir);
	const { manifest } = plugin;
	const server = typeof raw.server === "string" ? raw.server : null;
	const entry =
		isSafeRelative(manifest.entry) && isFile(join(plugin.dashboardDir, manifest.entry)) ? manifest.entry : null;
	return {
		name: manifest.name,
		manifest,
		dashboardDir: plugin.dashboardDir,
		userHidden: hidden.has(manifest.name),
		server,
		script: entry,
		css: isSafeRelative(manifest.css) ? manifest.css : null,
		pythonBackend: manifest.has_api && server === null,
	};
}

const settingsCache = new Map<string, { version: string; settings: PluginSettings }>();

/**
 * The plugin settings of config.yaml, parsed again only when the file changed (its
 * inode, size and nanosecond mtime): every page render asks for them.
 */
function currentSettings(home: string): PluginSettings {
	let version = "missing";
	try {
		const info = statSync(join(home, "config.yaml"), { bigint: true });
		version = `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
	} catch {
		// A missing or unreadable config reads as no settings, as readPluginSettings does.
	}
	const cached = settingsCache.get(home);
	if (cached?.version === version) return cached.settings;
	const settings = readPluginSettings(home);
	settingsCache.set(home, { version, settings });
	return settings;
}

/** Active plugins (enabled by config), hidden ones flagged, in discovery order. */
export function activePlugins(home: string, env: Record<string, string | undefined>): RuntimePlugin[] {
	const settings = currentSettings(home);
	return cachedManifests(home, env)
		.filter((plugin) => isActive(plugin, settings))
		.map((plugin) => runtimeView(plugin, settings.hidden));
}

export function activePlugin(
	home: string,
	env: Record<string, string | undefined>,
	name: string,
): RuntimePlugin | undefined {
	return activePlugins(home, env).find((plugin) => plugin.name === name);
}

/**
 * The tab's own path: a string, given a leading "/" when it lacks one (a path of another
 * type gives the plugin no tab of its own; `/plugins/<name>/` still shows it).
 */
export function tabPath(plugin: RuntimePlugin): string | null {
	const path = plugin.manifest.tab.path;
	if (typeof path !== "string" || path.trim() === "") return null;
	return path.startsWith("/") ? path : `/${path}`;
}

/** The plugin whose tab (or override) answers a page path, among the shown ones. */
export function pluginForTab(plugins: RuntimePlugin[], path: string): RuntimePlugin | undefined {
	const shown = plugins.filter((plugin) => !plugin.userHidden);
	return (
		shown.find((plugin) => plugin.manifest.tab.override === path) ??
		shown.find((plugin) => plugin.manifest.tab.override === undefined && tabPath(plugin) === path)
	);
}

export interface TabEntry {
	name: string;
	path: string;
	label: string;
}

/**
 * The navigation with plugin tabs placed: `end`, `after:<seg>`, `before:<seg>` where
 * `<seg>` names a page already in the list, built-in or a plugin tab placed before it
 * ("sessions" or "/sessions"; "status" is "/"). An unknown segment goes to the end.
 * Overriding and hidden tabs add no entry.
 */
export function placeTabs<T extends { path: string }>(
	builtins: readonly T[],
	plugins: RuntimePlugin[],
): (T | TabEntry)[] {
	const entries: (T | TabEntry)[] = [...builtins];
	const segOf = (path: string) => (path === "/" ? "status" : path.replace(/^\/+/, ""));
	for (const plugin of plugins) {
		const { tab } = plugin.manifest;
		const path = tabPath(plugin);
		if (plugin.userHidden || tab.hidden === true || tab.override !== undefined || path === null) continue;
		const label = typeof plugin.manifest.label === "string" ? plugin.manifest.label : plugin.name;
		const entry: TabEntry = { name: plugin.name, path, label };
		const position = typeof tab.position === "string" ? tab.position : "end";
		const match = /^(after|before):\/?(.*)$/.exec(position);
		const index = match === null ? -1 : entries.findIndex((item) => segOf(item.path) === match[2]);
		if (match === null || index < 0) entries.push(entry);
		else entries.splice(match[1] === "after" ? index + 1 : index, 0, entry);
	}
	return entries;
}

export type LoadedServer = { ok: true; server: PluginServer } | { ok: false; error: string };

const loaded = new Map<string, Promise<LoadedServer>>();

function failure(error: unknown): { ok: false; error: string } {
	const message = error instanceof Error ? error.message : String(error);
	return { ok: false, error: redactSecrets(message).slice(0, 500) };
}

function isServer(value: unknown): value is PluginServer {
	return value !== null && typeof value === "object" && typeof (value as PluginServer).fetch === "function";
}

/**
 * The plugin's server module, imported once per file version. The path must be a `.ts`,
 * `.js` or `.mjs` file whose real path stays inside the plugin's `dashboard/`.
 */
export async function loadServer(plugin: RuntimePlugin, home: string): Promise<LoadedServer> {
	if (plugin.server === null) return { ok: false, error: "This plugin has no server module." };
	if (!isSafeRelative(plugin.server) || ![".ts", ".js", ".mjs"].includes(extname(plugin.server))) {
		return { ok: false, error: `Invalid server module path: ${plugin.server}` };
	}
	let real: string | null;
	try {
		real = await confinedRealPath(plugin.dashboardDir, join(plugin.dashboardDir, plugin.server));
	} catch {
		return { ok: false, error: `Server module outside the plugin folder: ${plugin.server}` };
	}
	if (real === null || !existsSync(real)) return { ok: false, error: `Server module not found: ${plugin.server}` };
	const version = Math.floor(statSync(real).mtimeMs);
	const key = `${plugin.name}\0${real}\0${version}`;
	let entry = loaded.get(key);
	if (entry === undefined) {
		entry = importServer(plugin.name, real, version, home);
		loaded.set(key, entry);
	}
	return entry;
}

async function importServer(name: string, real: string, version: number, home: string): Promise<LoadedServer> {
	try {
		const module = (await import(`${pathToFileURL(real).href}?v=${version}`)) as { default?: unknown };
		const exported = module.default;
		const host: PluginHost = { name, home, Hono, html, raw };
		const server =
			typeof exported === "function" ? await (exported as (host: PluginHost) => unknown)(host) : exported;
		if (!isServer(server)) {
			return {
				ok: false,
				error: "The server module's default export is neither an app nor a function returning one.",
			};
		}
		return { ok: true, server };
	} catch (error) {
		const result = failure(error);
		console.warn(`[hermes-dashboard] plugin ${name}: server module failed to load: ${result.error}`);
		return result;
	}
}

/**
 * Calls the plugin's app with `path` relative to its mount; a throw is the plugin's
 * failure, returned as text rather than thrown.
 */
export async function callServer(
	server: PluginServer,
	request: Request,
	path: string,
): Promise<{ ok: true; response: Response } | { ok: false; error: string }> {
	const url = new URL(request.url);
	url.pathname = path;
	const bodyless = request.method === "GET" || request.method === "HEAD";
	const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers };
	if (!bodyless) Object.assign(init, { body: request.body, duplex: "half" });
	try {
		const response: unknown = await server.fetch(new Request(url, init));
		if (!(response instanceof Response)) return { ok: false, error: "The plugin did not answer with a Response." };
		return { ok: true, response };
	} catch (error) {
		return failure(error);
	}
}
