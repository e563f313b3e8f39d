/**
 * @module
 * The environment `${VAR}` templates in config.yaml expand against. Hermes loads the
 * home's `.env` into its process environment at start (the process's own variables
 * win), so a template naming a key from `.env` expands on read and is recognised —
 * and written back as the template — on save. A minimal reader of hermes-home §3.1; the
 * `.env` module proper (editing, quoting, sanitising) lives elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

function unquote(value: string): string {
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
		return value.slice(1, -1).replace(/\\(["\\])/g, "$1");
	}
	if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
		return value.slice(1, -1);
	}
	return value;
}

/** `KEY=value` pairs of `<home>/.env` (missing or unreadable file: none). */
export function readDotenvValues(home: string): Record<string, string> {
	let text: string;
	try {
		text = readFileSync(join(home, ".env"), "utf8").replace(/^\uFEFF/, "");
	} catch {
		return {};
	}
	const values: Record<string, string> = {};
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === "" || line.startsWith("#") || !line.includes("=")) {
			continue;
		}
		const body = line.startsWith("export ") ? line.slice("export ".length) : line;
		const index = body.indexOf("=");
		values[body.slice(0, index).trim()] = unquote(body.slice(index + 1).trim());
	}
	return values;
}

/** `.env` values overlaid by the process environment. */
export function templateEnv(
	home: string,
	processEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
	return { ...readDotenvValues(home), ...processEnv };
}
