/**
 * The generated defaults module is exactly what the generator makes from the reference.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONFIG, SCHEMA_OVERRIDES } from "../../src/hermes/config/defaults.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function leaves(node: Record<string, unknown>): number {
	let count = 0;
	for (const value of Object.values(node)) {
		const nested =
			value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;
		count += nested ? leaves(value as Record<string, unknown>) : 1;
	}
	return count;
}

describe("config_defaults.ts", () => {
	it("is up to date with scripts/gen_config_defaults.ts and the reference", () => {
		const out = join(mkdtempSync(join(tmpdir(), "gen-")), "config_defaults.ts");
		const reference = join(ROOT, "../shared/reference/hermes-home.md");
		const fixture = join(ROOT, "../shared/fixtures/hermes-home-sample/config.yaml");
		execFileSync(process.execPath, [join(ROOT, "scripts/gen_config_defaults.ts"), reference, fixture, out]);
		expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, "src/hermes/config/defaults.ts"), "utf8"));
	});

	it("holds every DEFAULT_CONFIG leaf of the reference table (572 with _config_version)", () => {
		expect(leaves(DEFAULT_CONFIG as Record<string, unknown>)).toBe(572);
		expect(Object.keys(DEFAULT_CONFIG).at(-1)).toBe("_config_version");
		expect((DEFAULT_CONFIG.kanban as Record<string, unknown>).auto_subscribe_on_create).toBeUndefined();
	});

	it("carries the select overrides with Hermes's option lists", () => {
		expect(SCHEMA_OVERRIDES["terminal.backend"]!.options).toEqual([
			"local",
			"docker",
			"ssh",
			"modal",
			"daytona",
			"singularity",
		]);
		expect(SCHEMA_OVERRIDES["terminal.modal_mode"]!.options).toEqual(["sandbox", "function"]);
		expect(SCHEMA_OVERRIDES["delegation.reasoning_effort"]!.options).toEqual([
			"",
			"minimal",
			"low",
			"medium",
			"high",
			"xhigh",
			"max",
			"ultra",
		]);
		expect(Object.values(SCHEMA_OVERRIDES).filter((override) => override.type === "select")).toHaveLength(17);
	});
});
