/**
 * Webhook subscriptions API (api-contract A.10) on copies of the fixture home: shapes,
 * Hermes's texts, the file as Python writes it, and a created secret accepted by the
 * gateway's signature checks.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { disableWebhookPlatform } from "../helpers/gateway.ts";

function json(body: unknown, method = "POST"): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function python(script: string, ...args: string[]): string {
	return execFileSync("python3", ["-c", script, ...args], { encoding: "utf8" });
}

function setup() {
	const context = makeContext();
	return { context, request: testClient(context), file: join(context.home, "webhook_subscriptions.json") };
}

const FIXTURE_SECRET = "fixture-webhook-secret-do-not-use";

describe("GET /api/webhooks", () => {
	it("lists the fixture route with its URL and without its secret", async () => {
		const { request } = setup();
		const response = await request("/api/webhooks");
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text).not.toContain(FIXTURE_SECRET);
		expect(JSON.parse(text)).toEqual({
			enabled: true,
			base_url: "http://localhost:8644",
			subscriptions: [
				{
					name: "github-push",
					description: "Summarise pushes to main and PRs",
					events: ["push", "pull_request"],
					deliver: "telegram",
					deliver_only: false,
					prompt: "Summarise this GitHub event for me: {payload}",
					script: "",
					skills: ["release-notes"],
					created_at: "2026-11-23T23:19:48Z",
					url: "http://localhost:8644/webhooks/github-push",
					secret_set: true,
					enabled: true,
				},
			],
		});
	});

	it("reads a missing or corrupt file as no subscriptions", async () => {
		const { request, file } = setup();
		writeFileSync(file, "{not json");
		expect((await (await request("/api/webhooks")).json()).subscriptions).toEqual([]);
	});
});

describe("POST /api/webhooks", () => {
	it("creates a route as Hermes writes it and returns the secret once", async () => {
		const { context, request, file } = setup();
		const response = await request(
			"/api/webhooks",
			json({
				name: "  Deploy Hook ",
				events: ["push", " ", "release "],
				skills: ["log-triage"],
				prompt: "Deploy: {payload}",
			}),
		);
		expect(response.status).toBe(200);
		expect(response.headers.get("cache-control")).toBe("no-store");
		const created = await response.json();
		expect(created.name).toBe("deploy-hook");
		expect(created.url).toBe("http://localhost:8644/webhooks/deploy-hook");
		expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(created).toMatchObject({
			description: "Dashboard-created subscription: deploy-hook",
			events: ["push", "release"],
			deliver: "log",
			deliver_only: false,
			secret_set: true,
			enabled: true,
			created_at: new Date(context.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
		});

		// The file: Python's json.dumps(indent=2, ensure_ascii=False), byte for byte, 0600.
		const text = readFileSync(file, "utf8");
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const redumped = python(
			"import json,sys; print(json.dumps(json.load(open(sys.argv[1], encoding='utf-8')), indent=2, ensure_ascii=False), end='')",
			file,
		);
		expect(text).toBe(redumped);
		const routes = JSON.parse(text);
		expect(Object.keys(routes)).toEqual(["github-push", "deploy-hook"]);
		expect(routes["github-push"].secret).toBe(FIXTURE_SECRET);
		expect(routes["deploy-hook"]).toEqual({
			description: "Dashboard-created subscription: deploy-hook",
			events: ["push", "release"],
			secret: created.secret,
			prompt: "Deploy: {payload}",
			skills: ["log-triage"],
			deliver: "log",
			created_at: created.created_at,
		});

		// Never again: the list shows only secret_set.
		const list = await (await request("/api/webhooks")).text();
		expect(list).not.toContain(created.secret);
	});

	it("makes a secret the gateway's signature checks accept", async () => {
		const { request, file } = setup();
		const created = await (await request("/api/webhooks", json({ name: "signed" }))).json();
		const secret = JSON.parse(readFileSync(file, "utf8")).signed.secret;
		expect(secret).toBe(created.secret);
		const body = JSON.stringify({ ref: "refs/heads/main", commits: [{ id: "abc" }] });
		// The sender (here Node) signs with the secret it was shown; the gateway's checks (here
		// Python, as hermes-home §9 describes them) verify with the stored one: GitHub
		// `X-Hub-Signature-256: sha256=<hex>` and generic V2 `<hex HMAC("<ts>." + body)>`.
		const timestamp = "1795475986";
		const github = `sha256=${createHmac("sha256", created.secret).update(body).digest("hex")}`;
		const v2 = createHmac("sha256", created.secret).update(`${timestamp}.${body}`).digest("hex");
		const forged = `sha256=${createHmac("sha256", "other").update(body).digest("hex")}`;
		const verdict = python(
			[
				"import hmac, hashlib, sys",
				"stored, body, ts, github, v2, forged = sys.argv[1], sys.argv[2].encode(), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]",
				"expected = 'sha256=' + hmac.new(stored.encode(), body, hashlib.sha256).hexdigest()",
				"v2_expected = hmac.new(stored.encode(), (ts + '.').encode() + body, hashlib.sha256).hexdigest()",
				"print(hmac.compare_digest(github, expected), hmac.compare_digest(v2, v2_expected), hmac.compare_digest(forged, expected))",
			].join("\n"),
			secret,
			body,
			timestamp,
			github,
			v2,
			forged,
		);
		expect(verdict.trim()).toBe("True True False");
	});

	it("keeps a caller's secret, delivery target and direct delivery", async () => {
		const { request, file } = setup();
		const response = await request(
			"/api/webhooks",
			json({
				name: "alerts",
				secret: "my-own-secret",
				deliver: "telegram",
				deliver_only: true,
				deliver_chat_id: "123",
				script: " notify.sh ",
			}),
		);
		expect(response.status).toBe(200);
		expect((await response.json()).secret).toBe("my-own-secret");
		expect(JSON.parse(readFileSync(file, "utf8")).alerts).toMatchObject({
			secret: "my-own-secret",
			deliver: "telegram",
			deliver_only: true,
			deliver_extra: { chat_id: "123" },
			script: "notify.sh",
		});
	});

	it("answers Hermes's 400s", async () => {
		const { context, request } = setup();
		const bad = async (body: unknown) => {
			const response = await request("/api/webhooks", json(body));
			expect(response.status).toBe(400);
			return (await response.json()).detail;
		};
		expect(await bad({ name: "-leading" })).toBe(
			"Invalid name. Use lowercase alphanumeric with hyphens/underscores.",
		);
		expect(await bad({ name: "a/b" })).toBe("Invalid name. Use lowercase alphanumeric with hyphens/underscores.");
		expect(await bad({ name: "ok", deliver_only: true })).toBe(
			"Direct delivery requires a real target (telegram, discord, …), not 'log'.",
		);
		disableWebhookPlatform(context.home);
		expect(await bad({ name: "ok" })).toBe(
			"Webhook platform is not enabled. Enable it from the Webhooks page first.",
		);
		const missing = await request("/api/webhooks", json({}));
		expect(missing.status).toBe(422);
		expect((await missing.json()).detail[0]).toMatchObject({ type: "missing", loc: ["body", "name"] });
	});
});

describe("DELETE and PUT enabled", () => {
	it("toggles and deletes a route; unknown names are 404", async () => {
		const { request, file } = setup();
		const off = await request("/api/webhooks/GitHub-Push/enabled", json({ enabled: false }, "PUT"));
		expect(await off.json()).toEqual({ ok: true, name: "github-push", enabled: false });
		const stored = JSON.parse(readFileSync(file, "utf8"))["github-push"];
		expect(stored.enabled).toBe(false);
		expect(stored.secret).toBe(FIXTURE_SECRET);
		expect((await (await request("/api/webhooks")).json()).subscriptions[0].enabled).toBe(false);

		const missing = await request("/api/webhooks/nope/enabled", json({ enabled: true }, "PUT"));
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "No subscription named 'nope'" });
		expect((await request("/api/webhooks/x/enabled", json({ enabled: "yes" }, "PUT"))).status).toBe(422);

		expect(await (await request("/api/webhooks/github-push", { method: "DELETE" })).json()).toEqual({ ok: true });
		expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({});
		const again = await request("/api/webhooks/github-push", { method: "DELETE" });
		expect(again.status).toBe(404);
		expect(await again.json()).toEqual({ detail: "No subscription named 'github-push'" });
	});
});

describe("POST /api/webhooks/enable", () => {
	it("turns the platform on in config.yaml, keeping every other byte", async () => {
		const { context, request } = setup();
		const config = join(context.home, "config.yaml");
		const before = readFileSync(config, "utf8").replace(
			"  webhook:\n    enabled: true",
			"  webhook:\n    enabled: false",
		);
		writeFileSync(config, before);
		expect((await (await request("/api/webhooks")).json()).enabled).toBe(false);
		const response = await request("/api/webhooks/enable", { method: "POST" });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			ok: true,
			platform: "webhook",
			enabled: true,
			needs_restart: true,
			restart_started: false,
		});
		const after = readFileSync(config, "utf8");
		expect(after).toBe(before.replace("  webhook:\n    enabled: false", "  webhook:\n    enabled: true"));
		expect(
			python("import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))['platforms']['webhook'])", config).trim(),
		).toBe("{'enabled': True}");
		expect((await (await request("/api/webhooks")).json()).enabled).toBe(true);
	});
});
