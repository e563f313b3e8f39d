/**
 * The credential pool (api-contract A.11): redacted listing, add and remove with
 * Hermes's answers, the file written as Hermes writes it, and 200 interleaved writes
 * against a separate Python writer that takes `auth.lock` with `fcntl.flock`.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";

const JSON_HEADERS = { "content-type": "application/json" };
const SECRET = "sk-ant-api03-pool-secret-value-0123456789";

function post(request: ReturnType<typeof testClient>, body: unknown): Promise<Response> {
	return request("/api/credentials/pool", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });
}

describe("credential pool", () => {
	it("lists the fixture's pool with previews only", async () => {
		const context = makeContext();
		const request = testClient(context);
		const body = await (await request("/api/credentials/pool")).json();
		expect(body.providers).toHaveLength(1);
		const [anthropic] = body.providers;
		expect(anthropic.provider).toBe("anthropic");
		expect(anthropic.entries.map((e: { index: number; id: string }) => [e.index, e.id])).toEqual([
			[1, "40b9bc"],
			[2, "fx01ab"],
		]);
		const stored = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8"));
		const token: string = stored.credential_pool.anthropic[1].access_token;
		expect(anthropic.entries[1].token_preview).toBe(`${token.slice(0, 4)}...${token.slice(-4)}`);
		expect(JSON.stringify(body)).not.toContain(token);
		expect(Object.keys(anthropic.entries[0]).sort()).toEqual([
			"auth_type",
			"has_refresh",
			"id",
			"index",
			"label",
			"last_status",
			"priority",
			"request_count",
			"source",
			"token_preview",
		]);
	});

	it("adds with Hermes's defaults and writes auth.json as Hermes does (indent 2, 0600)", async () => {
		const context = makeContext();
		const request = testClient(context);
		const added = await post(request, { provider: "  OpenAI ", api_key: ` ${SECRET} ` });
		expect(await added.json()).toEqual({ ok: true, provider: "openai", count: 1 });
		const again = await post(request, { provider: "openai", api_key: "sk-second-key-abcdefgh", label: "backup" });
		expect(await again.json()).toEqual({ ok: true, provider: "openai", count: 2 });
		const path = join(context.home, "auth.json");
		const text = readFileSync(path, "utf8");
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(text.endsWith("}\n")).toBe(true);
		expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
		const entries = JSON.parse(text).credential_pool.openai;
		expect(entries[0]).toMatchObject({
			label: "key #1",
			auth_type: "api_key",
			source: "manual",
			priority: 0,
			access_token: SECRET,
		});
		expect(entries[0].id).toMatchObject(expect.stringMatching(/^[0-9a-f]{6}$/));
		expect(entries[1]).toMatchObject({ label: "backup", priority: 1 });
		// The fixture's other pool is untouched.
		expect(JSON.parse(text).credential_pool.anthropic).toHaveLength(2);
		const listed = await (await request("/api/credentials/pool")).json();
		expect(listed.providers.map((p: { provider: string }) => p.provider)).toEqual(["anthropic", "openai"]);
		expect(JSON.stringify(listed)).not.toContain(SECRET);
	});

	it("refuses blank fields (400), missing fields (422)", async () => {
		const request = testClient(makeContext());
		const blank = await post(request, { provider: " ", api_key: "x" });
		expect(blank.status).toBe(400);
		expect(await blank.json()).toEqual({ detail: "provider and api_key are required" });
		const missing = await post(request, { provider: "openai" });
		expect(missing.status).toBe(422);
		expect((await missing.json()).detail[0]).toMatchObject({ type: "missing", loc: ["body", "api_key"] });
	});

	it("removes by 1-based index and renumbers priorities; 404 and 422 as Hermes", async () => {
		const context = makeContext();
		const request = testClient(context);
		const removed = await request("/api/credentials/pool/Anthropic/1", { method: "DELETE" });
		expect(await removed.json()).toEqual({ ok: true, provider: "anthropic", count: 1 });
		const left = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).credential_pool.anthropic;
		expect(left.map((e: { id: string; priority: number }) => [e.id, e.priority])).toEqual([["fx01ab", 0]]);
		const nothing = await request("/api/credentials/pool/anthropic/5", { method: "DELETE" });
		expect(nothing.status).toBe(404);
		expect(await nothing.json()).toEqual({ detail: "No pool entry at that index" });
		const notInt = await request("/api/credentials/pool/anthropic/one", { method: "DELETE" });
		expect(notInt.status).toBe(422);
		expect((await notInt.json()).detail[0].loc).toEqual(["path", "index"]);
	});

	it("a profile without its own pool shows the root's, and writes only its own auth.json", async () => {
		const context = makeContext();
		const profileHome = join(context.home, "profiles", "work");
		const { mkdirSync } = await import("node:fs");
		mkdirSync(profileHome, { recursive: true });
		const request = testClient(context);
		const inherited = await (await request("/api/credentials/pool?profile=work")).json();
		expect(inherited.providers[0].entries).toHaveLength(2);
		await post(request, { provider: "deepseek", api_key: "sk-deepseek-0123456789", profile: "work" });
		expect(JSON.parse(readFileSync(join(profileHome, "auth.json"), "utf8")).credential_pool).toHaveProperty(
			"deepseek",
		);
		expect(JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).credential_pool).not.toHaveProperty(
			"deepseek",
		);
	});
});

/** Hermes's writer, reduced to its locking: flock auth.lock, load, add an entry, atomic replace. */
const PYTHON_WRITER = `
import fcntl, json, os, sys, tempfile, time, uuid
home, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with open(os.path.join(home, "auth.lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = os.path.join(home, "auth.json")
        with open(path) as f:
            data = json.load(f)
        data.setdefault("credential_pool", {}).setdefault("python", []).append(
            {"id": uuid.uuid4().hex[:6], "label": "py-%d" % i, "auth_type": "api_key", "priority": i,
             "source": "manual", "access_token": "py-token-%d" % i,
             "seen_ours": len(data["credential_pool"].get("ours", []))})
        fd, tmp = tempfile.mkstemp(dir=home, prefix="auth.json.tmp.")
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2)
            f.write("\\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fcntl.flock(lock, fcntl.LOCK_UN)
    # An agent refreshes now and then, not in a tight loop: spread the writes out.
    time.sleep(0.02)
print("done")
`;

describe("credential pool beside a running Hermes", () => {
	it("200 interleaved writes (100 ours, 100 a Python writer's under fcntl.flock): nothing lost", async () => {
		const context = makeContext();
		const request = testClient(context);
		const python = spawn("python3", ["-c", PYTHON_WRITER, context.home, "100"], {
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stderr = "";
		python.stderr.on("data", (chunk) => {
			stderr += chunk;
		});
		const pythonDone = new Promise<number | null>((resolve) => python.on("close", resolve));
		for (let i = 0; i < 100; i++) {
			const response = await post(request, {
				provider: "ours",
				api_key: `sk-ours-token-${i}-abcdef`,
				label: `ts-${i}`,
			});
			expect(response.status).toBe(200);
		}
		expect(await pythonDone, stderr).toBe(0);
		const pool = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).credential_pool;
		expect(pool.ours.map((e: { label: string }) => e.label)).toEqual(
			Array.from({ length: 100 }, (_, i) => `ts-${i}`),
		);
		expect(new Set(pool.python.map((e: { label: string }) => e.label)).size).toBe(100);
		// The two writers really interleaved: Python saw some, but not all, of ours.
		const seen = pool.python.map((e: { seen_ours: number }) => e.seen_ours);
		expect(Math.max(...seen)).toBeGreaterThan(0);
		expect(Math.min(...seen)).toBeLessThan(100);
		expect(pool.anthropic).toHaveLength(2);
	}, 120_000);

	it("a corrupt auth.json is set aside as auth.json.corrupt before the write", async () => {
		const context = makeContext();
		writeFileSync(join(context.home, "auth.json"), "{not json");
		const request = testClient(context);
		expect((await post(request, { provider: "openai", api_key: "sk-after-corruption-1" })).status).toBe(200);
		expect(readFileSync(join(context.home, "auth.json.corrupt"), "utf8")).toBe("{not json");
	});
});

describe("provider names that are Object members", () => {
	it("__proto__ and constructor are stored as plain keys and listed", async () => {
		const context = makeContext();
		const request = testClient(context);
		for (const provider of ["__proto__", "constructor"]) {
			expect(await (await post(request, { provider, api_key: "sk-odd-name-key-123456" })).json()).toEqual({
				ok: true,
				provider,
				count: 1,
			});
		}
		const text = readFileSync(join(context.home, "auth.json"), "utf8");
		const pool = JSON.parse(text).credential_pool;
		expect(Object.hasOwn(pool, "__proto__")).toBe(true);
		expect(pool.constructor).toHaveLength(1);
		const listed = await (await request("/api/credentials/pool")).json();
		expect(listed.providers.map((p: { provider: string }) => p.provider)).toEqual([
			"__proto__",
			"anthropic",
			"constructor",
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		const removed = await request("/api/credentials/pool/__proto__/1", { method: "DELETE" });
		expect(await removed.json()).toEqual({ ok: true, provider: "__proto__", count: 0 });
	});
});
