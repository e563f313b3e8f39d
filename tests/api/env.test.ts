import { describe, expect, it, vi } from "vitest";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { $$, parseHTML } from "../helpers/dom.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

function json(body: unknown): RequestInit {
	return { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

describe("GET /api/env", () => {
	it("lists catalogue, provider and custom keys with redacted previews", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await request("/api/env");
		expect(response.status).toBe(200);
		const body = await response.json();
		const fileValues = parseEnv(readFileSync(join(context.home, ".env"), "utf8"));
		const openai = body.OPENAI_API_KEY;
		expect(openai).toMatchObject({
			is_set: true,
			category: "provider",
			provider: "openai-api",
			is_password: true,
			custom: false,
		});
		const secret = fileValues.get("OPENAI_API_KEY")!;
		expect(openai.redacted_value).toBe(`${secret.slice(0, 4)}...${secret.slice(-4)}`);
		expect(body.COPILOT_GITHUB_TOKEN.provider).toBe("copilot");
		expect(body.AWS_REGION.provider).toBe("bedrock");
		expect(body.AWS_PROFILE.provider).toBe("bedrock");
		expect(body.NOTES_MCP_TOKEN).toMatchObject({
			is_set: true,
			category: "custom",
			is_password: true,
			custom: true,
		});
		const notes = fileValues.get("NOTES_MCP_TOKEN")!;
		expect(body.NOTES_MCP_TOKEN.redacted_value).toBe(
			notes.length < 12 ? "***" : `${notes.slice(0, 4)}...${notes.slice(-4)}`,
		);
		expect(body.TELEGRAM_BOT_TOKEN.channel_managed).toBe(true);
		expect(body.TELEGRAM_ALLOWED_USERS.channel_managed).toBe(true);
		expect(body.GATEWAY_PROXY_URL.channel_managed).toBe(false);
		expect(body.NOUS_BASE_URL).toMatchObject({ is_set: false, redacted_value: null });
		for (const row of Object.values(body) as Record<string, unknown>[]) {
			expect(Object.keys(row).sort()).toEqual([
				"advanced",
				"category",
				"channel_managed",
				"custom",
				"description",
				"is_password",
				"is_set",
				"provider",
				"provider_label",
				"redacted_value",
				"tools",
				"url",
			]);
		}
		// No raw secret anywhere in the payload.
		const text = JSON.stringify(body);
		for (const value of fileValues.values()) {
			expect(text).not.toContain(value);
		}
	});

	it("masks short values as *** and needs the token", async () => {
		const context = makeContext();
		writeFileSync(join(context.home, ".env"), "SHORT=abc\nSLACK_EXTRA_TOKEN=xoxb-1\nEMPTY=\n");
		const request = testClient(context);
		const body = await (await request("/api/env")).json();
		expect(body.SHORT.redacted_value).toBe("***");
		// A key a Channels card owns is not a custom key.
		expect(body.SLACK_EXTRA_TOKEN).toMatchObject({
			custom: false,
			channel_managed: true,
			category: "messaging",
			is_password: true,
		});
		// `KEY=` exists but is not set.
		expect(body.EMPTY).toMatchObject({ is_set: false, redacted_value: null, custom: true });
		expect((await request("/api/env", { token: false })).status).toBe(401);
	});

	it("honours ?profile= (400 invalid, 404 unknown)", async () => {
		const context = makeContext();
		mkdirSync(join(context.home, "profiles", "work"), { recursive: true });
		writeFileSync(join(context.home, "profiles", "work", ".env"), "WORK_ONLY=1234567890abcdef\n");
		const request = testClient(context);
		expect((await (await request("/api/env?profile=work")).json()).WORK_ONLY.is_set).toBe(true);
		expect((await request("/api/env?profile=Bad Name")).status).toBe(400);
		const missing = await request("/api/env?profile=nope");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Profile 'nope' does not exist." });
	});
});

describe("PUT /api/env", () => {
	it("sets a value, keeping comments, export lines and order", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		const original = "# my keys\nexport OPENAI_API_KEY=sk-old-000000000000\n\n# tools\nEXA_API_KEY=exa-123\n";
		writeFileSync(path, original);
		chmodSync(path, 0o600);
		const request = testClient(context);
		const response = await request("/api/env", {
			method: "PUT",
			...json({ key: "OPENAI_API_KEY", value: "sk-new-value\r\n" }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, key: "OPENAI_API_KEY" });
		expect(readFileSync(path, "utf8")).toBe(
			"# my keys\nexport OPENAI_API_KEY=sk-new-value\n\n# tools\nEXA_API_KEY=exa-123\n",
		);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		await request("/api/env", { method: "PUT", ...json({ key: "NEW_ONE", value: "has # hash" }) });
		expect(readFileSync(path, "utf8")).toBe(
			'# my keys\nexport OPENAI_API_KEY=sk-new-value\n\n# tools\nEXA_API_KEY=exa-123\nNEW_ONE="has # hash"\n',
		);
	});

	it("keeps an existing file mode and creates a missing .env as 0600", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		chmodSync(path, 0o640);
		const request = testClient(context);
		await request("/api/env", { method: "PUT", ...json({ key: "A_KEY", value: "x" }) });
		expect(statSync(path).mode & 0o777).toBe(0o640);
		rmSync(path);
		await request("/api/env", { method: "PUT", ...json({ key: "A_KEY", value: "x" }) });
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(readFileSync(path, "utf8")).toBe("A_KEY=x\n");
	});

	it("rejects the masked preview (400) and never writes it", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		const before = readFileSync(path, "utf8");
		const request = testClient(context);
		const preview = (await (await request("/api/env")).json()).OPENAI_API_KEY.redacted_value;
		for (const value of [preview, "***"]) {
			const response = await request("/api/env", { method: "PUT", ...json({ key: "OPENAI_API_KEY", value }) });
			expect(response.status).toBe(400);
			expect((await response.json()).detail).toContain("masked");
		}
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("rejects bad names and denylisted names with 400, bad bodies with 422, changing nothing", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		const before = readFileSync(path, "utf8");
		const request = testClient(context);
		const bad = await request("/api/env", { method: "PUT", ...json({ key: "1BAD", value: "x" }) });
		expect(bad.status).toBe(400);
		expect((await bad.json()).detail).toContain("Invalid environment variable name");
		for (const key of ["LD_PRELOAD", "PATH", "HERMES_HOME", "NODE_OPTIONS"]) {
			expect((await request("/api/env", { method: "PUT", ...json({ key, value: "x" }) })).status).toBe(400);
		}
		const missing = await request("/api/env", { method: "PUT", ...json({ key: "A" }) });
		expect(missing.status).toBe(422);
		expect((await missing.json()).detail[0]).toMatchObject({ type: "missing", loc: ["body", "value"] });
		expect(
			(
				await request("/api/env", {
					method: "PUT",
					body: "{nope",
					headers: { "content-type": "application/json" },
				})
			).status,
		).toBe(422);
		expect(readFileSync(path, "utf8")).toBe(before);
		expect(
			(await request("/api/env", { method: "PUT", ...json({ key: "A", value: "x" }), token: false })).status,
		).toBe(401);
	});

	it("survives 100 concurrent PUTs: parseable, every write accounted for, comments kept", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		writeFileSync(path, "# header comment\nexport KEEP_ME=1\n");
		const request = testClient(context);
		const responses = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				request("/api/env", { method: "PUT", ...json({ key: `CONCURRENT_${i}`, value: `value-${i}-#` }) }),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
		const content = readFileSync(path, "utf8");
		const values = parseEnv(content);
		for (let i = 0; i < 100; i++) {
			expect(values.get(`CONCURRENT_${i}`)).toBe(`value-${i}-#`);
		}
		expect(content.startsWith("# header comment\nexport KEEP_ME=1\n")).toBe(true);
		expect(content.split("\n").filter((line) => line !== "")).toHaveLength(102);
		// Same key hammered: the file stays parseable and holds one of the written values.
		await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				request("/api/env", { method: "PUT", ...json({ key: "SAME", value: `v${i}` }) }),
			),
		);
		const after = readFileSync(path, "utf8");
		expect(after.match(/^SAME=/gm)).toHaveLength(1);
		expect(parseEnv(after).get("SAME")).toMatch(/^v\d+$/);
	});
});

describe("DELETE /api/env", () => {
	it("removes the key (JSON body) and answers 404 when absent", async () => {
		const context = makeContext();
		const path = join(context.home, ".env");
		writeFileSync(path, "# c\nexport GONE=1\nSTAY=2\nGONE=3\n");
		const request = testClient(context);
		const response = await request("/api/env", { method: "DELETE", ...json({ key: "GONE" }) });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, key: "GONE" });
		expect(readFileSync(path, "utf8")).toBe("# c\nSTAY=2\n");
		const again = await request("/api/env", { method: "DELETE", ...json({ key: "GONE" }) });
		expect(again.status).toBe(404);
		expect(await again.json()).toEqual({ detail: "GONE not found in .env" });
		expect((await request("/api/env", { method: "DELETE", ...json({ key: "bad-name" }) })).status).toBe(400);
		// The denylist applies to set only.
		writeFileSync(path, "PATH=/x\n");
		expect((await request("/api/env", { method: "DELETE", ...json({ key: "PATH" }) })).status).toBe(200);
		expect(existsSync(path)).toBe(true);
	});
});

describe("POST /api/env/reveal", () => {
	it("returns the value with the token header, audits the name only, and limits to 5 per 30 s", async () => {
		const clock = fixedClock(FIXTURE_NOW_MS);
		const context = makeContext({ clock });
		const values = parseEnv(readFileSync(join(context.home, ".env"), "utf8"));
		const request = testClient(context);
		const log = vi.spyOn(console, "log");
		const reveal = (key: string) => request("/api/env/reveal", { method: "POST", ...json({ key }) });
		try {
			expect(
				(await request("/api/env/reveal", { method: "POST", ...json({ key: "OPENAI_API_KEY" }), token: false }))
					.status,
			).toBe(401);
			const ok = await reveal("OPENAI_API_KEY");
			expect(ok.status).toBe(200);
			expect(await ok.json()).toEqual({ key: "OPENAI_API_KEY", value: values.get("OPENAI_API_KEY") });
			// A ?token= query does not count for reveal.
			const queryToken = await request(`/api/env/reveal?token=${context.sessionToken}`, {
				method: "POST",
				...json({ key: "OPENAI_API_KEY" }),
				token: false,
			});
			expect(queryToken.status).toBe(401);
			const missing = await reveal("NOT_THERE");
			expect(missing.status).toBe(404);
			expect(await missing.json()).toEqual({ detail: "NOT_THERE not found in .env" });
			clock.advance(10_000);
			for (let i = 0; i < 3; i++) {
				expect((await reveal("DEEPSEEK_API_KEY")).status).toBe(200);
			}
			const limited = await reveal("DEEPSEEK_API_KEY");
			expect(limited.status).toBe(429);
			expect(await limited.json()).toEqual({ detail: "Too many reveal requests. Try again shortly." });
			// The window slides on the app's clock: the first two reveals age out after 30 s.
			clock.advance(20_000);
			expect((await reveal("DEEPSEEK_API_KEY")).status).toBe(200);
			expect((await reveal("DEEPSEEK_API_KEY")).status).toBe(200);
			expect((await reveal("DEEPSEEK_API_KEY")).status).toBe(429);

			const audit = readFileSync(join(context.home, "logs", "dashboard-auth.log"), "utf8");
			const reveals = audit
				.trim()
				.split("\n")
				.map((line) => JSON.parse(line))
				.filter((entry) => entry.event === "env_reveal");
			expect(reveals.map((entry) => [entry.key, entry.found])).toEqual([
				["OPENAI_API_KEY", true],
				["NOT_THERE", false],
				["DEEPSEEK_API_KEY", true],
				["DEEPSEEK_API_KEY", true],
				["DEEPSEEK_API_KEY", true],
				["DEEPSEEK_API_KEY", true],
				["DEEPSEEK_API_KEY", true],
			]);
			expect(reveals[0].ts).toBe("2026-11-23T23:19:46.000000+00:00");
			for (const value of values.values()) {
				expect(audit).not.toContain(value);
			}
			expect(log).not.toHaveBeenCalled();
		} finally {
			log.mockRestore();
		}
	});

	it("accepts the legacy Bearer token", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await request("/api/env/reveal", {
			method: "POST",
			body: JSON.stringify({ key: "OPENAI_API_KEY" }),
			headers: { "content-type": "application/json", authorization: `Bearer ${context.sessionToken}` },
			token: false,
		});
		expect(response.status).toBe(200);
	});
});

describe("/env page", () => {
	it("renders grouped rows with masked previews only", async () => {
		const context = makeContext();
		const values = parseEnv(readFileSync(join(context.home, ".env"), "utf8"));
		const request = testClient(context);
		const page = await request("/env", { token: false });
		expect(page.status).toBe(200);
		const text = await page.text();
		const document = parseHTML(text);
		const rowCount = (name: string) => $$(document, `[data-testid="env-row-${name}"]`).length;
		expect(rowCount("OPENAI_API_KEY")).toBe(1);
		expect($$(document, '[data-group="provider"]').length).toBeGreaterThan(0);
		expect(rowCount("NOTES_MCP_TOKEN")).toBe(1);
		expect(rowCount("TELEGRAM_BOT_TOKEN")).toBe(0);
		for (const value of values.values()) {
			expect(text).not.toContain(value);
		}
		expect((await request("/ui/env/list", { token: false })).status).toBe(401);
		expect((await request("/ui/env/list")).status).toBe(200);
	});
});
