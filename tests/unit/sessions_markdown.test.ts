import { describe, expect, it } from "vitest";
import { markdownRenderer } from "../../src/views/markdown.ts";
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
		expect(out).not.toMatch(/<script/i);
		expect(out).not.toMatch(/<img/i);
		expect(out).not.toMatch(/<a [^>]*href="(javascript|vbscript|data):/i);
		expect(out).not.toMatch(/<[^>]+\son\w+=/i);
		expect(out).toContain("&lt;script&gt;");
		expect(out).toContain(
			'<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow" target="_blank">ok</a>',
		);
		expect(out).toContain('<span class="hljs-keyword">const</span>');
		expect(out).toContain("&quot;&lt;b&gt;&quot;");
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
