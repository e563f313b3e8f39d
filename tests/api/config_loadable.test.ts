/**
 * Only YAML that Hermes can load is written (PyYAML `safe_load`, bounded depth and alias
 * expansion), a file someone else broke that way is reported instead of answering 500,
 * and bodies that are not valid UTF-8 are refused instead of being saved altered.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $$, parseHTML } from "../helpers/dom.ts";

function setup() {
	const context = makeContext();
	const path = join(context.home, "config.yaml");
	return { context, path, envPath: join(context.home, ".env"), request: testClient(context) };
}

function put(body: unknown): RequestInit {
	return { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function putBytes(bytes: Uint8Array<ArrayBuffer>): RequestInit {
	return { method: "PUT", body: bytes, headers: { "content-type": "application/json" } };
}

function nested(depth: number): Record<string, unknown> {
	let node: Record<string, unknown> = { leaf: 1 };
	for (let level = 1; level < depth; level++) {
		node = { a: node };
	}
	return node;
}

/** Ten levels of ten aliases each: 10^10 values once expanded. */
function aliasBomb(): string {
	const lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
	for (let level = 1; level < 10; level++) {
		lines.push(
			`l${level}: &l${level} [${Array(10)
				.fill(`*l${level - 1}`)
				.join(", ")}]`,
		);
	}
	return `${lines.join("\n")}\n`;
}

/** Texts PyYAML's safe_load itself refuses. */
const PYYAML_REJECTS: Record<string, string> = {
	"a python tag": "model: gpt-5\nrun: !!python/object/apply:os.system ['true']\n",
	"a local tag": "model: !secret gpt-5\n",
	"a complex key": "? [a, b]\n: 1\n",
	"a NUL byte": "model: gpt\u00005\n",
	"a control character": "model: gpt\u00075\n",
};

/** Texts PyYAML loads but that would hang or crash Hermes or the dashboard. */
const TOO_EXPENSIVE: Record<string, string> = {
	"an alias bomb": aliasBomb(),
	"a self-referencing alias": "loop: &loop [1, *loop]\n",
	"nesting 100 deep": `deep: ${"[".repeat(100)}1${"]".repeat(100)}\n`,
};

/** The names of the texts that PyYAML's safe_load loads without an error. */
function pyyamlLoads(texts: Record<string, string>): string[] {
	const script = `
import json, sys, yaml
for name, text in json.load(sys.stdin).items():
    try:
        yaml.safe_load(text)
        print(name)
    except yaml.YAMLError:
        pass
`;
	const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(texts) }).toString();
	return out.split("\n").filter((line) => line !== "");
}

describe("writes Hermes cannot load", () => {
	it("PUT /api/config/raw answers 400 with the reason and leaves the file alone", async () => {
		// The first group is refused by PyYAML itself, so rejecting it is not over-strict.
		expect(pyyamlLoads(PYYAML_REJECTS)).toEqual([]);
		const { request, path } = setup();
		const before = readFileSync(path, "utf8");
		for (const [name, text] of Object.entries({ ...PYYAML_REJECTS, ...TOO_EXPENSIVE })) {
			const response = await request("/api/config/raw", put({ yaml_text: text }));
			expect(response.status, name).toBe(400);
			expect((await response.json()).detail, name).toMatch(/Hermes cannot load this YAML|Invalid YAML/);
		}
		expect(readFileSync(path, "utf8")).toBe(before);
		const accepted = await request(
			"/api/config/raw",
			put({
				yaml_text: "base: &base {x: 1}\ncopy: *base\nmerged:\n  <<: *base\n  y: 2\nwhen: !!str 2026-01-01\n",
			}),
		);
		expect(accepted.status).toBe(200);
	});

	it("PUT /api/config refuses nesting past 64 levels with 400 (700 and 1,000 deep included)", async () => {
		const { request, path } = setup();
		const before = readFileSync(path, "utf8");
		for (const depth of [65, 700, 1000]) {
			const response = await request("/api/config", put({ config: { deep: nested(depth - 1) } }));
			expect(response.status, `depth ${depth}`).toBe(400);
			expect((await response.json()).detail).toContain("nested more than 64 levels");
		}
		expect(readFileSync(path, "utf8")).toBe(before);
		expect((await request("/api/config", put({ config: { deep: nested(63) } }))).status).toBe(200);
	});

	it("a file already in such a state reads as a parse error: never a 500, never a hang", async () => {
		for (const [name, text] of Object.entries({ ...PYYAML_REJECTS, ...TOO_EXPENSIVE })) {
			const { request, path } = setup();
			writeFileSync(path, text);
			const config = await request("/api/config");
			expect(config.status, name).toBe(200);
			expect((await config.json()).model, name).toBe("");
			const raw = await request("/api/config/raw");
			expect(raw.status, name).toBe(200);
			expect((await raw.json()).yaml, name).toBe(text);
			const page = await request("/config");
			expect(page.status, name).toBe(200);
			expect($$(parseHTML(await page.text()), '[data-testid="config-parse-error"]'), name).toHaveLength(1);
			const save = await request("/api/config", put({ config: { display: { compact: true } } }));
			expect(save.status, name).toBe(409);
			expect(readFileSync(path, "utf8")).toBe(text);
		}
	});
});

describe("bodies that are not valid UTF-8", () => {
	const invalid = (json: string, bad: number[]): Uint8Array<ArrayBuffer> => {
		const [head, tail] = json.split("@@") as [string, string];
		return new Uint8Array([...Buffer.from(head), ...bad, ...Buffer.from(tail)]);
	};

	it("PUT /api/config/raw answers 422 and changes nothing (bad bytes or an unpaired surrogate)", async () => {
		const { request, path } = setup();
		const before = readFileSync(path, "utf8");
		for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80]]) {
			const response = await request(
				"/api/config/raw",
				putBytes(invalid('{"yaml_text": "model: caf@@\\n"}', bad)),
			);
			expect(response.status).toBe(422);
			expect((await response.json()).detail).toContain("not valid UTF-8");
		}
		const surrogate = await request("/api/config/raw", put({ yaml_text: "model: caf\udc80\n" }));
		expect(surrogate.status).toBe(422);
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("a form save never rewrites a config.yaml that is not UTF-8 (its bytes would be lost): 409", async () => {
		const { request, path } = setup();
		const broken = Buffer.concat([readFileSync(path), Buffer.from("# caf\xe9 in Latin-1\n", "latin1")]);
		writeFileSync(path, broken);
		const response = await request("/api/config", put({ config: { display: { compact: true } } }));
		expect(response.status).toBe(409);
		expect((await response.json()).detail).toContain("not valid UTF-8");
		expect(readFileSync(path)).toEqual(broken);
	});

	it("PUT /api/env answers 422 and changes nothing, for a bad body and for a .env that is not UTF-8", async () => {
		const { request, envPath } = setup();
		const before = readFileSync(envPath);
		const response = await request("/api/env", putBytes(invalid('{"key": "MY_KEY", "value": "abc@@def"}', [0xff])));
		expect(response.status).toBe(422);
		expect(readFileSync(envPath)).toEqual(before);
		const broken = Buffer.concat([before, Buffer.from([0x4e, 0x4f, 0x54, 0x45, 0x3d, 0xe9, 0x0a])]);
		writeFileSync(envPath, broken);
		const onBrokenFile = await request("/api/env", put({ key: "MY_KEY", value: "abc" }));
		expect(onBrokenFile.status).toBe(422);
		expect((await onBrokenFile.json()).detail).toContain(".env is not valid UTF-8");
		expect(readFileSync(envPath)).toEqual(broken);
	});
});
