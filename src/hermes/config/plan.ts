/**
 * @module
 * What a form save writes (hermes-home §2.2 step 2, §2.3 steps 3–6) and how it lands in
 * the file: the target mapping is computed exactly as Hermes's `save_config` would, then
 * applied to the parsed Document in place, so every untouched node keeps its bytes
 * (comments, blank lines, key order, quoting).
 */
import { isMap, isNode, isScalar, type Document, type Pair, type YAMLMap } from "yaml";
import { DEFAULT_CONFIG } from "./defaults.ts";
import { cloneValue, deepMerge, expandString, fromAPIConfig, isMapping, normaliseConfig } from "./effective.ts";
import { documentToMapping, parseConfigText, YAML_OUTPUT, type ConfigMapping } from "./yaml.ts";
import { applyEdits, spliceDelete, spliceInsert, spliceReplace, spliceScalar, type SourceEdit } from "./splice.ts";

/** What applying a target did: source edits, and whether one could not be expressed as such. */
interface DocumentChanges {
	edits: SourceEdit[];
	structural: boolean;
}

/** Structural equality for plain YAML data. */
export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) {
		return true;
	}
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
	}
	if (isMapping(a) && isMapping(b)) {
		const keys = Object.keys(a);
		return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
	}
	if (a instanceof Date && b instanceof Date) {
		return a.getTime() === b.getTime();
	}
	return false;
}

/** Dotted leaf paths present in a mapping (an empty mapping is a leaf). */
function leafPaths(node: ConfigMapping, prefix: string, out: Set<string>): Set<string> {
	for (const [key, value] of Object.entries(node)) {
		const path = prefix === "" ? key : `${prefix}.${key}`;
		if (isMapping(value) && Object.keys(value).length > 0) {
			leafPaths(value, path, out);
		} else {
			out.add(path);
		}
	}
	return out;
}

/** §2.3 step 5: a value equal to the raw template, or to its expansion, is written as the template. */
function keepTemplates(raw: unknown, next: unknown, env: Record<string, string | undefined>): unknown {
	if (typeof raw === "string") {
		return raw.includes("${") && (next === raw || next === expandString(raw, env)) ? raw : next;
	}
	if (isMapping(raw) && isMapping(next)) {
		for (const key of Object.keys(next)) {
			if (key in raw) {
				next[key] = keepTemplates(raw[key], next[key], env);
			}
		}
		return next;
	}
	if (Array.isArray(raw) && Array.isArray(next)) {
		const names = raw.map((item) => (isMapping(item) && typeof item.name === "string" ? item.name : undefined));
		const byName = names.every((name) => name !== undefined) && new Set(names).size === names.length;
		return next.map((item, index) => {
			if (byName && isMapping(item) && typeof item.name === "string") {
				const match = raw.find((entry) => isMapping(entry) && entry.name === item.name);
				return match === undefined ? item : keepTemplates(match, item, env);
			}
			return byName ? item : keepTemplates(raw[index], item, env);
		});
	}
	return next;
}

/** §2.3 step 6: leaves equal to their default are dropped unless the file had them. */
function stripDefaults(node: ConfigMapping, defaults: unknown, prefix: string, keep: Set<string>): ConfigMapping {
	for (const key of Object.keys(node)) {
		const path = prefix === "" ? key : `${prefix}.${key}`;
		const value = node[key];
		const fallback = isMapping(defaults) ? defaults[key] : undefined;
		if (isMapping(value) && Object.keys(value).length > 0) {
			stripDefaults(value, fallback, path, keep);
			if (Object.keys(value).length === 0 && !keep.has(path)) {
				delete node[key];
			}
		} else if (!keep.has(path) && fallback !== undefined && deepEqual(value, fallback)) {
			delete node[key];
		}
	}
	return node;
}

/**
 * The mapping Hermes would write for `PUT /api/config {config}` over `raw` (the file
 * as parsed, before normalisation).
 */
export function planFormSave(
	raw: ConfigMapping,
	incoming: ConfigMapping,
	env: Record<string, string | undefined>,
): ConfigMapping {
	const { config, remove } = fromAPIConfig(incoming, raw);
	const merged = deepMerge(cloneValue(raw), config);
	for (const path of remove) {
		const parent = path
			.slice(0, -1)
			.reduce<unknown>((node, key) => (isMapping(node) ? node[key] : undefined), merged);
		if (isMapping(parent)) {
			delete parent[path[path.length - 1]!];
		}
	}
	const keep = leafPaths(raw, "", new Set(["_config_version"]));
	normaliseConfig(merged);
	keepTemplates(raw, merged, env);
	return stripDefaults(merged, DEFAULT_CONFIG, "", keep);
}

function keyOf(pair: Pair): string {
	const key = pair.key;
	return String(isScalar(key) ? key.value : key);
}

/** A removed key's leading comment moves to the key that now takes its place. */
function keepCommentBefore(removed: Pair, next: Pair | undefined): void {
	const comment = isNode(removed.key) ? removed.key.commentBefore : undefined;
	if (comment === undefined || comment === null || next === undefined || !isNode(next.key)) {
		return;
	}
	next.key.commentBefore = next.key.commentBefore ? `${comment}\n${next.key.commentBefore}` : comment;
}

/** Records a source edit, or marks the change as needing the whole document printed. */
function record(changes: DocumentChanges, edit: SourceEdit | undefined): void {
	if (edit === undefined) {
		changes.structural = true;
	} else {
		changes.edits.push(edit);
	}
}

/** Makes `map` hold exactly `target`, touching only the nodes whose value changes. */
function syncMap(doc: Document, map: YAMLMap, target: ConfigMapping, source: string, changes: DocumentChanges): void {
	for (const pair of [...map.items]) {
		if (!(keyOf(pair) in target)) {
			const index = map.items.indexOf(pair);
			record(changes, spliceDelete(source, pair));
			map.items.splice(index, 1);
			keepCommentBefore(pair, map.items[index]);
		}
	}
	const added: ConfigMapping = {};
	for (const [key, value] of Object.entries(target)) {
		const pair = map.items.find((item) => keyOf(item) === key);
		if (pair === undefined) {
			added[key] = value;
			continue;
		}
		const node = pair.value;
		if (isMap(node) && isMapping(value) && Object.keys(value).length > 0) {
			syncMap(doc, node, value, source, changes);
			continue;
		}
		const current = isNode(node) ? node.toJS(doc) : node;
		if (deepEqual(current, value)) {
			continue;
		}
		if (isScalar(node) && (value === null || typeof value !== "object")) {
			if (typeof node.value !== typeof value) {
				// A new type needs the stringifier's own choice of style.
				node.type = undefined;
			}
			node.value = value;
			record(changes, spliceScalar(node));
			continue;
		}
		record(changes, spliceReplace(source, pair, key, value));
		const fresh = doc.createNode(value);
		if (isNode(node)) {
			fresh.commentBefore = node.commentBefore;
			fresh.comment = node.comment;
			fresh.spaceBefore = node.spaceBefore;
		}
		pair.value = fresh;
	}
	if (Object.keys(added).length > 0) {
		record(changes, spliceInsert(source, map, added));
		for (const [key, value] of Object.entries(added)) {
			map.items.push(doc.createPair(key, value));
		}
	}
}

/**
 * Applies a target mapping to a document parsed from `source` and returns the new text.
 * Changes are spliced into the original text, so every other byte — including spacing
 * the serializer would normalise — stays as it was. If a change cannot be spliced, or
 * the spliced text would not read back as the edited document, the edited document is
 * printed instead (comments, order and untouched values are still kept).
 */
export function applyToDocument(doc: Document, target: ConfigMapping, source: string): string {
	const changes: DocumentChanges = { edits: [], structural: false };
	if (isMap(doc.contents)) {
		syncMap(doc, doc.contents, target, source, changes);
	} else if (Object.keys(target).length > 0) {
		doc.contents = doc.createNode(target) as unknown as typeof doc.contents;
		changes.structural = true;
	}
	if (!changes.structural) {
		const spliced = applyEdits(source, changes.edits);
		try {
			if (deepEqual(parseConfigText(spliced), documentToMapping(doc))) {
				return spliced;
			}
		} catch {
			// Fall through to printing the document.
		}
	}
	return doc.toString(YAML_OUTPUT);
}
