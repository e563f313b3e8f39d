/**
 * @module
 * `GET /api/model/options` rows (api-contract-clients §3.1): MoA first (when presets
 * exist), then signed-in providers with their models, then, with `include_unconfigured`,
 * skeleton rows telling how to activate the rest; user-declared providers last.
 */
import { isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { authenticatedProviders, PROVIDERS } from "./catalog.ts";
import { mainModel } from "./model_config.ts";
import { readMoa } from "./moa.ts";

export interface OptionRow {
	slug: string;
	name: string;
	is_current: boolean;
	is_user_defined: boolean;
	models: string[];
	total_models: number;
	source: string;
	authenticated: boolean;
	capabilities: Record<string, { fast: boolean; reasoning: boolean }>;
	auth_type?: string;
	key_env?: string;
	warning?: string;
}

export interface ModelOptions {
	providers: OptionRow[];
	model: string;
	provider: string;
}

export interface OptionsQuery {
	includeUnconfigured: boolean;
	explicitOnly: boolean;
}

function userRows(config: ConfigMapping, current: string): OptionRow[] {
	const rows: OptionRow[] = [];
	const entries: [string, ConfigMapping][] = [];
	if (isMapping(config.providers)) {
		for (const [name, entry] of Object.entries(config.providers)) {
			if (isMapping(entry)) entries.push([name, entry]);
		}
	}
	if (Array.isArray(config.custom_providers)) {
		for (const entry of config.custom_providers) {
			if (isMapping(entry) && typeof entry.name === "string") entries.push([`custom:${entry.name}`, entry]);
		}
	}
	for (const [slug, entry] of entries) {
		const models = Array.isArray(entry.models)
			? entry.models.filter((item): item is string => typeof item === "string")
			: typeof entry.model === "string"
				? [entry.model]
				: [];
		rows.push({
			slug,
			name: typeof entry.name === "string" ? entry.name : slug,
			is_current: slug === current,
			is_user_defined: true,
			models,
			total_models: models.length,
			source: "user-config",
			authenticated: true,
			capabilities: {},
		});
	}
	return rows;
}

export function modelOptions(
	home: string,
	config: ConfigMapping,
	env: Record<string, string | undefined>,
	query: OptionsQuery,
): ModelOptions {
	const main = mainModel(config);
	const signedIn = authenticatedProviders(home, env);
	const rows: OptionRow[] = [];
	const moa = readMoa(config);
	const presets = Object.keys(moa.presets);
	if (presets.length > 0 && !query.explicitOnly) {
		rows.push({
			slug: "moa",
			name: "Mixture of Agents",
			is_current: main.provider === "moa",
			is_user_defined: false,
			models: presets,
			total_models: presets.length,
			source: "virtual",
			authenticated: true,
			capabilities: {},
			auth_type: "virtual",
			warning: "Runs several reference models and merges their answers; costs add up per turn.",
		});
	}
	for (const provider of PROVIDERS) {
		const current = provider.slug === main.provider;
		if (signedIn.has(provider.slug) || current) {
			const models = [...provider.models];
			if (current && main.model !== "" && !models.includes(main.model)) models.unshift(main.model);
			rows.push({
				slug: provider.slug,
				name: provider.name,
				is_current: current,
				is_user_defined: false,
				models,
				total_models: models.length,
				source: "hermes",
				authenticated: signedIn.has(provider.slug),
				capabilities: {},
			});
		} else if (query.includeUnconfigured && !query.explicitOnly) {
			rows.push({
				slug: provider.slug,
				name: provider.name,
				is_current: false,
				is_user_defined: false,
				models: [],
				total_models: 0,
				source: "canonical",
				authenticated: false,
				capabilities: {},
				auth_type: provider.authType,
				key_env: provider.keyEnv,
				warning:
					provider.authType === "api_key" && provider.keyEnv !== ""
						? `paste ${provider.keyEnv} to activate`
						: `run \`hermes model\` to configure (${provider.authType})`,
			});
		}
	}
	rows.push(...userRows(config, main.provider));
	return { providers: rows, model: main.model, provider: main.provider };
}
