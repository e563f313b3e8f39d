/**
 * The generated `.env` catalogue is exactly what the generator makes from the reference.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("env/catalog.ts", () => {
	it("is up to date with scripts/gen_env_catalog.ts and the reference", () => {
		const out = join(mkdtempSync(join(tmpdir(), "gen-")), "catalog.ts");
		const reference = join(ROOT, "../shared/reference/hermes-home.md");
		execFileSync(process.execPath, [join(ROOT, "scripts/gen_env_catalog.ts"), reference, out]);
		expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, "src/hermes/env/catalog.ts"), "utf8"));
	});
});
