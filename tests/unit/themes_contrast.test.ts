/**
 * WCAG AA contrast (4.5:1 for text) in every built-in theme, computed from the theme
 * variables in static/css/themes.css: body and muted text on every surface, links, text on
 * the accent, and the status colours.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BUILTIN_THEMES } from "../../src/hermes/themes/themes.ts";

const CSS = readFileSync(fileURLToPath(new URL("../../static/css/themes.css", import.meta.url)), "utf8");

/** Variables of each `[data-theme="…"]` block (a block listing several themes applies to each). */
function themeBlocks(css: string): Map<string, Record<string, string>> {
	const blocks = new Map<string, Record<string, string>>();
	for (const match of css.matchAll(/((?:(?::root|\[data-theme="[^"]+"\]),?\s*)+)\{([^}]*)\}/g)) {
		const names = [...match[1]!.matchAll(/\[data-theme="([^"]+)"\]/g)].map((m) => m[1]!);
		const vars: Record<string, string> = {};
		for (const decl of match[2]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
			vars[decl[1]!] = decl[2]!.trim();
		}
		for (const name of match[1]!.includes(":root") ? [":root", ...names] : names) {
			blocks.set(name, { ...blocks.get(name), ...vars });
		}
	}
	return blocks;
}

function rgb(hex: string): [number, number, number] {
	const digits = hex.slice(1);
	const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
	const n = Number.parseInt(full, 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance(hex: string): number {
	const [r, g, b] = rgb(hex).map((channel) => {
		const c = channel / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

const TEXT_ON_SURFACE: [string, string][] = [];
for (const text of ["--fg", "--fg-muted", "--accent", "--ok", "--warn", "--danger", "--info"]) {
	for (const surface of ["--bg", "--bg-raised", "--bg-sunken"]) {
		TEXT_ON_SURFACE.push([text, surface]);
	}
}
TEXT_ON_SURFACE.push(["--accent-fg", "--accent"]);

describe("built-in theme contrast", () => {
	const blocks = themeBlocks(CSS);

	it("the contrast formula matches WCAG's reference values", () => {
		expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
		expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
	});

	for (const theme of BUILTIN_THEMES) {
		it(`${theme.name}: every text colour is AA on every surface`, () => {
			expect(blocks.has(theme.name), `app.css has a [data-theme="${theme.name}"] block`).toBe(true);
			const vars = { ...blocks.get(":root"), ...blocks.get(theme.name) };
			const failures: string[] = [];
			for (const [text, surface] of TEXT_ON_SURFACE) {
				const ratio = contrast(vars[text]!, vars[surface]!);
				if (!(ratio >= 4.5)) {
					failures.push(`${text} ${vars[text]} on ${surface} ${vars[surface]}: ${ratio.toFixed(2)}`);
				}
			}
			expect(failures).toEqual([]);
		});
	}
});
