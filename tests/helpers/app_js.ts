/**
 * static/js/app.js run outside a browser, with just enough of a page around it: for unit
 * tests of the helpers it puts on `window` (hermesFormat, hermesText).
 */
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";

/** The `window` app.js leaves behind, on a page in `lang` whose elements by id are `elements`. */
export function runAppJS(lang: string, elements: Record<string, unknown> = {}): Record<string, unknown> {
	const noop = () => {};
	const element = { lang, addEventListener: noop, querySelectorAll: () => [] };
	const window: Record<string, unknown> = {};
	runInNewContext(readFileSync(new URL("../../static/js/app.js", import.meta.url), "utf8"), {
		window,
		document: {
			documentElement: element,
			body: element,
			readyState: "loading",
			addEventListener: noop,
			getElementById: (id: string) => elements[id] ?? null,
			querySelector: () => null,
		},
		Intl,
		Headers,
		CustomEvent: class {},
		MutationObserver: class {
			observe = noop;
		},
		setInterval: noop,
	});
	return window;
}
