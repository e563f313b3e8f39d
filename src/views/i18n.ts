/**
 * @module
 * The string table. Every user-facing label goes through `t()` so a language can be
 * added by adding a table; missing keys fall back to English.
 *
 * The shell's and the first pages' strings live here; every newer page keeps its own in
 * `./strings/<page>.ts` (`export const EN = {…} as const` and
 * `export const ZH: Partial<Record<keyof typeof EN, string>>`), merged into the tables below.
 */
import { parseAccept } from "hono/utils/accept";
import * as channels from "./strings/channels.ts";
import * as pairing from "./strings/pairing.ts";
import * as cron from "./strings/cron.ts";
import * as webhooks from "./strings/webhooks.ts";
import * as system from "./strings/system.ts";
import * as mcp from "./strings/mcp.ts";
import * as skills from "./strings/skills.ts";
import * as files from "./strings/files.ts";
import * as apiDocs from "./strings/api_docs.ts";
import * as profiles from "./strings/profiles.ts";
import * as models from "./strings/models.ts";
import * as themes from "./strings/themes.ts";
import * as pluginsRuntime from "./strings/plugins_runtime.ts";
import * as a11y from "./strings/a11y.ts";
import * as configCategories from "./strings/config_categories.ts";
import * as configFields from "./strings/config_fields.ts";
import * as sessionDetail from "./strings/session_detail.ts";
import * as sessions from "./strings/sessions.ts";
import * as pageScripts from "./strings/page_scripts.ts";

import * as core from "./strings/core.ts";

/** The intersection of a list of tables' types: `keyof` it is every table's keys. */
type Merged<T extends readonly object[]> = T extends readonly [infer Head, ...infer Rest extends readonly object[]]
	? Head & Merged<Rest>
	: unknown;

function mergeTables<T extends readonly object[]>(...tables: T): Merged<T> {
	return Object.assign({}, ...tables) as Merged<T>;
}

/** The shell's own tables (tests read them to check every entry has a translation). */
export const CORE_EN = core.EN;
export const CORE_ZH = core.ZH;

/**
 * The tables are merged with Object.assign, not an object literal of spreads: V8 gives
 * a spread literal a new hidden class per key, and for ~1,400 keys that left 10 MB of
 * garbage and 12 MB more private memory on the first page render.
 */
const EN = mergeTables(
	CORE_EN,
	cron.EN,
	webhooks.EN,
	pairing.EN,
	channels.EN,
	system.EN,
	mcp.EN,
	skills.EN,
	files.EN,
	apiDocs.EN,
	profiles.EN,
	models.EN,
	themes.EN,
	pluginsRuntime.EN,
	a11y.EN,
	configCategories.EN,
	configFields.EN,
	sessionDetail.EN,
	sessions.EN,
	pageScripts.EN,
);

export type MessageKey = keyof typeof EN;
export type Language = "en" | "zh";

const ZH: Partial<Record<MessageKey, string>> = Object.assign(
	{},
	CORE_ZH,
	cron.ZH,
	webhooks.ZH,
	pairing.ZH,
	channels.ZH,
	system.ZH,
	mcp.ZH,
	skills.ZH,
	files.ZH,
	apiDocs.ZH,
	profiles.ZH,
	models.ZH,
	themes.ZH,
	pluginsRuntime.ZH,
	a11y.ZH,
	configCategories.ZH,
	configFields.ZH,
	sessionDetail.ZH,
	sessions.ZH,
	pageScripts.ZH,
);

const TABLES: Record<Language, Partial<Record<MessageKey, string>>> = { en: EN, zh: ZH };

export const LANGUAGES: readonly Language[] = ["en", "zh"];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", zh: "中文" };

export function t(lang: Language, key: MessageKey): string {
	return TABLES[lang][key] ?? EN[key];
}

/**
 * Picks the language: the `hermes_lang` cookie, else the Accept-Language entry with the
 * highest q-value that we have (header order breaks ties; `q=0` refuses a language).
 */
export function pickLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
	if (cookie === "en" || cookie === "zh") {
		return cookie;
	}
	for (const { type, q } of parseAccept(acceptLanguage ?? "")) {
		const code = type.split("-")[0]!.toLowerCase();
		if (q > 0 && (code === "en" || code === "zh")) {
			return code;
		}
	}
	return "en";
}
