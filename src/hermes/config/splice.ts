/**
 * @module
 * Source-level edits of config.yaml: instead of re-serialising the whole document (which
 * would normalise indentation, comment spacing and flow collections everywhere), each
 * change becomes a splice of the original text — a scalar's span, one `key: value`
 * entry, or new entries appended to a block mapping at its own indentation. Anything
 * these cannot express safely returns undefined and the caller falls back to printing
 * the edited document.
 */
import { Document, isCollection, isMap, isNode, Scalar, type Pair, type YAMLMap } from "yaml";
import { YAML_OPTIONS, YAML_OUTPUT, type ConfigMapping } from "./yaml.ts";

/** Replace `source[start, end)` with `text`. */
export interface SourceEdit {
	start: number;
	end: number;
	text: string;
}

function print(value: unknown, flow: boolean): string {
	const doc = new Document(value, YAML_OPTIONS);
	if (flow && isCollection(doc.contents)) {
		doc.contents.flow = true;
	}
	return doc.toString(YAML_OUTPUT);
}

/** The spaces before `offset` on its line, or undefined if anything else precedes it there. */
function indentBefore(source: string, offset: number): string | undefined {
	const start = source.lastIndexOf("\n", offset - 1) + 1;
	const indent = source.slice(start, offset);
	return /^ *$/.test(indent) ? indent : undefined;
}

/** Block text for some `key: value` entries at an indentation (every line ends with `\n`). */
function printEntries(entries: ConfigMapping, indent: string): string {
	return print(entries, false)
		.split("\n")
		.map((line, index, lines) => (line === "" && index === lines.length - 1 ? "" : indent + line))
		.join("\n");
}

/** Where an entry's text ends: after its value's line (inline comment and newline included). */
function entryEnd(source: string, pair: Pair): number | undefined {
	const value = pair.value;
	const end = isNode(value) ? value.range?.[2] : isNode(pair.key) ? pair.key.range?.[2] : undefined;
	if (end === undefined) {
		return undefined;
	}
	if (source[end - 1] === "\n" || end === source.length) {
		return end;
	}
	return undefined;
}

/** An edited scalar: its own span, in its own quoting style, when that fits on one line. */
export function spliceScalar(node: Scalar): SourceEdit | undefined {
	const range = node.range;
	if (
		range === undefined ||
		range === null ||
		node.type === Scalar.BLOCK_FOLDED ||
		node.type === Scalar.BLOCK_LITERAL
	) {
		return undefined;
	}
	const copy = new Scalar(node.value);
	copy.type = node.type;
	const text = print(copy, false).replace(/\n$/, "");
	return text.includes("\n") ? undefined : { start: range[0], end: range[1], text };
}

/** A removed entry: its lines go (comments above it stay, for the entry that follows). */
export function spliceDelete(source: string, pair: Pair): SourceEdit | undefined {
	const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
	const end = entryEnd(source, pair);
	if (start === undefined || end === undefined || indentBefore(source, start) === undefined) {
		return undefined;
	}
	return { start: source.lastIndexOf("\n", start - 1) + 1, end, text: "" };
}

/** An entry whose value changed shape (a list, a mapping): the entry is printed again in place. */
export function spliceReplace(source: string, pair: Pair, key: string, value: unknown): SourceEdit | undefined {
	const node = pair.value;
	// Flow collections stay flow: only the value's span changes.
	if (isCollection(node) && node.flow && node.range) {
		const text = print(value, true).replace(/\n$/, "");
		return text.includes("\n") ? undefined : { start: node.range[0], end: node.range[1], text };
	}
	const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
	const end = entryEnd(source, pair);
	const indent = start === undefined ? undefined : indentBefore(source, start);
	if (start === undefined || end === undefined || indent === undefined) {
		return undefined;
	}
	const text = printEntries({ [key]: value }, indent).slice(indent.length);
	return { start, end, text: end === source.length && source[end - 1] !== "\n" ? text.replace(/\n$/, "") : text };
}

/** New entries appended to a block mapping, at the indentation of its first entry. */
export function spliceInsert(source: string, map: YAMLMap, entries: ConfigMapping): SourceEdit | undefined {
	const first = map.items[0];
	const start = first !== undefined && isNode(first.key) ? first.key.range?.[0] : undefined;
	const end = map.range?.[1];
	const indent = start === undefined ? undefined : indentBefore(source, start);
	if (map.flow || start === undefined || end === undefined || indent === undefined || !isMap(map)) {
		return undefined;
	}
	const text = printEntries(entries, indent);
	if (source[end - 1] === "\n") {
		return { start: end, end, text };
	}
	return end === source.length ? { start: end, end, text: `\n${text}` } : undefined;
}

/** Applies non-overlapping edits (later ones first; a replacement before an insertion at the same spot). */
export function applyEdits(source: string, edits: SourceEdit[]): string {
	let text = source;
	for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
		text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
	}
	return text;
}
