/**
 * The JSON stores beside the gateway: Python's `json.dumps(indent=2, ensure_ascii=False)`
 * output, 0600, and a compare-and-swap that merges a concurrent writer's change.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
	dumpPythonJSON,
	readJSONEntries,
	readJSONObject,
	setKey,
	topLevelKeyOrder,
	updateJSONObject,
} from "../../src/hermes/channels/json_file.ts";

function tempFile(): string {
	return join(mkdtempSync(join(tmpdir(), "channels-json-")), "store.json");
}

describe("dumpPythonJSON", () => {
	it("prints what Python prints", () => {
		const value = {
			a: [],
			b: {},
			名前: "匿名ユーザー",
			nested: { list: [1, 2.5, "x", null, true] },
			q: 'quote " \\ \n',
		};
		const python = execFileSync(
			"python3",
			[
				"-c",
				"import json,sys; print(json.dumps(json.loads(sys.argv[1]), indent=2, ensure_ascii=False), end='')",
				JSON.stringify(value),
			],
			{ encoding: "utf8" },
		);
		expect(dumpPythonJSON(value)).toBe(python);
	});
});

describe("updateJSONObject", () => {
	it("writes 0600 and reads a corrupt file as empty", () => {
		const path = tempFile();
		writeFileSync(path, "[1, 2]");
		expect(readJSONObject(path)).toEqual({});
		updateJSONObject(path, (data) => {
			data.key = "value";
			return { result: undefined, write: true };
		});
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(readFileSync(path, "utf8")).toBe('{\n  "key": "value"\n}');
	});

	it("re-applies the change when another writer got there first", () => {
		const path = tempFile();
		writeFileSync(path, '{"first": 1}');
		let calls = 0;
		updateJSONObject(path, (data) => {
			calls++;
			if (calls === 1) {
				// Another process writes between our read and our rename.
				writeFileSync(path, '{"first": 1, "theirs": 2}');
			}
			data.ours = 3;
			return { result: undefined, write: true };
		});
		expect(calls).toBe(2);
		expect(readJSONObject(path)).toEqual({ first: 1, theirs: 2, ours: 3 });
	});

	it("keeps the file's key order, integer-like keys included, as Python does", () => {
		const path = tempFile();
		writeFileSync(
			path,
			'{"987654321": {"user_name": "b"}, "123": {"user_name": "a, \\"q\\" }"}, "x": [1, {"9": 2}]}',
		);
		expect(readJSONEntries(path).map(([key]) => key)).toEqual(["987654321", "123", "x"]);
		updateJSONObject(path, (data) => {
			setKey(data, "555", { user_name: "c" });
			delete data.x;
			return { result: undefined, write: true };
		});
		expect(Object.keys(JSON.parse(readFileSync(path, "utf8")))).toEqual(["123", "555", "987654321"]);
		expect(readFileSync(path, "utf8").indexOf('"987654321"')).toBeLessThan(
			readFileSync(path, "utf8").indexOf('"123"'),
		);
		expect(topLevelKeyOrder(readFileSync(path, "utf8"))).toEqual(["987654321", "123", "555"]);
	});

	it("gives up with an error when the file never settles", () => {
		const path = tempFile();
		let calls = 0;
		expect(() =>
			updateJSONObject(path, (data) => {
				writeFileSync(path, JSON.stringify({ n: ++calls }));
				data.ours = true;
				return { result: undefined, write: true };
			}),
		).toThrow(/kept changing/);
		expect(readJSONObject(path)).not.toHaveProperty("ours");
	});
});
