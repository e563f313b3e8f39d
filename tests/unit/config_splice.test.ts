/**
 * Form saves as source splices: hand-formatted files keep every byte that did not change.
 */
import { describe, expect, it } from "vitest";
import { applyToDocument, planFormSave } from "../../src/hermes/config/plan.ts";
import { parseConfigDocument, parseConfigText } from "../../src/hermes/config/yaml.ts";

function save(source: string, incoming: Record<string, unknown>): string {
	const doc = parseConfigDocument(source);
	return applyToDocument(doc, planFormSave(parseConfigText(source), incoming, {}), source);
}

const HAND = `# my config
model: gpt-x  # two spaces

agent:
    max_turns: 60   # four-space indent
    disabled_toolsets:
        - web
        - browser   # why

toolsets: [ hermes-cli,  web ]
custom: {a: 1}
# trailing comment
`;

describe("form saves splice the source", () => {
	it("adds a key to an existing four-space mapping at its indentation", () => {
		expect(save(HAND, { agent: { gateway_timeout: 99 } })).toBe(
			HAND.replace("        - browser   # why\n", "        - browser   # why\n    gateway_timeout: 99\n"),
		);
	});

	it("adds a new section before the trailing comment", () => {
		expect(save(HAND, { display: { compact: true, skin: "ares" } })).toBe(
			HAND.replace("custom: {a: 1}\n", "custom: {a: 1}\ndisplay:\n  compact: true\n  skin: ares\n"),
		);
	});

	it("replaces a block list in place and a flow list as flow", () => {
		expect(save(HAND, { agent: { disabled_toolsets: ["x"] } })).toBe(
			HAND.replace(
				"    disabled_toolsets:\n        - web\n        - browser   # why\n",
				"    disabled_toolsets:\n      - x\n",
			),
		);
		expect(save(HAND, { toolsets: ["a", "b"] })).toBe(HAND.replace("[ hermes-cli,  web ]", "[a, b]"));
	});

	it("moves a legacy root key by deleting its line and adding it where it belongs", () => {
		const source = "# keep\nmax_turns: 7 # legacy\nagent:\n    gateway_timeout: 5\n";
		expect(save(source, {})).toBe("# keep\nagent:\n    gateway_timeout: 5\n    max_turns: 7\n");
	});

	it("handles a file without a final newline", () => {
		expect(save("a: 1", { b: { c: 2 } })).toBe("a: 1\nb:\n  c: 2\n");
		expect(save("agent:\n  max_turns: 1", { agent: { max_turns: 2 } })).toBe("agent:\n  max_turns: 2");
	});

	it("falls back to printing when a splice cannot express the change", () => {
		const source = "custom: {a: 1}\n";
		const text = save(source, { custom: { b: 2 } });
		expect(parseConfigText(text)).toEqual({ custom: { a: 1, b: 2 } });
	});
});
