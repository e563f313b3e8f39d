/**
 * @module
 * The toolset drawer (api-contract-clients §7.2–7.4): a toolset's provider rows with
 * which env vars are set, picking a row (its config writes), and saving its keys to
 * `.env` through the dotenv writer.
 */
import { saveFormConfig } from "../config/store.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { cleanEnvValue, ENV_NAME, readEnvValues, setEnvValue } from "../env/dotenv.ts";
import { TOOLSET_PROVIDERS, type ToolsetProvider } from "./providers.ts";
import { activeProvider, providerReady, providerUpdate } from "./state.ts";

type Env = Record<string, string | undefined>;

const isSet = (env: Env, key: string) => (env[key] ?? "").trim() !== "";

/** The env a toolset's keys are checked against: the process environment, then the profile's `.env`. */
export function toolsetEnv(processEnv: Env, envPath: string): Env {
	return { ...processEnv, ...Object.fromEntries(readEnvValues(envPath)) };
}

/** `GET /api/tools/toolsets/{name}/config`. */
export function toolsetConfig(name: string, config: ConfigMapping, env: Env) {
	const rows = TOOLSET_PROVIDERS[name] ?? [];
	const active = activeProvider(name, config);
	return {
		name,
		has_category: rows.length > 0,
		providers: rows.map((row) => ({
			name: row.name,
			badge: row.badge,
			tag: row.tag,
			env_vars: row.env_vars.map((item) => ({
				key: item.key,
				prompt: item.prompt ?? item.key,
				url: item.url ?? null,
				default: item.default ?? null,
				is_set: isSet(env, item.key),
			})),
			post_setup: row.post_setup,
			requires_nous_auth: row.requires_nous_auth,
			// With no config key to tell, a single ready row is the one in use.
			is_active: row.name === active || (active === null && rows.length === 1 && providerReady(row, env)),
		})),
		active_provider: active,
	};
}

/** `PUT …/provider`: applies the row's config writes; null for an unknown row. */
export async function chooseProvider(
	configPath: string,
	name: string,
	provider: string,
	env: Env,
): Promise<ToolsetProvider | null> {
	const row = (TOOLSET_PROVIDERS[name] ?? []).find((item) => item.name === provider);
	if (row !== undefined && Object.keys(row.config).length > 0) {
		await saveFormConfig(configPath, providerUpdate(row), { env });
	}
	return row ?? null;
}

/** Every env var any provider row of the toolset uses. */
export function allowedEnvKeys(name: string): string[] {
	return [...new Set((TOOLSET_PROVIDERS[name] ?? []).flatMap((row) => row.env_vars.map((item) => item.key)))];
}

/** Keys of `values` the toolset does not use, sorted (checked before anything is written). */
export function unknownEnvKeys(name: string, values: Record<string, string>): string[] {
	const allowed = allowedEnvKeys(name);
	return Object.keys(values)
		.filter((key) => !allowed.includes(key))
		.sort();
}

/** `PUT …/env`: trimmed non-blank values are written; blanks are "leave unchanged". */
export function saveToolsetEnv(
	envPath: string,
	values: Record<string, string>,
): { saved: string[]; skipped: string[] } {
	const saved: string[] = [];
	const skipped: string[] = [];
	for (const [key, raw] of Object.entries(values)) {
		const value = cleanEnvValue(raw.trim());
		if (value === "" || !ENV_NAME.test(key)) {
			skipped.push(key);
			continue;
		}
		setEnvValue(envPath, key, value);
		saved.push(key);
	}
	return { saved, skipped };
}

/** Which of the toolset's keys are set now. */
export function envIsSet(name: string, env: Env): Record<string, boolean> {
	return Object.fromEntries(allowedEnvKeys(name).map((key) => [key, isSet(env, key)]));
}

/** What a toolset needs, for the page: each provider row's env vars (a row needing none means "ready as is"). */
export function setupRequirements(name: string): string[][] {
	return (TOOLSET_PROVIDERS[name] ?? []).map((row) => row.env_vars.map((item) => item.key));
}
