/**
 * @module
 * Dashboard plugin manifests (api-contract-clients §1.4, AC A.14, hermes-home §18.2):
 * discovery in Hermes's order (user, bundled memory, bundled, project), first name wins,
 * cached per home until a rescan (or until a cached plugin's `dashboard/` disappears),
 * and the per-request activation filter read from config.yaml.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { findHermesInstall } from "../home/install.ts";
import { getPath, readConfigLenient, type ConfigMapping } from "../config/yaml.ts";
import { isTruthy } from "../../http/truthy.ts";

export type PluginSource = "user" | "bundled" | "project";

/** The manifest object the API answers (internal keys never included). */
export interface DashboardManifest {
	name: string;
	label: unknown;
	description: unknown;
	icon: unknown;
	version: unknown;
	tab: { path: unknown; position: unknown; override?: string; hidden?: true };
	slots: string[];
	entry: unknown;
	css: unknown;
	has_api: boolean;
	source: PluginSource;
}

export interface DiscoveredPlugin {
	manifest: DashboardManifest;
	/** The plugin's `dashboard/` directory: the only place its assets come from. */
	dashboardDir: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === "object" && !Array.isArray(value);
}

function pick(data: Record<string, unknown>, key: string, fallback: unknown): unknown {
	return Object.hasOwn(data, key) && data[key] !== undefined ? data[key] : fallback;
}

/** A manifest's JSON as Hermes normalises it (defaults filled, unknown keys dropped). */
export function normaliseManifest(
	data: Record<string, unknown>,
	dirName: string,
	source: PluginSource,
): DashboardManifest {
	const name = typeof data.name === "string" && data.name !== "" ? data.name : dirName;
	const tabData = isRecord(data.tab) ? data.tab : {};
	const tab: DashboardManifest["tab"] = {
		path: pick(tabData, "path", `/${name}`),
		position: pick(tabData, "position", "end"),
	};
	if (typeof tabData.override === "string" && tabData.override.startsWith("/")) tab.override = tabData.override;
	if (tabData.hidden === true) tab.hidden = true;
	const slots = Array.isArray(data.slots)
		? data.slots.filter((slot): slot is string => typeof slot === "string" && slot.trim() !== "")
		: [];
	return {
		name,
		label: pick(data, "label", name),
		description: pick(data, "description", ""),
		icon: pick(data, "icon", "Puzzle"),
		version: pick(data, "version", "0.0.0"),
		tab,
		slots,
		entry: pick(data, "entry", "dist/index.js"),
		css: pick(data, "css", null),
		has_api: typeof data.api === "string" && data.api !== "",
		source,
	};
}

function sortedDirs(root: string): string[] {
	try {
		return readdirSync(root, { withFileTypes: true })
			.filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
			.map((entry) => entry.name)
			.sort();
	} catch {
		return [];
	}
}

/** The roots searched, in Hermes's order. */
export function manifestRoots(home: string, env: Record<string, string | undefined>): [string, PluginSource][] {
	const roots: [string, PluginSource][] = [[join(home, "plugins"), "user"]];
	const install = findHermesInstall(home, env).root;
	if (install !== null) {
		roots.push([join(install, "plugins", "memory"), "bundled"], [join(install, "plugins"), "bundled"]);
	}
	if (isTruthy(env.HERMES_ENABLE_PROJECT_PLUGINS ?? "")) {
		roots.push([resolve(".hermes", "plugins"), "project"]);
	}
	return roots;
}

export function discoverManifests(home: string, env: Record<string, string | undefined>): DiscoveredPlugin[] {
	const found = new Map<string, DiscoveredPlugin>();
	for (const [root, source] of manifestRoots(home, env)) {
		for (const dir of sortedDirs(root)) {
			const dashboardDir = join(root, dir, "dashboard");
			const file = join(dashboardDir, "manifest.json");
			if (!existsSync(file)) continue;
			let data: unknown;
			try {
				data = JSON.parse(readFileSync(file, "utf8"));
			} catch {
				console.warn(`[hermes-dashboard] skipping plugin manifest that is not valid JSON: ${dir}`);
				continue;
			}
			if (!isRecord(data)) continue;
			const manifest = normaliseManifest(data, dir, source);
			if (!found.has(manifest.name)) found.set(manifest.name, { manifest, dashboardDir });
		}
	}
	return [...found.values()];
}

const cache = new Map<string, DiscoveredPlugin[]>();

/** The cached discovery, rebuilt when missing or when a cached `dashboard/` vanished. */
export function cachedManifests(home: string, env: Record<string, string | undefined>): DiscoveredPlugin[] {
	const cached = cache.get(home);
	if (cached?.every((plugin) => isDirectory(plugin.dashboardDir))) return cached;
	return rescanManifests(home, env);
}

export function rescanManifests(home: string, env: Record<string, string | undefined>): DiscoveredPlugin[] {
	const fresh = discoverManifests(home, env);
	cache.set(home, fresh);
	return fresh;
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export interface PluginSettings {
	enabled: Set<string>;
	disabled: Set<string>;
	hidden: Set<string>;
}

export function pluginSettings(config: ConfigMapping): PluginSettings {
	return {
		enabled: new Set(stringList(getPath(config, "plugins.enabled"))),
		disabled: new Set(stringList(getPath(config, "plugins.disabled"))),
		hidden: new Set(stringList(getPath(config, "dashboard.hidden_plugins"))),
	};
}

export function readPluginSettings(home: string): PluginSettings {
	return pluginSettings(readConfigLenient(join(home, "config.yaml")));
}

/** Activation (the hidden list is not part of it: hidden plugins' assets stay served). */
export function isActive(plugin: DiscoveredPlugin, settings: PluginSettings): boolean {
	const name = plugin.manifest.name;
	if (plugin.manifest.source === "user") return settings.enabled.has(name) && !settings.disabled.has(name);
	if (plugin.manifest.source === "bundled") return !settings.disabled.has(name);
	return true;
}

/** `GET /api/dashboard/plugins`: active and not hidden. */
export function listedManifests(home: string, env: Record<string, string | undefined>): DashboardManifest[] {
	const settings = readPluginSettings(home);
	return cachedManifests(home, env)
		.filter((plugin) => isActive(plugin, settings) && !settings.hidden.has(plugin.manifest.name))
		.map((plugin) => plugin.manifest);
}
