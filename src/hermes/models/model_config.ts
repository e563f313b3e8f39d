/**
 * @module
 * The model sections of config.yaml as the Models page and Hermes's clients read and
 * write them (api-contract-clients §1.5, §2.8, §3.3, §3.5): the main model, the eleven
 * auxiliary task slots, and the main-model write rules (provider switch clears the
 * endpoint and credentials, `context_length` always goes).
 */
import { isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { mappingAt } from "./config_edit.ts";
import { normaliseModelForProvider, resolveProviderName } from "./catalog.ts";

/** The auxiliary task slots, in the order Hermes lists them. */
export const AUX_TASKS: readonly string[] = [
	"vision",
	"web_extract",
	"compression",
	"skills_hub",
	"approval",
	"mcp",
	"title_generation",
	"triage_specifier",
	"kanban_decomposer",
	"profile_describer",
	"curator",
];

export interface MainModel {
	model: string;
	provider: string;
	baseURL: string;
	contextLength: number;
}

/** The main model: a dict `model` (default, else name) or a plain string. */
export function mainModel(config: ConfigMapping): MainModel {
	const model = config.model;
	if (typeof model === "string") {
		return { model, provider: "", baseURL: "", contextLength: 0 };
	}
	if (!isMapping(model)) {
		return { model: "", provider: "", baseURL: "", contextLength: 0 };
	}
	const name = [model.default, model.name].find((value) => typeof value === "string" && value !== "");
	const length = model.context_length;
	return {
		model: typeof name === "string" ? name : "",
		provider: typeof model.provider === "string" ? model.provider : "",
		baseURL: typeof model.base_url === "string" ? model.base_url : "",
		contextLength: typeof length === "number" && Number.isInteger(length) && length > 0 ? length : 0,
	};
}

export interface ModelInfo {
	model: string;
	provider: string;
	auto_context_length: number;
	config_context_length: number;
	effective_context_length: number;
	capabilities: Record<string, unknown>;
}

/**
 * `GET /api/model/info`. Context-length auto-detection and the models.dev capability
 * catalogue need the network, which this server does not call: auto is 0, so the
 * effective length is the configured one, and capabilities are `{}` (Hermes's offline answer).
 */
export function modelInfo(config: ConfigMapping): ModelInfo {
	const main = mainModel(config);
	return {
		model: main.model,
		provider: main.provider,
		auto_context_length: 0,
		config_context_length: main.contextLength,
		effective_context_length: main.contextLength,
		capabilities: {},
	};
}

export interface AuxSlot {
	task: string;
	provider: string;
	model: string;
	base_url: string;
}

export function auxiliarySlots(config: ConfigMapping): { tasks: AuxSlot[]; main: { provider: string; model: string } } {
	const auxiliary = isMapping(config.auxiliary) ? config.auxiliary : {};
	const tasks = AUX_TASKS.map((task) => {
		const slot = isMapping(auxiliary[task]) ? auxiliary[task] : {};
		const text = (value: unknown): string => (typeof value === "string" ? value : "");
		return {
			task,
			provider: text(slot.provider) || "auto",
			model: text(slot.model),
			base_url: text(slot.base_url),
		};
	});
	const main = mainModel(config);
	return { tasks, main: { provider: main.provider, model: main.model } };
}

export interface MainWrite {
	provider: string;
	model: string;
	baseURL: string;
	apiKey: string;
}

/**
 * Writes the main model into `config` with Hermes's rules (§3.5 step 3) and returns what
 * was stored: the resolved provider, the normalised model and the stored base_url.
 */
export function writeMainModel(
	config: ConfigMapping,
	request: MainWrite,
): { provider: string; model: string; base_url: string } {
	const before = mainModel(config);
	if (!isMapping(config.model)) {
		config.model = typeof config.model === "string" && config.model !== "" ? { default: config.model } : {};
	}
	const model = mappingAt(config, "model");
	const provider = resolveProviderName(config, request.provider, before.provider, request.model);
	const name = normaliseModelForProvider(provider, request.model);
	const changed = provider !== before.provider;
	model.provider = provider;
	model.default = name;
	delete model.name;
	delete model.model;
	if (request.baseURL !== "") {
		model.base_url = request.baseURL;
	} else if (changed && "base_url" in model) {
		model.base_url = "";
	}
	if (request.apiKey !== "") {
		model.api_key = request.apiKey;
		delete model.api;
	} else if (changed) {
		delete model.api_key;
		delete model.api;
	}
	if (changed) {
		delete model.api_mode;
	}
	delete model.context_length;
	return { provider, model: name, base_url: typeof model.base_url === "string" ? model.base_url : "" };
}

/** Auxiliary slots pinned to another provider than the new main one (reported, not changed). */
export function staleAuxiliary(
	config: ConfigMapping,
	provider: string,
): { task: string; provider: string; model: string }[] {
	return auxiliarySlots(config)
		.tasks.filter((slot) => {
			const pinned = slot.provider.toLowerCase();
			return pinned !== "auto" && pinned !== "" && pinned !== provider.toLowerCase();
		})
		.map(({ task, provider: slotProvider, model }) => ({ task, provider: slotProvider, model }));
}

/** Resets every auxiliary slot to `auto` (the `__reset__` task). */
export function resetAuxiliary(config: ConfigMapping): void {
	const auxiliary = mappingAt(config, "auxiliary");
	for (const task of AUX_TASKS) {
		const slot = mappingAt(auxiliary, task);
		slot.provider = "auto";
		slot.model = "";
		for (const key of ["base_url", "api_key", "api", "api_mode"]) delete slot[key];
	}
}

/** Assigns provider/model verbatim to the given slots; a provider change drops the slot's endpoint and key. */
export function writeAuxiliary(config: ConfigMapping, tasks: readonly string[], provider: string, model: string): void {
	const auxiliary = mappingAt(config, "auxiliary");
	for (const task of tasks) {
		const slot = mappingAt(auxiliary, task);
		if (slot.provider !== provider && provider !== "custom") {
			for (const key of ["base_url", "api_key", "api", "api_mode"]) delete slot[key];
		}
		slot.provider = provider;
		slot.model = model;
	}
}
