/**
 * Provider sign-in (api-contract-clients §3.8) on copies of the fixture home, against
 * stand-in OAuth servers on 127.0.0.1: the accounts list, disconnect refusals, PKCE start
 * and code exchange, and a Nous device-code login stored in auth.json (read back by
 * python's json), never touching a real provider.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_NOW_MS, jsonCaller, makeContext, testClient } from "../helpers/app.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { OAuthSessions, defaultEndpoints } from "../../src/hermes/models/oauth_flows.ts";
import { startDeviceFlow } from "../../src/hermes/models/oauth_device.ts";
import { providerRows } from "../../src/hermes/models/oauth_providers.ts";

type Loose = any;

let server: Server;
let base = "";
let polls = 0;
let codexPolls = 0;
const seen: { path: string; body: string }[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = "";
		req.on("data", (chunk) => (body += chunk));
		req.on("end", () => {
			seen.push({ path: req.url ?? "", body });
			res.setHeader("content-type", "application/json");
			if (req.url === "/api/oauth/device/code") {
				res.end(
					JSON.stringify({
						device_code: "dev-1",
						user_code: "ABCD-EFGH",
						verification_uri: `${base}/activate`,
						verification_uri_complete: `${base}/activate?code=ABCD-EFGH`,
						expires_in: 600,
						interval: 1,
					}),
				);
			} else if (req.url === "/api/oauth/token") {
				polls += 1;
				if (polls < 2) {
					res.statusCode = 400;
					res.end(JSON.stringify({ error: "authorization_pending" }));
				} else {
					res.end(
						JSON.stringify({
							access_token: "nous-access-token-123456",
							refresh_token: "nous-refresh",
							token_type: "Bearer",
							expires_in: 3600,
						}),
					);
				}
			} else if (req.url === "/api/accounts/deviceauth/usercode") {
				res.end(JSON.stringify({ user_code: "CODX-1234", device_auth_id: "da-1", interval: 3 }));
			} else if (req.url === "/api/accounts/deviceauth/token") {
				codexPolls += 1;
				res.statusCode = codexPolls < 2 ? 403 : 200;
				res.end(JSON.stringify(codexPolls < 2 ? {} : { authorization_code: "ac-1", code_verifier: "cv-1" }));
			} else if (req.url === "/oauth/token") {
				const form = new URLSearchParams(body);
				const ok = form.get("code") === "ac-1" && form.get("code_verifier") === "cv-1";
				res.statusCode = ok ? 200 : 400;
				res.end(
					JSON.stringify(ok ? { access_token: "codex-access-abcdef", refresh_token: "codex-refresh" } : {}),
				);
			} else if (req.url === "/v1/oauth/token") {
				const sent = JSON.parse(body);
				res.statusCode = sent.code === "good" ? 200 : 400;
				res.end(
					JSON.stringify(
						sent.code === "good"
							? { access_token: "sk-ant-oat-xyz987654", refresh_token: "r1", expires_in: 3600 }
							: { error: "invalid_grant" },
					),
				);
			} else {
				res.statusCode = 404;
				res.end("{}");
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function setup() {
	const context = makeContext({ env: { HERMES_PORTAL_BASE_URL: base } });
	const request = testClient(context);
	const json = jsonCaller(request);
	return { context, json };
}

describe("GET /api/providers/oauth and disconnect", () => {
	it("lists the catalogue with statuses and refuses to disconnect env or external logins", async () => {
		const { json } = setup();
		const { body } = await json("/api/providers/oauth");
		expect(body.providers.map((row: Loose) => row.id)).toEqual([
			"nous",
			"openai-codex",
			"qwen-oauth",
			"minimax-oauth",
			"xai-oauth",
			"copilot-acp",
			"anthropic",
			"claude-code",
		]);
		const anthropic = body.providers.find((row: Loose) => row.id === "anthropic");
		expect(anthropic.status).toMatchObject({
			logged_in: true,
			source: "env_var",
			source_label: "ANTHROPIC_API_KEY",
		});
		expect(anthropic.status.token_preview).toMatch(/^….{6}$/);
		expect(anthropic).toMatchObject({
			disconnectable: false,
			disconnect_hint: "Remove the API key from Settings → Keys instead.",
		});
		expect((await json("/api/providers/oauth/anthropic", { method: "DELETE" })).body.detail).toBe(
			"Anthropic API Key cannot be disconnected automatically. Remove the API key from Settings → Keys instead.",
		);
		expect((await json("/api/providers/oauth/nope", { method: "DELETE" })).body.detail).toMatch(
			/^Unknown provider: nope\. Available: anthropic, claude-code, /,
		);
		expect((await json("/api/providers/oauth/nous", { method: "DELETE" })).body).toEqual({
			ok: false,
			provider: "nous",
		});
	});
});

describe("sign-in sessions", () => {
	it("starts Anthropic PKCE without a network call and refuses external or unknown providers", async () => {
		const { json } = setup();
		const before = seen.length;
		const { body } = await json("/api/providers/oauth/anthropic/start", { method: "POST" });
		expect(body).toMatchObject({ flow: "pkce", expires_in: 900 });
		const url = new URL(body.auth_url);
		expect(url.origin + url.pathname).toBe("https://claude.ai/oauth/authorize");
		expect(url.searchParams.get("code_challenge_method")).toBe("S256");
		expect(url.searchParams.get("state")?.length).toBeGreaterThan(40);
		expect(url.searchParams.get("scope")).toBe("org:create_api_key user:profile user:inference");
		expect(seen.length).toBe(before);
		expect((await json("/api/providers/oauth/claude-code/start", { method: "POST" })).body.detail).toBe(
			"claude-code uses an external CLI; run `claude setup-token` manually",
		);
		expect((await json("/api/providers/oauth/zzz/start", { method: "POST" })).body.detail).toBe(
			"Unknown provider zzz",
		);
		expect(
			(
				await json("/api/providers/oauth/openai-codex/submit", {
					method: "POST",
					body: { session_id: body.session_id, code: "x" },
				})
			).body.detail,
		).toBe("submit not supported for openai-codex");
		expect(
			(
				await json("/api/providers/oauth/anthropic/submit", {
					method: "POST",
					body: { session_id: "nope", code: "x" },
				})
			).status,
		).toBe(404);
		expect(
			(
				await json("/api/providers/oauth/anthropic/submit", {
					method: "POST",
					body: { session_id: body.session_id, code: " " },
				})
			).body,
		).toEqual({
			ok: false,
			status: "error",
			message: "No code provided",
		});
		expect((await json(`/api/providers/oauth/nous/poll/${body.session_id}`)).body.detail).toBe(
			"Provider mismatch for session",
		);
		expect((await json(`/api/providers/oauth/sessions/${body.session_id}`, { method: "DELETE" })).body).toEqual({
			ok: true,
			session_id: body.session_id,
		});
		expect((await json(`/api/providers/oauth/anthropic/poll/${body.session_id}`)).body.detail).toBe(
			"Session not found or expired",
		);
	});

	it("runs the Nous device flow against the portal and stores the login in auth.json", async () => {
		const { json, context } = setup();
		polls = 0;
		const { status, body } = await json("/api/providers/oauth/nous/start", { method: "POST" });
		expect(status).toBe(200);
		expect(body).toMatchObject({
			flow: "device_code",
			user_code: "ABCD-EFGH",
			verification_url: `${base}/activate?code=ABCD-EFGH`,
			expires_in: 600,
			poll_interval: 1,
		});
		expect(
			new URLSearchParams(seen.find((entry) => entry.path === "/api/oauth/device/code")!.body).get("client_id"),
		).toBe("hermes-cli");
		await expect
			.poll(async () => (await json(`/api/providers/oauth/nous/poll/${body.session_id}`)).body.status, {
				timeout: 10_000,
				interval: 200,
			})
			.toBe("approved");
		const stored = JSON.parse(
			execFileSync(
				"python3",
				[
					"-c",
					"import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))",
					join(context.home, "auth.json"),
				],
				{ encoding: "utf8" },
			),
		);
		expect(stored.providers.nous).toMatchObject({
			access_token: "nous-access-token-123456",
			refresh_token: "nous-refresh",
			portal_base_url: base,
		});
		expect(stored.credential_pool.anthropic).toHaveLength(2);
		expect(statSync(join(context.home, "auth.json")).mode & 0o777).toBe(0o600);
		const row = (await json("/api/providers/oauth")).body.providers[0];
		expect(row.status).toMatchObject({
			logged_in: true,
			source: "nous_portal",
			token_preview: "…123456",
			has_refresh_token: true,
		});
		expect(await json("/api/providers/oauth/nous", { method: "DELETE" })).toEqual({
			status: 200,
			body: { ok: true, provider: "nous" },
		});
		expect(JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).providers.nous).toBeUndefined();
	});
});

describe("Anthropic code exchange", () => {
	it("stores the tokens in .anthropic_oauth.json and a dashboard pool entry; a rejected code is an error", async () => {
		const context = makeContext();
		const clock = fixedClock(FIXTURE_NOW_MS);
		const flows = new OAuthSessions(() => clock.now(), {
			...defaultEndpoints({}),
			anthropicTokens: [`${base}/missing`, `${base}/v1/oauth/token`],
		});
		const bad = flows.startPKCE(context.home);
		expect(await flows.submitPKCE(flows.get(bad.session_id)!, "wrong#state")).toMatchObject({
			ok: false,
			status: "error",
		});
		const good = flows.startPKCE(context.home);
		expect(await flows.submitPKCE(flows.get(good.session_id)!, "good")).toEqual({ ok: true, status: "approved" });
		const file = join(context.home, ".anthropic_oauth.json");
		expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
			accessToken: "sk-ant-oat-xyz987654",
			refreshToken: "r1",
			expiresAt: FIXTURE_NOW_MS + 3600_000,
		});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const pool = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).credential_pool.anthropic;
		expect(pool.map((entry: Loose) => entry.source)).toEqual([
			"manual:dashboard_pkce",
			"env:ANTHROPIC_API_KEY",
			"manual",
		]);
		expect(pool.map((entry: Loose) => entry.priority)).toEqual([0, 1, 2]);
		clock.advance(16 * 60 * 1000);
		flows.startPKCE(context.home);
		expect(flows.get(good.session_id)).toBeUndefined();
	});
});

describe("OpenAI Codex device sign-in", () => {
	it("polls its own endpoints, exchanges the code and stores the token pair", async () => {
		const context = makeContext();
		const clock = fixedClock(FIXTURE_NOW_MS);
		const flows = new OAuthSessions(() => clock.now(), { ...defaultEndpoints({}), codexIssuer: base });
		const start = await startDeviceFlow(flows, "openai-codex", context.home);
		expect(start).toMatchObject({
			flow: "device_code",
			user_code: "CODX-1234",
			verification_url: `${base}/codex/device`,
			poll_interval: 3,
		});
		await expect
			.poll(() => flows.get(start.session_id)?.status, { timeout: 15_000, interval: 200 })
			.toBe("approved");
		const stored = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8")).providers["openai-codex"];
		expect(stored).toMatchObject({
			tokens: { access_token: "codex-access-abcdef", refresh_token: "codex-refresh" },
			auth_mode: "chatgpt",
		});
		const row = providerRows(context.home, {}).find((entry) => entry.id === "openai-codex")!;
		expect(row.status).toMatchObject({ logged_in: true, token_preview: "…abcdef", has_refresh_token: true });
	}, 20_000);
});
