/**
 * @module
 * Mixture-of-Agents settings (`moa` in config.yaml, api-contract-clients §3.4), always
 * normalised on read and write: invalid slots dropped, defaults filled in, legacy flat
 * keys turned into the `default` preset.
 */
import { isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";

export interface MoaSlot {
	provider: string;
	model: string;
	reasoning_effort?: string;
}

export interface MoaPreset {
	enabled: boolean;
	reference_models: MoaSlot[];
	aggregator: MoaSlot;
	reference_temperature: number | null;
	aggregator_temperature: number | null;
	max_tokens: number;
	reference_max_tokens: number | null;
	fanout: "per_iteration" | "user_turn";
}

export interface MoaConfig {
	default_preset: string;
	active_preset: string;
	presets: Record<string, MoaPreset>;
}

const DEFAULT_REFERENCES: MoaSlot[] = [
	{ provider: "openai-codex", model: "gpt-5.5" },
	{ provider: "openrouter", model: "deepseek/deepseek-v4-pro" },
];
const DEFAULT_AGGREGATOR: MoaSlot = { provider: "openrouter", model: "anthropic/claude-opus-4.8" };
const EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh", "max"]);
const PRESET_KEYS = [
	"reference_models",
	"aggregator",
	"reference_temperature",
	"aggregator_temperature",
	"max_tokens",
	"reference_max_tokens",
	"fanout",
	"enabled",
];

function slot(value: unknown): MoaSlot | null {
	if (!isMapping(value)) return null;
	const provider = typeof value.provider === "string" ? value.provider.trim() : "";
	const model = typeof value.model === "string" ? value.model.trim() : "";
	if (provider === "" || model === "" || provider === "moa") return null;
	const out: MoaSlot = { provider, model };
	let effort = value.reasoning_effort;
	if (effort === false || effort === "disabled") effort = "none";
	if (typeof effort === "string" && EFFORTS.has(effort)) out.reasoning_effort = effort;
	return out;
}

function temperature(value: unknown): number | null {
	const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
	return typeof number === "number" && Number.isFinite(number) ? number : null;
}

function integer(value: unknown): number | null {
	const number = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	return typeof number === "number" && Number.isInteger(number) ? number : null;
}

export function normalisePreset(value: unknown): MoaPreset {
	const raw = isMapping(value) ? value : {};
	const references = (Array.isArray(raw.reference_models) ? raw.reference_models : [])
		.map(slot)
		.filter((item): item is MoaSlot => item !== null);
	const referenceMax = integer(raw.reference_max_tokens);
	return {
		enabled: typeof raw.enabled === "boolean" ? raw.enabled : true,
		reference_models: references.length > 0 ? references : structuredClone(DEFAULT_REFERENCES),
		aggregator: slot(raw.aggregator) ?? { ...DEFAULT_AGGREGATOR },
		reference_temperature: temperature(raw.reference_temperature),
		aggregator_temperature: temperature(raw.aggregator_temperature),
		max_tokens: integer(raw.max_tokens) ?? 4096,
		reference_max_tokens: referenceMax !== null && referenceMax > 0 ? referenceMax : null,
		fanout: raw.fanout === "user_turn" ? "user_turn" : "per_iteration",
	};
}

/** The normalised `moa` section (legacy flat keys become preset `default`). */
export function normaliseMoa(value: unknown): MoaConfig {
	const raw = isMapping(value) ? value : {};
	const presets: Record<string, MoaPreset> = {};
	if (isMapping(raw.presets) && Object.keys(raw.presets).length > 0) {
		for (const [name, preset] of Object.entries(raw.presets)) {
			presets[name] = normalisePreset(preset);
		}
	} else {
		presets.default = normalisePreset(
			Object.fromEntries(PRESET_KEYS.filter((key) => key in raw).map((key) => [key, raw[key]])),
		);
	}
	const names = Object.keys(presets);
	const requestedDefault = typeof raw.default_preset === "string" ? raw.default_preset : "";
	const requestedActive = typeof raw.active_preset === "string" ? raw.active_preset : "";
	return {
		default_preset: names.includes(requestedDefault) ? requestedDefault : names[0]!,
		active_preset: names.includes(requestedActive) ? requestedActive : "",
		presets,
	};
}

export function readMoa(config: ConfigMapping): MoaConfig {
	return normaliseMoa(config.moa);
}

/** The GET/PUT answer: the normalised config plus a flat copy of the default preset. */
export function moaPayload(moa: MoaConfig): MoaConfig & MoaPreset {
	return { ...moa, ...structuredClone(moa.presets[moa.default_preset]!) };
}

/**
 * Stores a normalised `moa` section (nothing when it already normalises to the same); keys of the old section that are not MoA settings
 * (e.g. `save_traces`) are kept, the legacy flat keys are dropped.
 */
export function writeMoa(config: ConfigMapping, moa: MoaConfig): void {
	if (JSON.stringify(normaliseMoa(config.moa)) === JSON.stringify(moa)) {
		// Same settings: the file is left byte for byte as it is.
		return;
	}
	const previous = isMapping(config.moa) ? config.moa : {};
	const kept = Object.fromEntries(Object.entries(previous).filter(([key]) => !PRESET_KEYS.includes(key)));
	const presets: Record<string, unknown> = {};
	for (const [name, preset] of Object.entries(moa.presets)) {
		presets[name] = Object.fromEntries(Object.entries(preset).filter(([, item]) => item !== null));
	}
	config.moa = { ...kept, default_preset: moa.default_preset, active_preset: moa.active_preset, presets };
}
