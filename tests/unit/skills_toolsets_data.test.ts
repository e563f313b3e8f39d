/**
 * The built-in toolset module is generated from the reference (scripts/gen_toolsets.ts):
 * it must match what the generator reads from hermes-home.md §7.4 today.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseToolsets } from "../../scripts/gen_toolsets.ts";
import { BUILTIN_TOOLSETS, DEFAULT_OFF_TOOLSETS } from "../../src/hermes/toolsets/builtin.ts";
import { actionSlug, dedupeResults, installActionName, type HubResult } from "../../src/hermes/skills/hub.ts";

const REFERENCE = fileURLToPath(new URL("../../../shared/reference/hermes-home.md", import.meta.url));

describe("built-in toolsets", () => {
	it("match the reference table (run `node scripts/gen_toolsets.ts` when this fails)", () => {
		const parsed = parseToolsets(readFileSync(REFERENCE, "utf8"));
		expect(BUILTIN_TOOLSETS).toEqual(parsed.rows);
		expect(DEFAULT_OFF_TOOLSETS).toEqual(parsed.defaultOff);
	});

	it("hold Hermes's 25 configurable keys in picker order", () => {
		expect(BUILTIN_TOOLSETS).toHaveLength(25);
		expect(BUILTIN_TOOLSETS[0]).toEqual({
			key: "web",
			label: "Web Search & Scraping",
			tools: ["web_search", "web_extract"],
			platforms: null,
		});
		expect(BUILTIN_TOOLSETS.find((row) => row.key === "context_engine")?.tools).toEqual([]);
		expect(BUILTIN_TOOLSETS.find((row) => row.key === "discord")?.platforms).toEqual(["discord"]);
	});
});

describe("hub action names", () => {
	it("slug: lower-case, runs of other characters to '-', trimmed, at most 48, else 'skill'", () => {
		expect(actionSlug("Acme/Skills: PDF Tool!")).toBe("acme-skills-pdf-tool");
		expect(actionSlug("!!!")).toBe("skill");
		expect(actionSlug("a".repeat(60))).toHaveLength(48);
		expect(installActionName("openai/skills/pdf")).toMatch(/^skills-install-openai-skills-pdf-[0-9a-f]{8}$/);
	});
});

describe("hub search dedupe", () => {
	const row = (identifier: string, trust: string, source: string): HubResult => ({
		name: identifier,
		description: "",
		source,
		identifier,
		trust_level: trust,
		repo: null,
		tags: [],
	});

	it("keeps the higher trust per identifier; unknown trust ranks as community; first seen wins ties", () => {
		const out = dedupeResults([
			row("a", "community", "github"),
			row("a", "trusted", "skills-sh"),
			row("b", "weird", "github"),
			row("b", "community", "lobehub"),
			row("a", "builtin", "official"),
		]);
		expect(out.map((item) => [item.identifier, item.source])).toEqual([
			["a", "official"],
			["b", "github"],
		]);
	});
});
