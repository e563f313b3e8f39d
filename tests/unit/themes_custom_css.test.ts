/**
 * The theme CSS sanitiser: what a theme's customCSS and single values may keep, and the
 * tricks (markup break-out, @import, script URLs, expression(), escapes) it removes.
 */
import { describe, expect, it } from "vitest";
import { isSafeCSSURL, sanitiseCSSValue, sanitiseCustomCSS } from "../../src/hermes/themes/custom_css.ts";
import { normaliseTheme } from "../../src/hermes/themes/normalise.ts";
import { allowedFontURL } from "../../src/hermes/themes/font_origins.ts";
import { layerColor } from "../../src/views/user_theme_style.ts";

describe("sanitiseCustomCSS", () => {
	it("keeps ordinary CSS, media queries, keyframes and same-origin or data: URLs", () => {
		const source =
			"@media (min-width: 40rem) { .card { color: red } } @keyframes glow { from { opacity: 0 } to { opacity: 1 } } .hero { background: url(/static/icon.svg), url('data:image/png;base64,AAAA') }";
		const { css, removed } = sanitiseCustomCSS(source);
		expect(removed).toEqual([]);
		expect(css).toContain("@media (min-width:40rem){.card{color:red}}");
		expect(css).toContain("@keyframes glow");
		expect(css).toContain("url(/static/icon.svg)");
		expect(css).toContain("data:image/png;base64,AAAA");
	});

	it("drops markup that tries to close the style element", () => {
		const { css, removed } = sanitiseCustomCSS("h1 { color: red } </style><script>alert(1)</script>");
		expect(css).toBe("h1{color:red}");
		expect(removed).toContain("unparsed CSS");
	});

	it("drops @import, @charset and @namespace", () => {
		const { css, removed } = sanitiseCustomCSS(
			'@charset "utf-8"; @import url(https://evil.example/x.css); @import "y.css"; @namespace svg url(http://www.w3.org/2000/svg); a { color: blue }',
		);
		expect(css).toBe("a{color:blue}");
		expect(removed).toEqual(["@charset", "@import", "@namespace"]);
	});

	it("drops declarations with script URLs, remote URLs, expression() and behaviours, even when escaped", () => {
		for (const declaration of [
			"background: url(javascript:alert(1))",
			'background: url("javascript:alert(1)")',
			'background: url("java\\73 cript:alert(1)")',
			"background: url(https://evil.example/p.png)",
			"background: url(//evil.example/p.png)",
			"background-image: image-set(url(https://evil.example/p.png) 1x)",
			"width: expression(alert(1))",
			"width: EXPRESSION(alert(1))",
			"behavior: url(x.htc)",
			"-moz-binding: url(x.xml#y)",
		]) {
			const { css, removed } = sanitiseCustomCSS(`a { ${declaration}; color: red }`);
			expect(css, declaration).toBe("a{color:red}");
			expect(removed.length, declaration).toBeGreaterThan(0);
		}
	});

	it("drops a rule whose selector or an at-rule whose prelude loads something", () => {
		const { css } = sanitiseCustomCSS(
			"@font-face { font-family: X; src: url(https://evil.example/x.woff2) } b { color: red }",
		);
		expect(css).toBe("@font-face{font-family:X}b{color:red}");
	});

	it("escapes < inside strings so nothing can end the style element", () => {
		const { css } = sanitiseCustomCSS('.c::after { content: "</style><script>alert(1)</script>" }');
		expect(css).not.toContain("<");
		expect(css).toBe('.c::after{content:"\\3c /style>\\3c script>alert(1)\\3c /script>"}');
	});
});

describe("sanitiseCSSValue", () => {
	it("keeps colours, lengths, gradients and same-origin URLs", () => {
		expect(sanitiseCSSValue("#fff")).toBe("#fff");
		expect(sanitiseCSSValue("rgba(1, 2, 3, 0.5)")).toBe("rgba(1,2,3,0.5)");
		expect(sanitiseCSSValue("0.5rem")).toBe("0.5rem");
		expect(sanitiseCSSValue("linear-gradient(red, blue)")).toBe("linear-gradient(red,blue)");
		expect(sanitiseCSSValue('url("/static/x.png")')).toBe("url(/static/x.png)");
	});

	it("refuses values that end the declaration or block, or load or run something", () => {
		for (const value of [
			"red; } body { display: none",
			"red }",
			"red !important",
			"</style>",
			"url(javascript:x)",
			"url(https://evil.example/x.png)",
			"expression(1)",
			"",
			"   ",
		]) {
			expect(sanitiseCSSValue(value), value).toBeNull();
		}
	});
});

describe("URL and colour helpers", () => {
	it("isSafeCSSURL allows paths and data: images or fonts only", () => {
		expect(isSafeCSSURL("/static/x.png")).toBe(true);
		expect(isSafeCSSURL("img/x.png")).toBe(true);
		expect(isSafeCSSURL("data:image/svg+xml,%3Csvg%3E")).toBe(true);
		expect(isSafeCSSURL("data:font/woff2;base64,AA")).toBe(true);
		expect(isSafeCSSURL("data:text/html,<script>")).toBe(false);
		expect(isSafeCSSURL("javascript:alert(1)")).toBe(false);
		expect(isSafeCSSURL("java\tscript:alert(1)")).toBe(false);
		expect(isSafeCSSURL("//evil.example/x")).toBe(false);
		expect(isSafeCSSURL("https://evil.example/x")).toBe(false);
	});

	it("allowedFontURL accepts https stylesheets on listed origins only", () => {
		expect(allowedFontURL("https://fonts.googleapis.com/css2?family=Inter")).toBe(
			"https://fonts.googleapis.com/css2?family=Inter",
		);
		expect(allowedFontURL("http://fonts.googleapis.com/css2")).toBeNull();
		expect(allowedFontURL("https://fonts.googleapis.com.evil.example/x")).toBeNull();
		expect(allowedFontURL("https://user@fonts.googleapis.com/x")).toBeNull();
		expect(allowedFontURL("/static/fonts.css")).toBeNull();
		expect(allowedFontURL(undefined)).toBeNull();
	});

	it("layerColor turns hex layers into rgba and refuses anything else", () => {
		expect(layerColor("#0a0f2a", 0.5)).toBe("rgba(10, 15, 42, 0.5)");
		expect(layerColor("#abc", 1)).toBe("rgba(170, 187, 204, 1)");
		expect(layerColor("#11223380", 1)).toBe("rgba(17, 34, 51, 1)");
		expect(layerColor("red", 1)).toBeNull();
		expect(layerColor("#000; } x", 1)).toBeNull();
	});
});

describe("normaliseTheme", () => {
	it("rejects non-mappings and nameless themes, and fills Hermes's defaults", () => {
		expect(normaliseTheme("x")).toBeNull();
		expect(normaliseTheme([])).toBeNull();
		expect(normaliseTheme({ name: "  " })).toBeNull();
		const theme = normaliseTheme({ name: "bare", colors: { background: "#101010" }, noiseOpacity: "0.3" })!;
		expect(theme.palette.background).toEqual({ hex: "#101010", alpha: 1 });
		expect(theme.palette.noiseOpacity).toBe(0.3);
		expect(theme.layout).toEqual({ radius: "0.5rem", density: "comfortable" });
		expect(theme.layoutVariant).toBe("standard");
		expect(theme.typography.baseSize).toBe("15px");
		expect(theme).not.toHaveProperty("customCSS");
	});

	it("clamps layer alpha and keeps only known override keys", () => {
		const theme = normaliseTheme({
			name: "x",
			palette: { midground: { hex: "#fff", alpha: 7 }, foreground: { alpha: "oops" } },
			colorOverrides: { primary: "#123", nope: "#456", ring: "" },
		})!;
		expect(theme.palette.midground).toEqual({ hex: "#fff", alpha: 1 });
		expect(theme.palette.foreground).toEqual({ hex: "#ffffff", alpha: 0 });
		expect(theme.colorOverrides).toEqual({ primary: "#123" });
	});
});
