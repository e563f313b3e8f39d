/**
 * What we write is read back identically by PyYAML (Hermes's loader): tricky YAML 1.1
 * strings, numbers, multi-line text and unicode, checked with the real python3 `yaml`.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { parseConfigText } from "../../src/hermes/config/yaml.ts";

const TRICKY = {
	words: ["on", "off", "yes", "no", "y", "n", "true", "False", "null", "~", "", " lead", "trail ", "."],
	numbers_as_text: ["1e5", "0755", "0x1F", "12:30", "1_000", "+1", ".5", "1.0"],
	syntax: [
		"a: b",
		"# hash",
		"- dash",
		"{x}",
		"[y]",
		"'quote'",
		'"dq"',
		"@at",
		"`tick`",
		"%pct",
		"&anchor",
		"*alias",
		"!tag",
		"|pipe",
		">gt",
	],
	text: "first line\nsecond line\n",
	unicode: " ▉ 中文 ✓",
	numbers: [0, -3, 2.5, 0.1, 1e-7, -2.5e-12, 123456789012, 1e21, 1.5e300],
	flags: [true, false],
	nested: { yes: 1, on: "off", "key with space": null },
};

describe("PyYAML reads our writes", () => {
	it("round-trips tricky values through PUT /api/config", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await request("/api/config", {
			method: "PUT",
			body: JSON.stringify({ config: { tricky: TRICKY, display: { personality: "no" } } }),
		});
		expect(response.status).toBe(200);
		const path = join(context.home, "config.yaml");
		const python = execFileSync(
			"python3",
			[
				"-c",
				"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))",
				path,
			],
			{ encoding: "utf8" },
		);
		const fromPython = JSON.parse(python);
		expect(fromPython.tricky).toEqual(TRICKY);
		expect(fromPython.display.personality).toBe("no");
		expect(parseConfigText(readFileSync(path, "utf8")).tricky).toEqual(TRICKY);
	});
});
