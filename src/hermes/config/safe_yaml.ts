/**
 * @module
 * What Hermes can load: the subset of YAML that PyYAML's `safe_load` accepts and that
 * neither Hermes nor this dashboard chokes on. Checked on every parse, so a file we
 * would write and a file someone else wrote are judged by the same rules:
 * - only printable characters (PyYAML's reader rejects NUL and other control bytes);
 * - only the standard tags SafeLoader constructs (no `!!python/...`, no local `!tags`);
 * - no collection as a mapping key (`? [a, b]`: unhashable in Python);
 * - no alias that refers to a node containing it (a self-reference);
 * - at most `MAX_DEPTH` levels of nesting (PyYAML recurses per level) and at most
 *   `MAX_EXPANDED_NODES` nodes once aliases are expanded (alias bombs).
 */
import type { Document, Node } from "yaml";
import { yamlLib } from "./yaml_lib.ts";

export const MAX_DEPTH = 64;
export const MAX_EXPANDED_NODES = 100_000;

/** PyYAML's Reader.NON_PRINTABLE. */
const NON_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const SAFE_TAGS: ReadonlySet<string> = new Set(
	["null", "bool", "int", "float", "binary", "timestamp", "omap", "pairs", "set", "str", "seq", "map", "merge"].map(
		(name) => `tag:yaml.org,2002:${name}`,
	),
);

/** Text that Hermes cannot load; the message says why. */
export class UnsafeYAMLError extends Error {}

function position(text: string, index: number): string {
	const before = text.slice(0, index);
	const line = before.split("\n").length;
	return `line ${line}, column ${index - before.lastIndexOf("\n")}`;
}

/** Rejects characters PyYAML's reader refuses. */
export function checkCharacters(text: string): void {
	const match = NON_PRINTABLE.exec(text);
	if (match !== null) {
		const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
		throw new UnsafeYAMLError(`unacceptable character U+${code} at ${position(text, match.index)}`);
	}
}

/** Each alias's target: the last node with that anchor before it, in document order. */
function aliasTargets(doc: Document): Map<Node, Node> {
	const anchors = new Map<string, Node>();
	const targets = new Map<Node, Node>();
	const yaml = yamlLib();
	yaml.visit(doc, {
		Node(_key, node) {
			if (yaml.isAlias(node)) {
				const target = anchors.get(node.source);
				if (target !== undefined) {
					targets.set(node, target);
				}
			} else if (node.anchor !== undefined) {
				anchors.set(node.anchor, node);
			}
		},
	});
	return targets;
}

/** Walks the document as a loader would (aliases expanded), enforcing the rules above. */
export function checkDocument(doc: Document): void {
	const { isAlias, isCollection, isMap, isPair } = yamlLib();
	const targets = aliasTargets(doc);
	const open = new Set<Node>();
	let expanded = 0;
	const walk = (node: unknown, depth: number): void => {
		if (node === null || node === undefined) {
			return;
		}
		if (isAlias(node)) {
			const target = targets.get(node);
			if (target !== undefined && open.has(target)) {
				throw new UnsafeYAMLError(`alias *${node.source} refers to a node that contains it`);
			}
			walk(target, depth);
			return;
		}
		if (++expanded > MAX_EXPANDED_NODES) {
			throw new UnsafeYAMLError(`more than ${MAX_EXPANDED_NODES} values once aliases are expanded`);
		}
		const tagged = node as Node;
		if (tagged.tag !== undefined && !SAFE_TAGS.has(tagged.tag) && tagged.tag !== "!") {
			throw new UnsafeYAMLError(`tag ${tagged.tag} is not allowed (Hermes loads YAML with safe_load)`);
		}
		if (!isCollection(node)) {
			return;
		}
		// Only collections nest (as in checkValueDepth): the root mapping is level 1.
		if (depth > MAX_DEPTH) {
			throw new UnsafeYAMLError(`nested more than ${MAX_DEPTH} levels deep`);
		}
		open.add(node);
		for (const item of node.items) {
			if (isPair(item)) {
				const key = isAlias(item.key) ? targets.get(item.key) : item.key;
				if (isCollection(key) && isMap(node)) {
					throw new UnsafeYAMLError("a mapping key must be a plain value, not a list or mapping");
				}
				walk(item.key, depth + 1);
				walk(item.value, depth + 1);
			} else {
				walk(item, depth + 1);
			}
		}
		open.delete(node);
	};
	walk(doc.contents, 1);
}

/** Rejects plain data (a request body) nested deeper than `MAX_DEPTH`, without recursing. */
export function checkValueDepth(value: unknown): void {
	const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
	while (stack.length > 0) {
		const { value: node, depth } = stack.pop()!;
		if (node === null || typeof node !== "object") {
			continue;
		}
		if (depth > MAX_DEPTH) {
			throw new UnsafeYAMLError(`nested more than ${MAX_DEPTH} levels deep`);
		}
		for (const child of Object.values(node)) {
			stack.push({ value: child, depth: depth + 1 });
		}
	}
}
