/** The page language: cookie first, then Accept-Language by q-value (issue: "picked with q-values"). */
import { describe, expect, it } from "vitest";
import { pickLanguage } from "../../src/views/i18n.ts";

describe("pickLanguage", () => {
	it.each([
		["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
		["en-US,en;q=0.9", "en"],
		// The q-value decides, not the order.
		["en;q=0.1, zh", "zh"],
		["fr, zh-TW;q=0.8, en;q=0.5", "zh"],
		["de, en-GB;q=0.7, zh;q=0.6", "en"],
		// q=0 refuses a language outright.
		["zh;q=0, en;q=0.2", "en"],
		["zh;q=0", "en"],
		// Nothing we have, nothing sent, or nonsense: English.
		["fr-FR, de;q=0.5", "en"],
		["", "en"],
		["*", "en"],
		["english, zhongwen", "en"],
	])("%s → %s", (header, expected) => {
		expect(pickLanguage(undefined, header)).toBe(expected);
	});

	it("the cookie wins over the header, and only a known value counts", () => {
		expect(pickLanguage("zh", "en")).toBe("zh");
		expect(pickLanguage("en", "zh")).toBe("en");
		expect(pickLanguage("fr", "zh;q=0.5")).toBe("zh");
	});
});
