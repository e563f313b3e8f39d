/**
 * Every English string has a Simplified Chinese entry: a missing key would silently fall
 * back to English on a Chinese page, so the key sets of each EN/ZH pair must match.
 */
import { describe, expect, it } from "vitest";
import { CORE_EN, CORE_ZH } from "../../src/views/i18n.ts";
import * as a11y from "../../src/views/strings/a11y.ts";
import * as apiDocs from "../../src/views/strings/api_docs.ts";
import * as channels from "../../src/views/strings/channels.ts";
import * as configCategories from "../../src/views/strings/config_categories.ts";
import * as configFields from "../../src/views/strings/config_fields.ts";
import * as sessionDetail from "../../src/views/strings/session_detail.ts";
import * as pageScripts from "../../src/views/strings/page_scripts.ts";
import { buildConfigSchema } from "../../src/hermes/config/schema.ts";
import * as cron from "../../src/views/strings/cron.ts";
import * as files from "../../src/views/strings/files.ts";
import * as mcp from "../../src/views/strings/mcp.ts";
import * as models from "../../src/views/strings/models.ts";
import * as pairing from "../../src/views/strings/pairing.ts";
import * as pluginsRuntime from "../../src/views/strings/plugins_runtime.ts";
import * as profiles from "../../src/views/strings/profiles.ts";
import * as sessions from "../../src/views/strings/sessions.ts";
import * as skills from "../../src/views/strings/skills.ts";
import * as system from "../../src/views/strings/system.ts";
import * as themes from "../../src/views/strings/themes.ts";
import * as webhooks from "../../src/views/strings/webhooks.ts";

type Table = Readonly<Record<string, string | undefined>>;

const TABLES: Record<string, { EN: Table; ZH: Table }> = {
	core: { EN: CORE_EN, ZH: CORE_ZH },
	a11y,
	api_docs: apiDocs,
	channels,
	config_categories: configCategories,
	config_fields: configFields,
	session_detail: sessionDetail,
	page_scripts: pageScripts,
	cron,
	files,
	mcp,
	models,
	pairing,
	plugins_runtime: pluginsRuntime,
	profiles,
	sessions,
	skills,
	system,
	themes,
	webhooks,
};

/** Placeholders such as `{n}` or `%s` that the code substitutes into the string. */
function placeholders(text: string): string[] {
	return (text.match(/\{[a-z_]+\}|%[sd]/gi) ?? []).sort();
}

describe("Simplified Chinese string tables", () => {
	it("covers every file under src/views/strings", async () => {
		const { readdir } = await import("node:fs/promises");
		const names = (await readdir(new URL("../../src/views/strings/", import.meta.url)))
			.filter((name) => name.endsWith(".ts"))
			.map((name) => name.slice(0, -3));
		expect(names.filter((name) => !(name in TABLES))).toEqual([]);
	});

	for (const [name, { EN, ZH }] of Object.entries(TABLES)) {
		it(`${name}: every EN key has a ZH entry`, () => {
			const missing = Object.keys(EN).filter((key) => !ZH[key]?.trim());
			expect(missing).toEqual([]);
		});

		it(`${name}: ZH has no stray keys and keeps each placeholder`, () => {
			expect(Object.keys(ZH).filter((key) => !(key in EN))).toEqual([]);
			const changed = Object.keys(EN)
				.filter((key) => ZH[key] !== undefined)
				.filter((key) => placeholders(EN[key] ?? "").join() !== placeholders(ZH[key] ?? "").join());
			expect(changed).toEqual([]);
		});

		it(`${name}: ZH entries carry no HTML`, () => {
			expect(Object.entries(ZH).filter(([, text]) => /<[a-z/]/i.test(text ?? ""))).toEqual([]);
		});
	}
});

describe("Config category names", () => {
	it("every category the schema yields has an English and a Chinese name", () => {
		const schema = buildConfigSchema();
		const used = new Set(Object.values(schema.fields).map((field) => field.category));
		const keys = schema.category_order
			.filter((category) => used.has(category))
			.map((category) => `config.category.${category}`);
		expect(keys.length).toBeGreaterThan(30);
		const EN: Table = configCategories.EN;
		const ZH: Table = configCategories.ZH;
		expect(keys.filter((key) => !EN[key]?.trim() || !ZH[key]?.trim())).toEqual([]);
	});
});
