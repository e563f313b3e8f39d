/**
 * @module
 * The effective config (hermes-home §2.1, §2.2): defaults deep-merged with the file,
 * legacy keys normalised, `${VAR}` expanded; and the `/api/config` shape (flat `model`,
 * virtual `model_context_length`) with its inverse for `PUT /api/config`.
 */
import { DEFAULT_CONFIG } from "./defaults.ts";
import type { ConfigMapping } from "./yaml.ts";

export function isMapping(value: unknown): value is ConfigMapping {
	return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
}

/** A deep copy of plain JSON-like data. */
export function cloneValue<T>(value: T): T {
	return structuredClone(value);
}

/**
 * Hermes's deep merge: mappings merge recursively, anything else replaces, and a `null`
 * never replaces a mapping.
 */
export function deepMerge(base: ConfigMapping, over: ConfigMapping): ConfigMapping {
	const out: ConfigMapping = { ...base };
	for (const [key, value] of Object.entries(over)) {
		const current = out[key];
		if (isMapping(current) && isMapping(value)) {
			out[key] = deepMerge(current, value);
		} else if (value === null && isMapping(current)) {
		} else {
			out[key] = cloneValue(value);
		}
	}
	return out;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === "" || value === 0;
}

/** Legacy key moves (max_turns, root model keys, model.model/name) — mutates and returns. */
export function normaliseConfig(config: ConfigMapping): ConfigMapping {
	if ("max_turns" in config) {
		const agent = isMapping(config.agent) ? config.agent : {};
		if (agent.max_turns === undefined) {
			agent.max_turns = config.max_turns;
		}
		config.agent = agent;
		delete config.max_turns;
	}
	const rootKeys = ["provider", "base_url", "context_length", "api_base"].filter((key) => key in config);
	if (rootKeys.length > 0 || isMapping(config.model)) {
		let model: ConfigMapping;
		if (isMapping(config.model)) {
			model = config.model;
		} else {
			model = {};
			if (typeof config.model === "string" && config.model !== "") {
				model.default = config.model;
			}
		}
		if ("api_base" in model) {
			if (isEmpty(model.base_url)) {
				model.base_url = model.api_base;
			}
			delete model.api_base;
		}
		for (const key of rootKeys) {
			const target = key === "api_base" ? "base_url" : key;
			if (isEmpty(model[target])) {
				model[target] = config[key];
			}
			delete config[key];
		}
		for (const key of ["model", "name"]) {
			if (key in model) {
				if (isEmpty(model.default)) {
					model.default = model[key];
				}
				delete model[key];
			}
		}
		config.model = model;
	}
	return config;
}

const TEMPLATE = /\$\{([^}]+)\}/g;

/** Replaces `${VAR}` in one string; unknown variables stay verbatim. */
export function expandString(text: string, env: Record<string, string | undefined>): string {
	// Own properties only: `${constructor}` is an unknown variable, not Object's constructor.
	return text.replace(TEMPLATE, (whole, name: string) => (Object.hasOwn(env, name) ? env[name] : undefined) ?? whole);
}

/** `${VAR}` expansion in every string of a structure. */
export function expandEnv(value: unknown, env: Record<string, string | undefined>): unknown {
	if (typeof value === "string") {
		return value.includes("${") ? expandString(value, env) : value;
	}
	if (Array.isArray(value)) {
		return value.map((item) => expandEnv(item, env));
	}
	if (isMapping(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandEnv(item, env)]));
	}
	return value;
}

/** Defaults ⊕ file, normalised; `env` expands `${VAR}` (omit it to keep the templates). */
export function effectiveConfig(raw: ConfigMapping, env?: Record<string, string | undefined>): ConfigMapping {
	const merged = normaliseConfig(deepMerge(cloneValue(DEFAULT_CONFIG as ConfigMapping), raw));
	return env === undefined ? merged : (expandEnv(merged, env) as ConfigMapping);
}

/** The `GET /api/config` shape: no `_` keys, `model` a string, `model_context_length`. */
export function toAPIConfig(effective: ConfigMapping): ConfigMapping {
	const out: ConfigMapping = {};
	for (const [key, value] of Object.entries(effective)) {
		if (key.startsWith("_")) {
			continue;
		}
		if (key === "model") {
			const model = value;
			const name = isMapping(model) ? model.default || model.name || "" : (model ?? "");
			out.model = typeof name === "string" ? name : String(name);
			const length = isMapping(model) ? Number(model.context_length) : 0;
			out.model_context_length = Number.isFinite(length) && length > 0 ? Math.trunc(length) : 0;
			continue;
		}
		out[key] = value;
	}
	if (!("model" in out)) {
		out.model = "";
		out.model_context_length = 0;
	}
	return out;
}

/**
 * The inverse for `PUT /api/config` (§2.2 step 1): folds the flat `model` string and
 * `model_context_length` back into the on-disk `model` shape.
 */
export function fromAPIConfig(
	incoming: ConfigMapping,
	raw: ConfigMapping,
): { config: ConfigMapping; remove: string[][] } {
	const config = cloneValue(incoming);
	// A zero context length removes the key, which a deep merge alone cannot do.
	const remove: string[][] = [];
	const hasLength = "model_context_length" in config;
	const length = Number(config.model_context_length);
	delete config.model_context_length;
	const diskModel = raw.model;
	// A positive length is written into the model mapping; zero or less removes it.
	const applyLength = (model: ConfigMapping): ConfigMapping => {
		if (length > 0) {
			model.context_length = Math.trunc(length);
		} else {
			delete model.context_length;
			remove.push(["model", "context_length"]);
		}
		return model;
	};
	if (typeof config.model === "string" && config.model !== "" && isMapping(diskModel)) {
		const model: ConfigMapping = { ...cloneValue(diskModel), default: config.model };
		config.model = hasLength ? applyLength(model) : model;
	} else if (typeof config.model === "string" && hasLength && length > 0) {
		config.model = { default: config.model, context_length: Math.trunc(length) };
	} else if (config.model === undefined && hasLength && isMapping(diskModel)) {
		config.model = applyLength(cloneValue(diskModel));
	}
	return { config, remove };
}
