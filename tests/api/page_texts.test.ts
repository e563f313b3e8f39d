/**
 * Texts the page scripts write themselves (Config's save dialog, Sessions' prune preview)
 * come from the string tables in the page's language, through #page-texts and
 * hermesText in app.js — not English literals in the scripts.
 */
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { parseHTML } from "../helpers/dom.ts";
import { runAppJS } from "../helpers/app_js.ts";
import { EN, ZH } from "../../src/views/strings/page_scripts.ts";

async function pageTextsOf(path: string, language: string): Promise<Record<string, string>> {
	const request = testClient(makeContext());
	const response = await request(path, { headers: { "accept-language": language } });
	expect(response.status).toBe(200);
	const holder = parseHTML(await response.text()).getElementById("page-texts");
	expect(holder).not.toBeNull();
	return JSON.parse(holder!.getAttribute("data-texts")!) as Record<string, string>;
}

/** hermesText from static/js/app.js, over a page whose #page-texts holds `texts`. */
function hermesText(texts: Record<string, string>): (key: string, values?: Record<string, unknown>) => string {
	const holder = { getAttribute: () => JSON.stringify(texts) };
	return runAppJS("zh", { "page-texts": holder }).hermesText as (
		key: string,
		values?: Record<string, unknown>,
	) => string;
}

describe("page script texts", () => {
	it("the Sessions and Config pages hand their scripts the texts in the page's language", async () => {
		const sessionsZH = await pageTextsOf("/sessions", "zh-CN,zh;q=0.9");
		expect(sessionsZH["script.prune_matched"]).toBe(ZH["script.prune_matched"]);
		expect(sessionsZH["script.prune_removed"]).toBe(ZH["script.prune_removed"]);
		const sessionsEN = await pageTextsOf("/sessions", "en");
		expect(sessionsEN["script.prune_matched"]).toBe(EN["script.prune_matched"]);
		const configZH = await pageTextsOf("/config", "zh-CN");
		const configKeys = Object.keys(EN).filter((key) => key.startsWith("script.config_"));
		expect(Object.keys(configZH).sort()).toEqual(configKeys.sort());
		for (const key of configKeys) {
			expect(configZH[key]).toBe(ZH[key as keyof typeof ZH]);
		}
	});

	it("hermesText fills {n}, and reads an unknown key as itself", () => {
		const text = hermesText({ "script.prune_matched": ZH["script.prune_matched"]! });
		expect(text("script.prune_matched", { n: 3 })).toBe("将删除 3 个会话。");
		expect(text("script.prune_matched")).toBe("将删除 {n} 个会话。");
		expect(text("script.unknown")).toBe("script.unknown");
	});
});
