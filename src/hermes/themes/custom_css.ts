/**
 * @module
 * Making theme CSS safe to inline in a page's `<style>`: the theme's `customCSS`, and
 * the single values (colours, asset URLs, component styles) the renderer puts in custom
 * properties. Parsed with css-tree, so the checks see the tokens the browser will see,
 * not text patterns an escape sequence could dodge.
 *
 * Removed: `@import` (and `@charset`/`@namespace`), any `url()` that is not a same-origin
 * path or a `data:` image or font, IE `expression()` and `behavior`/`-moz-binding`
 * (script-running CSS), and anything css-tree could not parse. Every `<` left (only
 * possible inside strings) is written as the CSS escape `\3c `, so nothing can close
 * the style element or open a tag.
 */
import * as csstree from "css-tree";

const DROPPED_AT_RULES = new Set(["import", "charset", "namespace"]);
const SCRIPT_PROPERTIES = new Set(["behavior", "-moz-binding", "-ms-behavior"]);
const SAFE_DATA_URL = /^data:(?:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)|font\/(?:woff2?|ttf|otf))[;,]/i;

/** Same-origin paths ("/x", "x.png", "../x") and data: images or fonts; never a scheme or "//host". */
export function isSafeCSSURL(value: string): boolean {
	// Control characters and backslashes: browsers strip or fold them, which can reveal a scheme.
	if (/[\u0000-\u001f\u007f\\]/.test(value)) {
		return false;
	}
	const trimmed = value.trim();
	if (SAFE_DATA_URL.test(trimmed)) {
		return true;
	}
	return !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !trimmed.startsWith("//");
}

export interface SanitisedCSS {
	css: string;
	/** What was removed, for the page's warning (e.g. "@import", "url(javascript:…)"). */
	removed: string[];
}

/** Why a subtree may not stay, or null when it may. */
function refusal(node: csstree.CssNode): string | null {
	let reason: string | null = null;
	csstree.walk(node, (inner) => {
		if (reason !== null) return;
		if (inner.type === "Url" && !isSafeCSSURL(inner.value)) {
			reason = `url(${inner.value.slice(0, 40)})`;
		} else if (inner.type === "Function" && inner.name.toLowerCase() === "expression") {
			reason = "expression()";
		} else if (inner.type === "Declaration" && SCRIPT_PROPERTIES.has(inner.property.toLowerCase())) {
			reason = inner.property;
		} else if (inner.type === "Raw" && inner.value.trim() !== "") {
			// What css-tree could not parse, the browser may read differently: never kept.
			reason = "unparsed CSS";
		}
	});
	return reason;
}

function escapeMarkup(css: string): string {
	return css.replace(/</g, "\\3c ");
}

export function sanitiseCustomCSS(source: string): SanitisedCSS {
	const removed: string[] = [];
	const ast = csstree.parse(source, {
		parseValue: true,
		parseCustomProperty: true,
		onParseError: () => {
			removed.push("unparsed CSS");
		},
	});
	const enter: csstree.EnterOrLeaveFn = (node, item, list) => {
		if (list === null || list === undefined || item === null || item === undefined) {
			return;
		}
		if (node.type === "Atrule" && DROPPED_AT_RULES.has(node.name.toLowerCase())) {
			removed.push(`@${node.name}`);
			list.remove(item);
			return csstree.walk.skip;
		}
		if (node.type === "Declaration" || (node.type === "Atrule" && node.block === null) || node.type === "Raw") {
			const reason = refusal(node);
			if (reason !== null) {
				removed.push(reason);
				list.remove(item);
				return csstree.walk.skip;
			}
		}
		if (node.type === "Rule" || node.type === "Atrule") {
			const prelude = node.prelude;
			const reason = prelude === null ? null : refusal(prelude);
			if (reason !== null) {
				removed.push(reason);
				list.remove(item);
				return csstree.walk.skip;
			}
		}
		return undefined;
	};
	csstree.walk(ast, { enter });
	return { css: escapeMarkup(csstree.generate(ast)), removed: [...new Set(removed)] };
}

/**
 * One declaration value (a colour, a length, `url(/x.png)`, a gradient) safe to write
 * after `name:`; null when it is unsafe or would end the declaration or block.
 */
export function sanitiseCSSValue(value: string): string | null {
	let ast: csstree.CssNode;
	try {
		ast = csstree.parse(value, { context: "value", onParseError: () => {} });
	} catch {
		return null;
	}
	if (refusal(ast) !== null) {
		return null;
	}
	const out = csstree.generate(ast);
	// A value never holds these outside strings; inside one they still are not needed.
	if (out.trim() === "" || /[;{}<>]|!important/i.test(out)) {
		return null;
	}
	return out;
}
