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
import { BUILTIN_TOOLSETS, DEFAULT_OFF_TOOLSETS } from "./builtin.ts";
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

/**
 * Toolsets whose static tools all ship in Hermes's default `hermes-cli` composite (its
 * core tool list in Hermes 0.18.2): what an unconfigured CLI platform has on. Video,
 * video generation, X search, Spotify, Discord, Yuanbao and the tool-less context
 * engine are not in it.
 */
const IN_CLI_COMPOSITE = new Set([
	"web",
	"browser",
	"terminal",
	"file",
	"code_execution",
	"vision",
	"image_gen",
	"tts",
	"skills",
	"todo",
	"memory",
	"session_search",
	"clarify",
	"delegation",
	"cronjob",
	"homeassistant",
	"computer_use",
]);

export function isToolsetKey(name: string): boolean {
	return KEYS.has(name);
}

/** Whether the CLI platform may run a toolset at all (Discord's only run on Discord). */
function allowedOnCli(key: string): boolean {
	const toolset = BUILTIN_TOOLSETS.find((item) => item.key === key);
	return toolset !== undefined && (toolset.platforms === null || toolset.platforms.includes("cli"));
}

function stringList(value: unknown): string[] | null {
	return Array.isArray(value) ? value.map(String) : null;
}

const isComposite = (entry: string) => entry.startsWith("hermes-");

/** The composite's toolsets minus the default-off set (Home Assistant stays with HASS_TOKEN). */
function compositeToolsets(env: Record<string, string | undefined>, extraOn: readonly string[] = []): Set<string> {
	const off = new Set(DEFAULT_OFF_TOOLSETS);
	if (present(env, "HASS_TOKEN")) off.delete("homeassistant");
	for (const key of extraOn) off.delete(key);
	return new Set([...IN_CLI_COMPOSITE, ...extraOn].filter((key) => allowedOnCli(key) && !off.has(key)));
}

/** The enabled configurable keys for the CLI platform (hermes-home §7.4). */
export function enabledToolsets(config: ConfigMapping, env: Record<string, string | undefined>): Set<string> {
	const list = stringList(getPath(config, "platform_toolsets.cli"));
	let enabled: Set<string>;
	if (list === null) {
		// Nothing saved: the composite; xAI credentials switch X search on too.
		enabled = compositeToolsets(env, present(env, "XAI_API_KEY") ? ["x_search"] : []);
	} else if (list.some((entry) => KEYS.has(entry))) {
		// A saved list is authoritative; a composite beside it still brings its toolsets.
		enabled = new Set(list.filter((entry) => KEYS.has(entry) && allowedOnCli(entry)));
		if (list.some(isComposite)) for (const key of compositeToolsets(env)) enabled.add(key);
	} else {
		enabled = list.some(isComposite) ? compositeToolsets(env) : new Set();
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
	// Every configurable toolset, in picker order: platform-limited ones are listed (never on) too.
	return BUILTIN_TOOLSETS.map((toolset) => ({
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
