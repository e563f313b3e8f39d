/**
 * Mixture-of-Agents normalisation (api-contract-clients §3.4): invalid slots dropped,
 * defaults filled, legacy flat keys read as preset `default`, preset names checked.
 */
import { describe, expect, it } from "vitest";
import { normaliseMoa, writeMoa } from "../../src/hermes/models/moa.ts";

describe("normaliseMoa", () => {
	it("keeps valid slots and efforts, and fills defaults", () => {
		const moa = normaliseMoa({
			presets: {
				fast: {
					reference_models: [
						{ provider: "anthropic", model: "claude-haiku-4-5", reasoning_effort: false },
						{ provider: "moa", model: "x" },
						{ provider: " ", model: "y" },
						{ provider: "deepseek", model: "deepseek-chat", reasoning_effort: "turbo" },
					],
					max_tokens: "2048",
					reference_max_tokens: -3,
					fanout: "user_turn",
					reference_temperature: "0.4",
				},
			},
			default_preset: "missing",
			active_preset: "fast",
		});
		expect(moa.default_preset).toBe("fast");
		expect(moa.active_preset).toBe("fast");
		expect(moa.presets.fast).toEqual({
			enabled: true,
			reference_models: [
				{ provider: "anthropic", model: "claude-haiku-4-5", reasoning_effort: "none" },
				{ provider: "deepseek", model: "deepseek-chat" },
			],
			aggregator: { provider: "openrouter", model: "anthropic/claude-opus-4.8" },
			reference_temperature: 0.4,
			aggregator_temperature: null,
			max_tokens: 2048,
			reference_max_tokens: null,
			fanout: "user_turn",
		});
	});

	it("turns legacy flat keys into preset default and writes them back as presets", () => {
		const config: Record<string, unknown> = {
			moa: {
				reference_models: [],
				aggregator: { provider: "a", model: "b" },
				max_tokens: 1000,
				save_traces: true,
			},
		};
		const moa = normaliseMoa(config.moa);
		expect(Object.keys(moa.presets)).toEqual(["default"]);
		expect(moa.presets.default!.reference_models).toHaveLength(2);
		expect(moa.presets.default!.aggregator).toEqual({ provider: "a", model: "b" });
		moa.presets.default!.max_tokens = 1500;
		writeMoa(config, moa);
		expect(config.moa).toMatchObject({
			save_traces: true,
			default_preset: "default",
			presets: { default: { max_tokens: 1500 } },
		});
		expect((config.moa as Record<string, unknown>).aggregator).toBeUndefined();
	});
});
