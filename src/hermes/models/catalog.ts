/**
 * @module
 * What the model picker offers (api-contract-clients §3.1): the canonical providers
 * (from the env catalogue's provider list plus the OAuth-only ones), a short curated
 * model list for the common ones, whether each is signed in, and the provider/model
 * normalisation `/api/model/set` applies. Live pricing and models.dev lookups need the
 * network, which this server does not call: rows carry no `pricing`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_VARS } from "../env/providers.ts";
import { readEnvValues } from "../env/dotenv.ts";
import { isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";

export interface CatalogProvider {
	slug: string;
	name: string;
	authType: string;
	keyEnv: string;
	/** Env vars that, when set, mean the provider has a credential. */
	credentialVars: readonly string[];
	models: readonly string[];
}

/** A short, hand-picked list per provider: what a new user most likely wants first. */
const CURATED: Record<string, readonly string[]> = {
	anthropic: ["claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-4-5"],
	"openai-api": ["gpt-5.6-terra", "gpt-5.6-luna", "gpt-4.1", "gpt-4.1-mini"],
	openrouter: ["anthropic/claude-sonnet-4.6", "deepseek/deepseek-v4-pro", "openai/gpt-4.1"],
	deepseek: ["deepseek-chat", "deepseek-reasoner"],
	gemini: ["gemini-2.5-pro", "gemini-2.5-flash"],
	xai: ["grok-4", "grok-4-fast"],
	"openai-codex": ["gpt-5.5", "gpt-5.6-sol", "gpt-5.6-luna"],
	nous: ["Hermes-4-405B", "Hermes-4-70B"],
};

const OAUTH_PROVIDERS: CatalogProvider[] = [
	{
		slug: "nous",
		name: "Nous Portal",
		authType: "oauth_device_code",
		keyEnv: "",
		credentialVars: [],
		models: CURATED.nous!,
	},
	{
		slug: "openai-codex",
		name: "OpenAI Codex (ChatGPT)",
		authType: "oauth_device_code",
		keyEnv: "",
		credentialVars: [],
		models: CURATED["openai-codex"]!,
	},
];

function keyVars(vars: readonly string[]): string[] {
	return vars.filter((name) => /(_API_KEY|_TOKEN|_CREDENTIALS_PATH)$/.test(name));
}

export const PROVIDERS: readonly CatalogProvider[] = [
	...OAUTH_PROVIDERS,
	...PROVIDER_VARS.map((provider) => ({
		slug: provider.id,
		name: provider.label,
		authType: keyVars(provider.vars).length > 0 ? "api_key" : "external",
		keyEnv: keyVars(provider.vars)[0] ?? "",
		credentialVars: keyVars(provider.vars),
		models: CURATED[provider.id] ?? [],
	})),
];

/** Aggregators that route vendor-prefixed ids (`vendor/model`). */
const AGGREGATORS = new Set(["openrouter", "nous", "kilocode", "novita", "deepinfra"]);

export function providerBySlug(slug: string): CatalogProvider | undefined {
	return PROVIDERS.find((provider) => provider.slug === slug.toLowerCase());
}

/** Providers with a stored credential: a key in the profile's .env or the process env, or an auth.json entry. */
export function authenticatedProviders(home: string, env: Record<string, string | undefined>): Set<string> {
	const values = readEnvValues(join(home, ".env"));
	const set = new Set<string>();
	for (const provider of PROVIDERS) {
		if (provider.credentialVars.some((name) => (values.get(name) ?? env[name] ?? "") !== "")) {
			set.add(provider.slug);
		}
	}
	try {
		const path = join(home, "auth.json");
		if (existsSync(path)) {
			const auth: unknown = JSON.parse(readFileSync(path, "utf8"));
			if (isMapping(auth)) {
				for (const section of [auth.providers, auth.credential_pool]) {
					if (isMapping(section)) {
						for (const [id, value] of Object.entries(section)) {
							if (value !== null && (!Array.isArray(value) || value.length > 0)) set.add(id);
						}
					}
				}
			}
		}
	} catch {
		// An unreadable auth.json adds nothing.
	}
	return set;
}

/** Names declared under `providers:` / `custom_providers:` in config.yaml, mapped to their provider id. */
function declaredProviders(config: ConfigMapping): Map<string, string> {
	const found = new Map<string, string>();
	if (isMapping(config.providers)) {
		for (const [name, entry] of Object.entries(config.providers)) {
			const id = isMapping(entry) && typeof entry.provider === "string" ? entry.provider : name;
			found.set(name.toLowerCase(), id);
		}
	}
	if (Array.isArray(config.custom_providers)) {
		for (const entry of config.custom_providers) {
			if (isMapping(entry) && typeof entry.name === "string") {
				found.set(entry.name.toLowerCase(), `custom:${entry.name}`);
			}
		}
	}
	return found;
}

/**
 * The provider a main-model write stores: a declared name resolves to its id; an unknown
 * provider with a vendor-prefixed model goes to the current aggregator, else OpenRouter.
 */
export function resolveProviderName(config: ConfigMapping, requested: string, current: string, model: string): string {
	const declared = declaredProviders(config).get(requested.toLowerCase());
	if (declared !== undefined) {
		return declared;
	}
	const known = providerBySlug(requested) !== undefined || ["custom", "local", "auto", "moa"].includes(requested);
	if (!known && model.includes("/")) {
		return AGGREGATORS.has(current.toLowerCase()) || current.startsWith("custom:") ? current : "openrouter";
	}
	return requested;
}

/** Native Anthropic ids drop the vendor prefix and use dashes (`anthropic/claude-opus-4.6` → `claude-opus-4-6`). */
export function normaliseModelForProvider(provider: string, model: string): string {
	if (provider === "anthropic" && model.startsWith("anthropic/")) {
		return model.slice("anthropic/".length).replace(/(\d)\.(\d)/g, "$1-$2");
	}
	return model;
}

/** USD per million tokens for models priced far above the usual range (the expensive-model guard). */
const KNOWN_PRICING: Record<string, { input: number; output: number }> = {
	"o1-pro": { input: 150, output: 600 },
	"openai/o1-pro": { input: 150, output: 600 },
	"gpt-4.5-preview": { input: 75, output: 150 },
	"openai/gpt-4.5-preview": { input: 75, output: 150 },
	"o3-pro": { input: 20, output: 80 },
	"claude-opus-4-7": { input: 15, output: 75 },
	"claude-sonnet-4-6": { input: 3, output: 15 },
	"claude-haiku-4-5": { input: 1, output: 5 },
};

export const EXPENSIVE_INPUT = 20;
export const EXPENSIVE_OUTPUT = 100;

/** The warning a client must confirm before an expensive model is stored; null when pricing is unknown or usual. */
export function expensiveModelWarning(model: string): string | null {
	const price = KNOWN_PRICING[model];
	if (price === undefined || (price.input <= EXPENSIVE_INPUT && price.output <= EXPENSIVE_OUTPUT)) {
		return null;
	}
	return [
		"!!! EXPENSIVE MODEL WARNING !!!",
		`${model} costs $${price.input.toFixed(2)} per million input tokens and $${price.output.toFixed(2)} per million output tokens.`,
		`That is above the warning thresholds ($${EXPENSIVE_INPUT} input / $${EXPENSIVE_OUTPUT} output per million tokens).`,
		"Pricing source: the dashboard's built-in pricing table.",
	].join("\n");
}
