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
