/**
 * @module
 * Memory (hermes-home §13): the built-in MEMORY.md / USER.md files, the external
 * provider chosen in `memory.provider`, and what each bundled or user provider needs.
 *
 * Hermes asks each provider plugin whether it is available and configured; without
 * Python we judge by what the home's files say: a bundled provider is configured once
 * its API key is in `.env` (or the environment) or its own config file exists.
 */
import { existsSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "../home/flock.ts";
import { readEnvValues } from "../env/dotenv.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { getPath } from "../config/yaml.ts";
import { editConfig } from "../system/config_edit.ts";

export type ProviderStatus = "ready" | "needs_config" | "unavailable" | "missing";

export interface MemoryProviderRow {
	name: string;
	description: string;
	available: boolean;
	configured: boolean;
	status: ProviderStatus;
	setup: { env_vars: string[]; config_file: string | null };
}

interface BundledProvider {
	description: string;
	/** Any one of these set configures the provider. */
	envVars: string[];
	/** A file under the home that configures it too. */
	configFile: string | null;
}

const BUNDLED: Record<string, BundledProvider> = {
	byterover: { description: "ByteRover persistent knowledge memory", envVars: ["BRV_API_KEY"], configFile: null },
	hindsight: {
		description: "Hindsight long-term memory with knowledge graph",
		envVars: ["HINDSIGHT_API_KEY"],
		configFile: "hindsight/config.json",
	},
	holographic: {
		description: "Local SQLite fact store with holographic recall",
		envVars: [],
		configFile: null,
	},
	honcho: { description: "Honcho user modelling and memory", envVars: ["HONCHO_API_KEY"], configFile: "honcho.json" },
	mem0: { description: "Mem0 managed memory layer", envVars: ["MEM0_API_KEY"], configFile: null },
	openviking: {
		description: "OpenViking context database",
		envVars: ["OPENVIKING_API_KEY", "OPENVIKING_ENDPOINT"],
		configFile: "openviking/config.json",
	},
	retaindb: { description: "RetainDB hosted memory", envVars: ["RETAINDB_API_KEY"], configFile: null },
	supermemory: { description: "Supermemory hosted memory", envVars: ["SUPERMEMORY_API_KEY"], configFile: null },
};

const MEMORY_FILES = { memory: "MEMORY.md", user: "USER.md" } as const;

/** `""`, `built-in`, `builtin` and `none` all mean "built-in memory only". */
export function normaliseProviderName(name: unknown): string {
	const text = typeof name === "string" ? name.trim().toLowerCase() : "";
	return ["", "built-in", "builtin", "none"].includes(text) ? "" : text;
}

/** User providers: `plugins/<name>/` folders that look like memory providers. */
function userProviders(home: string): string[] {
	try {
		return readdirSync(join(home, "plugins"), { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && existsSync(join(home, "plugins", entry.name, "__init__.py")))
			.filter((entry) => /memory/i.test(entry.name) || existsSync(join(home, "plugins", entry.name, "memory.py")))
			.map((entry) => entry.name);
	} catch {
		return [];
	}
}

function fileSize(path: string): number {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
}

export interface MemoryStatus {
	active: string;
	providers: MemoryProviderRow[];
	builtin_files: { memory: number; user: number };
}

/** `GET /api/memory` for one home. */
export function memoryStatus(
	home: string,
	config: ConfigMapping,
	env: Record<string, string | undefined>,
): MemoryStatus {
	const active = normaliseProviderName(getPath(config, "memory.provider"));
	const dotenv = readEnvValues(join(home, ".env"));
	const isSet = (name: string): boolean => (dotenv.get(name) ?? env[name] ?? "").trim() !== "";
	const rows = new Map<string, MemoryProviderRow>();
	for (const [name, info] of Object.entries(BUNDLED)) {
		const configured =
			info.envVars.length === 0 ||
			info.envVars.some(isSet) ||
			(info.configFile !== null && existsSync(join(home, info.configFile)));
		rows.set(name, {
			name,
			description: info.description,
			available: true,
			configured,
			status: configured ? "ready" : "needs_config",
			setup: { env_vars: info.envVars, config_file: info.configFile },
		});
	}
	for (const name of userProviders(home)) {
		if (!rows.has(name)) {
			rows.set(name, {
				name,
				description: "User memory provider plugin",
				available: true,
				configured: true,
				status: "ready",
				setup: { env_vars: [], config_file: null },
			});
		}
	}
	if (active !== "" && !rows.has(active)) {
		rows.set(active, {
			name: active,
			description: "Configured provider was not found.",
			available: false,
			configured: false,
			status: "missing",
			setup: { env_vars: [], config_file: null },
		});
	}
	return {
		active,
		providers: [...rows.values()].sort((a, b) => a.name.localeCompare(b.name)),
		builtin_files: {
			memory: fileSize(join(home, "memories", MEMORY_FILES.memory)),
			user: fileSize(join(home, "memories", MEMORY_FILES.user)),
		},
	};
}

/** A provider choice Hermes refuses with 400. */
export class MemoryProviderError extends Error {}

/** Sets `memory.provider` (comments kept) once the provider is ready; returns the stored name. */
export async function selectMemoryProvider(
	paths: { home: string; config: string },
	requested: string,
	options: { config: ConfigMapping; env: Record<string, string | undefined> },
): Promise<string> {
	const name = normaliseProviderName(requested);
	if (name !== "") {
		const row = memoryStatus(paths.home, options.config, options.env).providers.find((item) => item.name === name);
		if (row === undefined) {
			throw new MemoryProviderError(`Unknown memory provider '${name}'.`);
		}
		if (row.status !== "ready") {
			throw new MemoryProviderError(
				`Memory provider '${name}' is not ready (${row.status.replace("_", " ")}). Configure it in the dashboard first.`,
			);
		}
	}
	await editConfig(paths.config, options.env, (config) => {
		const memory = config.memory !== null && typeof config.memory === "object" ? config.memory : {};
		config.memory = { ...(memory as ConfigMapping), provider: name };
		return true;
	});
	return name;
}

export type ResetTarget = "all" | "memory" | "user";

/**
 * Deletes MEMORY.md and/or USER.md, each under the `.lock` the agent takes while editing
 * it (upstream takes none; a write in flight would otherwise land after the reset).
 * Returns the names of the files deleted.
 */
export async function resetMemory(home: string, target: ResetTarget): Promise<string[]> {
	const names: string[] = [];
	if (target === "all" || target === "memory") names.push(MEMORY_FILES.memory);
	if (target === "all" || target === "user") names.push(MEMORY_FILES.user);
	const deleted: string[] = [];
	for (const name of names) {
		const path = join(home, "memories", name);
		if (!existsSync(path)) {
			continue;
		}
		await withFileLock(
			`${path}.lock`,
			() => {
				try {
					unlinkSync(path);
					deleted.push(name);
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
						throw error;
					}
				}
			},
			{ what: name },
		);
	}
	return deleted;
}
