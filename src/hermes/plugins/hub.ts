/**
 * @module
 * The Plugins page's hub (api-contract-clients §5.1): every agent plugin the CLI loader
 * can see (bundled, then user ones replacing same-key bundled ones), the dashboard
 * manifests that match no agent plugin, and the memory/context provider choice.
 *
 * Not evaluated here (a TS server cannot run Python): entry-point plugins, and tool
 * availability checks (`auth_required` is always false).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { findHermesInstall } from "../home/install.ts";
import { getPath, readConfigLenient, type ConfigMapping } from "../config/yaml.ts";
import { readEnvValues } from "../env/dotenv.ts";
import { cachedManifests, type DashboardManifest, pluginSettings } from "./manifests.ts";

export interface AgentPlugin {
	key: string;
	name: string;
	version: string;
	description: string;
	source: "bundled" | "user";
	path: string;
	requiresEnv: string[];
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function manifestFile(dir: string): string | null {
	for (const name of ["plugin.yaml", "plugin.yml"]) {
		if (existsSync(join(dir, name))) return join(dir, name);
	}
	return null;
}

function readPluginYaml(file: string): Record<string, unknown> {
	try {
		const data: unknown = parse(readFileSync(file, "utf8"));
		return data !== null && typeof data === "object" && !Array.isArray(data)
			? (data as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

/** The `plugin.yaml` (or `.yml`) mapping of a plugin folder; {} when absent or broken. */
export function readPluginManifest(dir: string): Record<string, unknown> {
	const file = manifestFile(dir);
	return file === null ? {} : readPluginYaml(file);
}

function text(value: unknown): string {
	return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

/** Plugin directories under `root` (category folders without a manifest are walked once more). */
function scanRoot(root: string, source: AgentPlugin["source"], skip: ReadonlySet<string>, depth = 0): AgentPlugin[] {
	let names: string[];
	try {
		names = readdirSync(root).sort();
	} catch {
		return [];
	}
	const found: AgentPlugin[] = [];
	for (const name of names) {
		const dir = join(root, name);
		if (skip.has(name) || name.startsWith(".") || name === "__pycache__" || !isDirectory(dir)) continue;
		const file = manifestFile(dir);
		if (file === null) {
			if (depth === 0) found.push(...scanRoot(dir, source, new Set(), 1));
			continue;
		}
		const data = readPluginYaml(file);
		const requires = Array.isArray(data.requires_env)
			? data.requires_env.filter((item) => typeof item === "string")
			: [];
		found.push({
			key: depth === 0 ? name : `${relative(join(root, ".."), dir)}`,
			name: text(data.name) || name,
			version: text(data.version),
			description: text(data.description),
			source,
			path: dir,
			requiresEnv: requires as string[],
		});
	}
	return found;
}

/** Bundled plugins first, then user ones (a user plugin replaces a bundled one of the same key). */
export function agentPlugins(home: string, env: Record<string, string | undefined>): AgentPlugin[] {
	const install = findHermesInstall(home, env).root;
	const bundled =
		install === null ? [] : scanRoot(join(install, "plugins"), "bundled", new Set(["memory", "context_engine"]));
	const byKey = new Map(bundled.map((plugin) => [plugin.key, plugin]));
	for (const plugin of scanRoot(join(home, "plugins"), "user", new Set())) byKey.set(plugin.key, plugin);
	return [...byKey.values()];
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function runtimeStatus(plugin: AgentPlugin, config: ConfigMapping): "enabled" | "disabled" | "inactive" {
	const disabled = new Set(stringList(getPath(config, "plugins.disabled")));
	const enabled = new Set(stringList(getPath(config, "plugins.enabled")));
	if (disabled.has(plugin.name) || disabled.has(plugin.key)) return "disabled";
	if (enabled.has(plugin.name) || enabled.has(plugin.key)) return "enabled";
	return "inactive";
}

export interface MemoryOption {
	name: string;
	description: string;
	available: boolean;
	configured: boolean;
	status: "ready" | "needs_config";
	setup: Record<string, unknown>;
}

/** Memory providers shipped as bundled plugins; "ready" when their required env vars are set. */
export function memoryOptions(home: string, env: Record<string, string | undefined>): MemoryOption[] {
	const install = findHermesInstall(home, env).root;
	if (install === null) return [];
	const dotenv = readEnvValues(join(home, ".env"));
	return scanRoot(join(install, "plugins", "memory"), "bundled", new Set()).map((plugin) => {
		const configured = plugin.requiresEnv.every((name) => (env[name] ?? dotenv.get(name) ?? "") !== "");
		return {
			name: plugin.name,
			description: plugin.description,
			available: true,
			configured,
			status: configured ? "ready" : "needs_config",
			setup: { requires_env: plugin.requiresEnv },
		};
	});
}

export const CONTEXT_OPTIONS = [
	{ name: "compressor", description: "Built-in context compression (summarises older turns)." },
];

export function pluginHub(home: string, env: Record<string, string | undefined>) {
	const config = readConfigLenient(join(home, "config.yaml"));
	const hidden = pluginSettings(config).hidden;
	const manifests = new Map<string, DashboardManifest>(
		cachedManifests(home, env).map((plugin) => [plugin.manifest.name, plugin.manifest]),
	);
	const userRoot = join(home, "plugins");
	const agents = agentPlugins(home, env);
	const plugins = agents.map((plugin) => {
		const manifest = manifests.get(plugin.name) ?? null;
		const canRemove = plugin.source === "user" && plugin.path.startsWith(`${userRoot}/`);
		return {
			name: plugin.name,
			version: plugin.version,
			description: plugin.description,
			source: plugin.source,
			runtime_status: runtimeStatus(plugin, config),
			has_dashboard_manifest: manifest !== null,
			dashboard_manifest: manifest,
			path: plugin.path,
			can_remove: canRemove,
			can_update_git: canRemove && existsSync(join(plugin.path, ".git")),
			auth_required: false,
			auth_command: "",
			user_hidden: hidden.has(plugin.name),
		};
	});
	const agentNames = new Set(agents.map((plugin) => plugin.name));
	const memory = getPath(config, "memory.provider");
	const engine = getPath(config, "context.engine");
	return {
		plugins,
		orphan_dashboard_plugins: [...manifests.values()].filter((manifest) => !agentNames.has(manifest.name)),
		providers: {
			memory_provider: typeof memory === "string" ? memory : "",
			memory_options: memoryOptions(home, env),
			context_engine: typeof engine === "string" && engine !== "" ? engine : "compressor",
			context_options: CONTEXT_OPTIONS,
		},
	};
}
