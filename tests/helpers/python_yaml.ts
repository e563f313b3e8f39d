/**
 * Reading a YAML file back the way Hermes does: python3's PyYAML `safe_load`, as JSON.
 * Tests of writes use it so a file we wrote is judged by Hermes's parser, not ours.
 */
import { execFileSync } from "node:child_process";

type Loose = any;

/** The YAML document at `path` as PyYAML reads it (null for an empty file). */
export function pythonYAML(path: string): Loose {
	return JSON.parse(
		execFileSync(
			"python3",
			["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path],
			{ encoding: "utf8" },
		),
	);
}

/** The value at a dotted `key` of the YAML at `path` as PyYAML reads it (null when a step is missing). */
export function pythonYAMLAt(path: string, key: string): Loose {
	let node = pythonYAML(path);
	for (const step of key.split(".")) node = node?.[step] ?? null;
	return node;
}
