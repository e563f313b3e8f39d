/**
 * Config writes through a real server process: 100 concurrent PUTs over HTTP all land,
 * the file stays parseable (by PyYAML too) and the history keeps only 10 versions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { sessionTokenOf } from "../helpers/dom.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";

describe("config over HTTP", () => {
	let server: RunningServer;
	let home: string;
	let token: string;

	beforeAll(async () => {
		home = copyFixtureHome();
		server = await startServer({ args: ["--home", home] });
		const page = await (await fetch(`${server.baseURL}/config`)).text();
		token = sessionTokenOf(page);
	});

	afterAll(async () => {
		await server?.stop();
	});

	it("serialises 100 concurrent PUTs: every write accounted for", async () => {
		const responses = await Promise.all(
			Array.from({ length: 100 }, (_, index) =>
				fetch(`${server.baseURL}/api/config`, {
					method: "PUT",
					headers: { "content-type": "application/json", "x-hermes-session-token": token },
					body: JSON.stringify({ config: { concurrent: { [`w${index}`]: `value ${index}` } } }),
				}),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
		const path = join(home, "config.yaml");
		const python = execFileSync(
			"python3",
			["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))['concurrent']))", path],
			{ encoding: "utf8" },
		);
		const written = JSON.parse(python) as Record<string, string>;
		expect(Object.keys(written)).toHaveLength(100);
		for (let index = 0; index < 100; index++) {
			expect(written[`w${index}`]).toBe(`value ${index}`);
		}
		expect(readFileSync(path, "utf8")).toContain("# ── Fallback Model");
		expect(readdirSync(`${path}.history`)).toHaveLength(10);
	});
});
