/**
 * Reading config.yaml as PyYAML does, the effective config, and the form-save plan.
 */
import { describe, expect, it } from "vitest";
import { ConfigParseError, parseConfigText, readConfigFile } from "../../src/hermes/config/yaml.ts";
import { effectiveConfig, fromAPIConfig, normaliseConfig, toAPIConfig } from "../../src/hermes/config/effective.ts";
import { applyToDocument, planFormSave } from "../../src/hermes/config/plan.ts";
import { parseConfigDocument } from "../../src/hermes/config/yaml.ts";

describe("parseConfigText (YAML 1.1 like PyYAML)", () => {
	it.each([
		["a: yes", true],
		["a: off", false],
		["a: 'on'", "on"],
		["a: .", "."],
		["a: 1e5", "1e5"],
		["a: 1.5", 1.5],
		["a: 1.0e+3", 1000],
		["a: 0755", 493],
		["a: ~", null],
		["a: ' ▉'", " ▉"],
	])("%s", (text, value) => {
		expect(parseConfigText(text).a).toBe(value);
	});

	it("treats empty text as {} and refuses non-mappings", () => {
		expect(parseConfigText("")).toEqual({});
		expect(parseConfigText("# only a comment\n")).toEqual({});
		expect(() => parseConfigText("- a\n")).toThrow(ConfigParseError);
		expect(() => parseConfigText("a: [1,\n")).toThrow(/line \d+, column \d+/);
		expect(readConfigFile("/nonexistent/config.yaml")).toEqual({});
	});
});

describe("effective config", () => {
	it("normalises legacy keys", () => {
		const config = normaliseConfig({
			max_turns: 12,
			provider: "openrouter",
			api_base: "http://x",
			model: { model: "m", api_base: "http://y" },
		});
		expect(config).toEqual({
			agent: { max_turns: 12 },
			model: { default: "m", provider: "openrouter", base_url: "http://y" },
		});
	});

	it("merges defaults, keeps lists whole, ignores null sections, expands ${VAR}", () => {
		const config = effectiveConfig({ toolsets: ["x"], agent: null, key: "${A}-${B}" }, { A: "1" });
		expect(config.toolsets).toEqual(["x"]);
		expect((config.agent as Record<string, unknown>).max_turns).toBe(90);
		expect(config.key).toBe("1-${B}");
	});

	it("flattens model for the API and folds it back", () => {
		expect(toAPIConfig({ model: { default: "m", context_length: 4096 }, _config_version: 33 })).toEqual({
			model: "m",
			model_context_length: 4096,
		});
		expect(fromAPIConfig({ model: "n", model_context_length: 8000 }, { model: "m" }).config.model).toEqual({
			default: "n",
			context_length: 8000,
		});
		expect(fromAPIConfig({ model: "n", model_context_length: 0 }, { model: "m" }).config.model).toBe("n");
	});
});

describe("planFormSave", () => {
	it("keeps ${VAR} templates in lists of named dicts, matched by name", () => {
		const raw = {
			custom_providers: [
				{ name: "a", api_key: "${KEY_A}" },
				{ name: "b", api_key: "${KEY_B}" },
			],
		};
		const incoming = {
			custom_providers: [
				{ name: "b", api_key: "sec-b" },
				{ name: "a", api_key: "sec-a" },
			],
		};
		const plan = planFormSave(raw, incoming, { KEY_A: "sec-a", KEY_B: "sec-b" });
		expect(plan.custom_providers).toEqual([
			{ name: "b", api_key: "${KEY_B}" },
			{ name: "a", api_key: "${KEY_A}" },
		]);
	});

	it("writes a changed secret as typed, not as the template", () => {
		const plan = planFormSave({ x: { token: "${T}" } }, { x: { token: "new" } }, { T: "old" });
		expect(plan.x).toEqual({ token: "new" });
	});

	it("drops new keys equal to defaults and keeps ones the file had", () => {
		const plan = planFormSave(
			{ agent: { max_turns: 90 } },
			{ agent: { max_turns: 90, gateway_timeout: 1800 }, display: { compact: false } },
			{},
		);
		expect(plan).toEqual({ agent: { max_turns: 90 } });
	});

	it("applies a normalisation as a structural edit that keeps comments", () => {
		const source = "# top\nmax_turns: 5 # old place\nmodel: m\n";
		const doc = parseConfigDocument(source);
		const text = applyToDocument(doc, planFormSave(parseConfigText(source), {}, {}), source);
		expect(text).toContain("# top\n");
		expect(parseConfigText(text)).toEqual({ model: "m", agent: { max_turns: 5 } });
	});
});
