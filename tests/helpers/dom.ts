/**
 * Parse server-rendered HTML so page tests assert on elements, attributes and text
 * rather than on how the markup happens to be spelled.
 */
import { parseHTML as linkedomParse } from "linkedom";

/** The document of an HTML text (a whole page or a fragment such as an htmx panel). */
export function parseHTML(text: string): Document {
	// linkedom only builds a full tree from a text that starts as a document; wrap fragments.
	const whole = /^\s*(<!doctype|<html)/i.test(text) ? text : `<!doctype html><html><body>${text}</body></html>`;
	return linkedomParse(whole).document as unknown as Document;
}

/** The first element matching `selector`; fails the test if there is none. */
export function $(root: ParentNode, selector: string): Element {
	const found = root.querySelector(selector);
	if (!found) throw new Error(`no element matches ${selector}`);
	return found;
}

/** Every element matching `selector`, as an array. */
export function $$(root: ParentNode, selector: string): Element[] {
	return [...root.querySelectorAll(selector)];
}

/** An element's text with runs of whitespace collapsed, as a reader sees it. */
export function textOf(element: Element | null | undefined): string {
	return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** The `name` attribute of every element matching `selector` (the selector should require it). */
export function attrs(root: ParentNode, selector: string, name: string): string[] {
	return $$(root, selector).map((element) => element.getAttribute(name) ?? "");
}

/** The text of the page's inline scripts (the bootstrap), joined. */
export function inlineScripts(root: ParentNode): string {
	return $$(root, "script:not([src])")
		.map((script) => script.textContent ?? "")
		.join("\n");
}

/** Every attribute value that starts with a single "/" (root-relative), on any element. */
export function rootRelativeURLs(markup: string): string[] {
	const found: string[] = [];
	for (const element of $$(parseHTML(markup), "*")) {
		for (const { name, value } of element.attributes) {
			// A CSP nonce is base64 and may start with "/": it is not a URL.
			if (name !== "nonce" && /^\/(?![/\\])/.test(value)) found.push(value);
		}
	}
	return found;
}

/** Root-relative URLs of `markup` that lack `prefix` (behind a reverse-proxy path prefix). */
export function unprefixed(markup: string, prefix: string): string[] {
	return rootRelativeURLs(markup).filter(
		(url) => url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`),
	);
}

/** The session token a page's bootstrap script hands to its scripts (window.__HERMES_SESSION_TOKEN__). */
export function sessionTokenOf(markup: string): string {
	const literal = /window\.__HERMES_SESSION_TOKEN__=("[^"]+")/.exec(inlineScripts(parseHTML(markup)))?.[1];
	if (literal === undefined) throw new Error("the page carries no session token");
	return JSON.parse(literal) as string;
}
