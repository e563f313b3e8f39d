/**
 * Targeted config.yaml edits: comments and untouched bytes kept, a concurrent save
 * between our read and our rename is merged (never dropped), a file that keeps changing
 * is a conflict, and a broken file is refused rather than replaced.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { configEditRefusal, editConfig, mappingAt } from "../../src/hermes/models/config_edit.ts";

describe("editConfig", () => {
	it("changes only the edited key and keeps comments", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		writeFileSync(path, `# top comment\n${readFileSync(path, "utf8")}`);
		const before = readFileSync(path, "utf8");
		await editConfig(path, {}, (config) => {
			mappingAt(config, "dashboard").font = "inter";
		});
		const after = readFileSync(path, "utf8");
		expect(after.startsWith("# top comment\n")).toBe(true);
		expect(after.replace(/\n\s*font: inter/, "")).toBe(before);
	});

	it("redoes the edit on another writer's version instead of dropping it", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		let calls = 0;
		await editConfig(path, {}, (config) => {
			calls += 1;
			if (calls === 1) {
				// Another process saves between our read and our rename.
				writeFileSync(path, readFileSync(path, "utf8").replace("max_turns: 60", "max_turns: 61"));
			}
			mappingAt(config, "dashboard").font = "dm-sans";
		});
		expect(calls).toBe(2);
		const text = readFileSync(path, "utf8");
		expect(text).toContain("max_turns: 61");
		expect(text).toContain("font: dm-sans");
	});

	it("reports a file that never settles as a conflict, and a broken file as 400 with the file kept", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		let turn = 0;
		const failure = await editConfig(path, {}, (config) => {
			writeFileSync(path, `${readFileSync(path, "utf8")}# change ${turn++}\n`);
			mappingAt(config, "dashboard").font = "inter";
		}).catch((error: unknown) => error);
		expect(configEditRefusal(failure)?.status).toBe(409);

		const context = makeContext();
		const broken = "model: {default: [\n";
		writeFileSync(join(context.home, "config.yaml"), broken);
		const response = await testClient(context)("/api/dashboard/font", {
			method: "PUT",
			body: JSON.stringify({ font: "inter" }),
			headers: { "content-type": "application/json" },
		});
		expect(response.status).toBe(400);
		expect(readFileSync(join(context.home, "config.yaml"), "utf8")).toBe(broken);
	});
});
