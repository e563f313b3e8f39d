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
