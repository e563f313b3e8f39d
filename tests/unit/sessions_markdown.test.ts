import { describe, expect, it } from "vitest";
import { markdownRenderer } from "../../src/views/markdown.ts";
import { $, $$, attrs, parseHTML, textOf } from "../helpers/dom.ts";
import { addPrefixStars, sanitizeFTSQuery } from "../../src/hermes/sessions/search.ts";
import { sanitizeTitle } from "../../src/hermes/sessions/write.ts";

describe("markdown for untrusted session text", () => {
	it("escapes raw HTML, drops script URLs and event handlers, highlights code", async () => {
		const render = await markdownRenderer();
		const out = render(
			[
				"<script>alert(1)</script>",
				"<img src=x onerror=alert(2)>",
				"[click](javascript:alert(3)) [v](vbscript:x) [d](data:text/html,<b>x</b>)",
				'<a href="javascript:alert(4)" onclick="alert(5)">x</a>',
				"![pixel](https://tracker.example/p.png)",
				"[ok](https://example.com/a?b=1)",
				'```js\nconst x = "<b>";\n```',
			].join("\n\n"),
		);
		const doc = parseHTML(out);
		expect($$(doc, "script, img")).toEqual([]);
		expect(attrs(doc, "a[href]", "href").filter((href) => /^(javascript|vbscript|data):/i.test(href))).toEqual([]);
		const handlers = $$(doc, "*").flatMap((element) =>
			[...element.attributes].filter((attribute) => /^on/i.test(attribute.name)),
		);
		expect(handlers).toEqual([]);
		// Raw HTML stays visible as text.
		expect(textOf(doc.body)).toContain("<script>alert(1)</script>");
		const links = $$(doc, "a[href]").filter((link) => textOf(link) === "ok");
		expect(
			links.map((link) => [link.getAttribute("href"), link.getAttribute("rel"), link.getAttribute("target")]),
		).toEqual([["https://example.com/a?b=1", "noopener noreferrer nofollow", "_blank"]]);
		expect($$(doc, "span.hljs-keyword").map(textOf)).toContain("const");
		expect(textOf($(doc, "pre code"))).toContain('"<b>"');
	});
});

describe("FTS query building", () => {
	it("adds prefix stars to bare tokens only", () => {
		expect(addPrefixStars('foo "bar baz" qux*')).toBe('foo* "bar baz" qux*');
	});

	it("neutralises FTS syntax", () => {
		expect(sanitizeFTSQuery("NEAR( x")).toBe("NEAR x");
		expect(sanitizeFTSQuery('a "b')).toBe("a b");
		expect(sanitizeFTSQuery("AND foo OR")).toBe("foo");
		expect(sanitizeFTSQuery("a-b*")).toBe('"a-b"*');
		expect(sanitizeFTSQuery("**x")).toBe("x");
	});
});

describe("title sanitation", () => {
	it("strips control and invisible characters, collapses spaces, limits length", () => {
		expect(sanitizeTitle(" a\tb\u0007\u202e\ufeff  c ")).toBe("a b c");
		expect(sanitizeTitle(" \u200b ")).toBeNull();
		expect(() => sanitizeTitle("x".repeat(101))).toThrow(/too long/);
	});
});
