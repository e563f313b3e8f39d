/**
 * @module
 * Plugin settings writes in config.yaml (api-contract-clients §5.3–5.4): the sidebar
 * hiding list and the memory/context provider choice. Each goes through the
 * comment-preserving form save; a list edit is a read-modify-write, so it is saved
 * against the version it read and redone if another writer got in between.
 */
import { join } from "node:path";
import { ConfigConflictError, saveFormConfig } from "../config/store.ts";
import { type ConfigMapping, getPath, parseConfigText, readConfigText } from "../config/yaml.ts";
import { memoryOptions } from "./hub.ts";

/** A plugin name from the path: slashes allowed, `..` and backslashes not. Null = invalid. */
export function cleanPluginName(raw: string): string | null {
	const name = raw.replace(/^\/+|\/+$/g, "");
	if (name === "" || name.includes("..") || name.includes("\\")) return null;
	return name;
}

const MAX_ATTEMPTS = 5;

/**
 * A read-modify-write of config.yaml: `change` sees the current mapping and returns the
 * partial mapping to save (null = nothing to do). Saved against the version read; redone
 * when another writer changed the file in between, so no one's change is dropped.
 */
export async function editConfig(
	home: string,
	env: Record<string, string | undefined>,
	change: (config: ConfigMapping) => ConfigMapping | null,
): Promise<boolean> {
	const path = join(home, "config.yaml");
	for (let attempt = 1; ; attempt++) {
		const current = readConfigText(path);
		const partial = change(current.exists ? parseConfigText(current.text) : {});
		if (partial === null) return false;
		try {
			await saveFormConfig(path, partial, { env, expectVersion: current.version });
			return true;
		} catch (error) {
			if (!(error instanceof ConfigConflictError && error.reason === "stale") || attempt >= MAX_ATTEMPTS)
				throw error;
		}
	}
}

export async function setPluginHidden(
	home: string,
	env: Record<string, string | undefined>,
	name: string,
	hidden: boolean,
): Promise<void> {
	await editConfig(home, env, (config) => {
		const list = getPath(config, "dashboard.hidden_plugins");
		const names = Array.isArray(list) ? list.filter((item) => item !== name) : [];
		if (hidden) names.push(name);
		return { dashboard: { hidden_plugins: names } };
	});
}

/** A refusal of the provider choice, with Hermes's text (400). */
export class ProviderChoiceError extends Error {}

const BUILT_IN = new Set(["", "built-in", "builtin", "none"]);

export async function setPluginProviders(
	home: string,
	env: Record<string, string | undefined>,
	choice: { memory_provider?: string | null | undefined; context_engine?: string | null | undefined },
): Promise<void> {
	const path = join(home, "config.yaml");
	if (choice.memory_provider !== undefined && choice.memory_provider !== null) {
		const requested = choice.memory_provider.trim();
		const normalised = BUILT_IN.has(requested.toLowerCase()) ? "" : requested;
		if (normalised !== "") {
			const option = memoryOptions(home, env).find((candidate) => candidate.name === normalised);
			if (option === undefined) throw new ProviderChoiceError(`Unknown memory provider '${normalised}'.`);
			if (option.status !== "ready") {
				throw new ProviderChoiceError(
					`Memory provider '${normalised}' is not ready (${option.status.replace(/_/g, " ")}). Configure it in the dashboard first.`,
				);
			}
		}
		await saveFormConfig(path, { memory: { provider: normalised } }, { env });
	}
	if (choice.context_engine !== undefined && choice.context_engine !== null) {
		await saveFormConfig(path, { context: { engine: choice.context_engine } }, { env });
	}
}
