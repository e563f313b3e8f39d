/**
 * @module
 * Python's `json.dumps` output, byte for byte, for values Hermes writes or signs:
 * `ensure_ascii` escaping (everything outside space..~ as `\uXXXX`, surrogate pairs
 * included) and Python's separators (`", "` and `": "` unless given).
 */
export function pythonJSONDumps(
	value: unknown,
	separators: readonly [item: string, key: string] = [", ", ": "],
): string {
	const [item, key] = separators;
	if (Array.isArray(value)) {
		return `[${value.map((entry) => pythonJSONDumps(entry, separators)).join(item)}]`;
	}
	if (value !== null && typeof value === "object") {
		return `{${Object.entries(value)
			.map(([name, entry]) => `${pythonJSONDumps(name)}${key}${pythonJSONDumps(entry, separators)}`)
			.join(item)}}`;
	}
	return JSON.stringify(value).replace(
		/[\u007f-\uffff]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
	);
}
