/**
 * @module
 * Toolset state for the CLI platform (hermes-home §7.4): which built-in toolsets are on
 * (`platform_toolsets.cli`, the `hermes-cli` composite when absent, minus
 * `agent.disabled_toolsets`), whether each has what it needs (`configured`), and
 * saving a change through the comment-preserving config writer.
 */
import { ConfigConflictError, saveFormConfig } from "../config/store.ts";
import { getPath, parseConfigText, readConfigText, type ConfigMapping } from "../config/yaml.ts";
import { isMapping } from "../config/effective.ts";
import { BUILTIN_TOOLSETS, DEFAULT_OFF_TOOLSETS, type BuiltinToolset } from "./builtin.ts";
import { TOOLSET_PROVIDERS, type ToolsetProvider } from "./providers.ts";

export interface ToolsetRow {
	name: string;
	label: string;
	description: string;
	enabled: boolean;
	available: boolean;
	configured: boolean;
	tools: string[];
}

const KEYS = new Set(BUILTIN_TOOLSETS.map((toolset) => toolset.key));

/** Toolsets the CLI platform offers (platform-limited ones, e.g. discord, excluded). */
export function cliToolsets(): BuiltinToolset[] {
	return BUILTIN_TOOLSETS.filter((toolset) => toolset.platforms === null || toolset.platforms.includes("cli"));
}

export function isToolsetKey(name: string): boolean {
	return KEYS.has(name) && cliToolsets().some((toolset) => toolset.key === name);
}

function stringList(value: unknown): string[] | null {
	return Array.isArray(value) ? value.map(String) : null;
}

const isComposite = (entry: string) => entry.startsWith("hermes-");

/** The enabled configurable keys for the CLI platform. */
export function enabledToolsets(config: ConfigMapping, env: Record<string, string | undefined>): Set<string> {
	const list = stringList(getPath(config, "platform_toolsets.cli"));
	const enabled = new Set<string>();
	const expandComposite = () => {
		for (const toolset of cliToolsets()) {
			if (DEFAULT_OFF_TOOLSETS.includes(toolset.key)) continue;
			enabled.add(toolset.key);
		}
		// Auto-on with credentials (§7.4).
		if (present(env, "HASS_TOKEN")) enabled.add("homeassistant");
		if (present(env, "XAI_API_KEY")) enabled.add("x_search");
	};
	if (list === null) {
		expandComposite();
	} else {
		if (list.some(isComposite)) expandComposite();
		for (const entry of list) if (KEYS.has(entry)) enabled.add(entry);
	}
	for (const off of stringList(getPath(config, "agent.disabled_toolsets")) ?? []) enabled.delete(off);
	return enabled;
}

function present(env: Record<string, string | undefined>, key: string): boolean {
	return (env[key] ?? "").trim() !== "";
}

/** A provider row needs nothing, or has every env var it lists. */
export function providerReady(row: ToolsetProvider, env: Record<string, string | undefined>): boolean {
	return row.env_vars.every((item) => present(env, item.key));
}

export function isConfigured(key: string, env: Record<string, string | undefined>): boolean {
	const rows = TOOLSET_PROVIDERS[key];
	if (rows === undefined || rows.length === 0) return true;
	if (key === "web" && present(env, "FIRECRAWL_API_URL")) return true;
	return rows.some((row) => providerReady(row, env));
}

/** `GET /api/tools/toolsets`. */
export function listToolsets(config: ConfigMapping, env: Record<string, string | undefined>): ToolsetRow[] {
	const enabled = enabledToolsets(config, env);
	return cliToolsets().map((toolset) => ({
		name: toolset.key,
		label: toolset.label,
		description: toolset.tools.join(", "),
		enabled: enabled.has(toolset.key),
		available: enabled.has(toolset.key),
		configured: isConfigured(toolset.key, env),
		tools: [...toolset.tools].sort(),
	}));
}

/**
 * `PUT /api/tools/toolsets/{name}`: saves `platform_toolsets.cli` as the sorted enabled
 * keys plus the entries that are not configurable keys or composites (MCP server
 * names), without the `no_mcp` sentinel; a newly enabled key leaves
 * `agent.disabled_toolsets`. Retries on a concurrent config write.
 */
export async function setToolsetEnabled(
	configPath: string,
	key: string,
	on: boolean,
	env: Record<string, string | undefined>,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const current = readConfigText(configPath);
		const config = parseConfigText(current.text);
		const enabled = enabledToolsets(config, env);
		if (on) enabled.add(key);
		else enabled.delete(key);
		const kept = (stringList(getPath(config, "platform_toolsets.cli")) ?? []).filter(
			(entry) => !KEYS.has(entry) && !isComposite(entry) && entry !== "no_mcp",
		);
		const update: ConfigMapping = { platform_toolsets: { cli: [...new Set([...enabled, ...kept])].sort() } };
		const disabled = stringList(getPath(config, "agent.disabled_toolsets"));
		if (on && disabled?.includes(key)) {
			update.agent = { disabled_toolsets: disabled.filter((entry) => entry !== key) };
		}
		try {
			await saveFormConfig(configPath, update, { env, expectVersion: current.version });
			return;
		} catch (error) {
			if (!(error instanceof ConfigConflictError && error.reason === "stale") || attempt >= 3) throw error;
		}
	}
}

/** The active provider row: the first whose config keys all match the file. */
export function activeProvider(key: string, config: ConfigMapping): string | null {
	for (const row of TOOLSET_PROVIDERS[key] ?? []) {
		const keys = Object.entries(row.config);
		if (keys.length > 0 && keys.every(([path, value]) => getPath(config, path) === value)) return row.name;
	}
	return null;
}

/** Nested mapping for the config writes a provider row makes. */
export function providerUpdate(row: ToolsetProvider): ConfigMapping {
	const out: ConfigMapping = {};
	for (const [path, value] of Object.entries(row.config)) {
		const keys = path.split(".");
		let node = out;
		for (const part of keys.slice(0, -1)) {
			node[part] = isMapping(node[part]) ? node[part] : {};
			node = node[part] as ConfigMapping;
		}
		node[keys[keys.length - 1]!] = value;
	}
	return out;
}
