/**
 * Messaging platforms API (api-contract A.9) on copies of the fixture home: the
 * catalogue payload, masked values only, configure/enable writes that keep every
 * unrelated byte of `.env` and config.yaml, and the Test messages per gateway state.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { fakeRunningGateway } from "../helpers/gateway.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";
import { PLATFORM_CATALOG } from "../../src/hermes/channels/catalog.ts";

function json(body: unknown, method = "PUT"): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function setup() {
	const context = makeContext();
	const envPath = join(context.home, ".env");
	const configPath = join(context.home, "config.yaml");
	return {
		context,
		request: testClient(context),
		envPath,
		configPath,
		env: () => parseEnv(readFileSync(envPath, "utf8")),
	};
}

const PAYLOAD_KEYS = [
	"configured",
	"description",
	"docs_url",
	"enabled",
	"env_vars",
	"error_code",
	"error_message",
	"gateway_running",
	"home_channel",
	"id",
	"name",
	"state",
	"updated_at",
];

describe("GET /api/messaging/platforms", () => {
	it("lists all 31 platforms in display order with masked values only", async () => {
		const { request, envPath } = setup();
		const response = await request("/api/messaging/platforms");
		expect(response.status).toBe(200);
		const text = await response.text();
		for (const value of parseEnv(readFileSync(envPath, "utf8")).values()) {
			expect(text).not.toContain(value);
		}
		const body = JSON.parse(text);
		expect(body.env_path).toBe(envPath);
		expect(body.gateway_start_command).toBe("hermes gateway start");
		expect(body.platforms).toHaveLength(31);
		expect(body.platforms.slice(0, 5).map((p: { id: string }) => p.id)).toEqual([
			"telegram",
			"discord",
			"slack",
			"mattermost",
			"matrix",
		]);
		expect(body.platforms[20].id).toBe("webhook");
		for (const platform of body.platforms) {
			const keys = Object.keys(platform).filter((key) => key !== "whatsapp_setup");
			expect(keys.sort()).toEqual(PAYLOAD_KEYS);
		}
		const telegram = body.platforms[0];
		expect(telegram).toMatchObject({
			name: "Telegram",
			enabled: true,
			configured: true,
			gateway_running: false,
			state: "gateway_stopped",
			docs_url: "https://core.telegram.org/bots/features#botfather",
		});
		expect(telegram.env_vars[0]).toEqual({
			key: "TELEGRAM_BOT_TOKEN",
			required: true,
			is_set: true,
			redacted_value: "7000...oken",
			description: "Telegram bot token from @BotFather",
			prompt: "TELEGRAM_BOT_TOKEN",
			help: "",
			url: "https://t.me/BotFather",
			is_password: true,
			advanced: false,
		});
		const slack = body.platforms[2];
		expect(slack).toMatchObject({ enabled: false, configured: false, state: "disabled" });
		expect(
			slack.env_vars.filter((v: { required: boolean }) => v.required).map((v: { key: string }) => v.key),
		).toEqual(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]);
		const whatsapp = body.platforms.find((p: { id: string }) => p.id === "whatsapp");
		expect(whatsapp.whatsapp_setup).toEqual({ mode: "", allowed_users_set: false, home_channel_set: false });
	});

	it("scopes to a profile's own files and answers 404 for an unknown one", async () => {
		const { request, context } = setup();
		const missing = await request("/api/messaging/platforms?profile=nope");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Profile 'nope' does not exist." });
		const profileHome = join(context.home, "profiles", "work");
		mkdirSync(profileHome, { recursive: true });
		writeFileSync(join(profileHome, ".env"), "SLACK_BOT_TOKEN=xoxb-1234567890-abc\n");
		const body = await (await request("/api/messaging/platforms?profile=work")).json();
		expect(body.gateway_start_command).toBe("hermes -p work gateway start");
		expect(body.platforms[0]).toMatchObject({ id: "telegram", enabled: false, configured: false });
		expect(body.platforms[2].env_vars[0]).toMatchObject({ key: "SLACK_BOT_TOKEN", is_set: true });
	});
});

describe("enablement from the environment", () => {
	it("honours the gateway's env switches for the dashboard's own home", async () => {
		const context = makeContext({
			env: { WEBHOOK_ENABLED: "true", WHATSAPP_ENABLED: "no", API_SERVER_KEY: "k-123456789012" },
		});
		const configPath = join(context.home, "config.yaml");
		writeFileSync(
			configPath,
			readFileSync(configPath, "utf8").replace(
				"  webhook:\n    enabled: true",
				"  webhook:\n    enabled: false\n  whatsapp:\n    enabled: true",
			),
		);
		const body = await (await testClient(context)("/api/messaging/platforms")).json();
		const byId = (id: string) => body.platforms.find((p: { id: string }) => p.id === id);
		expect(byId("webhook").enabled).toBe(true);
		expect(byId("whatsapp").enabled).toBe(false);
		expect(byId("api_server")).toMatchObject({ enabled: true, state: "gateway_stopped" });
		expect(byId("api_server").env_vars.find((v: { key: string }) => v.key === "API_SERVER_KEY")).toMatchObject({
			is_set: true,
			redacted_value: "k-12...9012",
		});
	});
});

describe("PUT /api/messaging/platforms/{id}", () => {
	it("sets, keeps, clears and enables, keeping every unrelated byte", async () => {
		const { request, envPath, configPath, env } = setup();
		const envBefore = readFileSync(envPath, "utf8");
		const configBefore = readFileSync(configPath, "utf8");
		const response = await request(
			"/api/messaging/platforms/slack",
			json({
				enabled: true,
				env: {
					SLACK_BOT_TOKEN: "  xoxb-111-222-abc  ",
					SLACK_APP_TOKEN: "xapp-1-A0-xyz",
					SLACK_ALLOWED_USERS: "",
				},
			}),
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, platform: "slack" });
		expect(readFileSync(envPath, "utf8")).toBe(
			`${envBefore}SLACK_BOT_TOKEN=xoxb-111-222-abc\nSLACK_APP_TOKEN=xapp-1-A0-xyz\n`,
		);
		expect(env().has("SLACK_ALLOWED_USERS")).toBe(false);
		const configAfter = readFileSync(configPath, "utf8");
		expect(
			configAfter.startsWith(configBefore.slice(0, configBefore.indexOf("  discord:\n    enabled: true\n"))),
		).toBe(true);
		const loaded = execFileSync(
			"python3",
			[
				"-c",
				"import yaml,sys,json; c=yaml.safe_load(open(sys.argv[1])); print(json.dumps(c['platforms']))",
				configPath,
			],
			{ encoding: "utf8" },
		);
		expect(JSON.parse(loaded)).toEqual({
			webhook: { enabled: true },
			telegram: { enabled: true },
			discord: { enabled: true },
			slack: { enabled: true },
		});
		// Only the platforms block grew; every other line is the same.
		expect(configAfter.replace("  slack:\n    enabled: true\n", "")).toBe(configBefore);

		// Blank keeps, clear_env deletes, enabled: false writes false.
		await request(
			"/api/messaging/platforms/slack",
			json({ env: { SLACK_BOT_TOKEN: "   " }, clear_env: ["SLACK_APP_TOKEN"], enabled: false }),
		);
		expect(env().get("SLACK_BOT_TOKEN")).toBe("xoxb-111-222-abc");
		expect(env().has("SLACK_APP_TOKEN")).toBe(false);
		expect(readFileSync(configPath, "utf8")).toBe(
			configBefore.replace(
				"  discord:\n    enabled: true\n",
				"  discord:\n    enabled: true\n  slack:\n    enabled: false\n",
			),
		);
		const body = await (await request("/api/messaging/platforms")).json();
		expect(body.platforms[2]).toMatchObject({ enabled: false, state: "disabled" });
	});

	it("answers Hermes's 404 and 400s and writes nothing on a refusal", async () => {
		const { request, envPath } = setup();
		const before = readFileSync(envPath, "utf8");
		const unknown = await request("/api/messaging/platforms/myspace", json({}));
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ detail: "Unknown messaging platform: myspace" });
		const cases: [string, unknown, string][] = [
			["telegram", { env: { OPENAI_API_KEY: "x" } }, "OPENAI_API_KEY is not configurable for Telegram"],
			["telegram", { clear_env: ["DISCORD_BOT_TOKEN"] }, "DISCORD_BOT_TOKEN is not configurable for Telegram"],
			[
				"slack",
				{ env: { SLACK_BOT_TOKEN: "xapp-wrong" } },
				"Slack Bot Token must start with xoxb-. Paste the bot token from OAuth & Permissions.",
			],
			[
				"slack",
				{ env: { SLACK_APP_TOKEN: "xoxb-wrong" } },
				"Slack App Token must start with xapp-. Paste the app-level token from Basic Information > App-Level Tokens.",
			],
			[
				"slack",
				{ env: { SLACK_ALLOWED_USERS: "U01ABC2DEF3, bob" } },
				"Slack allowed user IDs must be comma-separated member IDs like U01ABC2DEF3.",
			],
			[
				"telegram",
				{ env: { TELEGRAM_PROXY: "http://proxy:1", TELEGRAM_BOT_TOKEN: "7000...oken" } },
				"Refusing to save the masked preview as the value of TELEGRAM_BOT_TOKEN; enter the full value.",
			],
		];
		for (const [id, body, detail] of cases) {
			const response = await request(`/api/messaging/platforms/${id}`, json(body));
			expect(response.status, detail).toBe(400);
			expect(await response.json()).toEqual({ detail });
		}
		expect(readFileSync(envPath, "utf8")).toBe(before);
		const ok = await request(
			"/api/messaging/platforms/slack",
			json({ env: { SLACK_ALLOWED_USERS: "U01ABC2DEF3,,W0XYZ, *" } }),
		);
		expect(ok.status).toBe(200);
		expect((await request("/api/messaging/platforms/slack", json({ env: { SLACK_BOT_TOKEN: 5 } }))).status).toBe(
			422,
		);
	});
});

describe("POST /api/messaging/platforms/{id}/test", () => {
	async function verdict(request: ReturnType<typeof testClient>, id: string) {
		const response = await request(`/api/messaging/platforms/${id}/test`, { method: "POST" });
		expect(response.status).toBe(200);
		return response.json();
	}

	it("gives A.9's message for each state", async () => {
		const { request, context, configPath } = setup();
		expect((await request("/api/messaging/platforms/nope/test", { method: "POST" })).status).toBe(404);
		expect(await verdict(request, "slack")).toEqual({
			ok: false,
			state: "disabled",
			message: "Slack is disabled. Enable it, then restart the gateway.",
		});
		writeFileSync(
			configPath,
			readFileSync(configPath, "utf8").replace(
				"\n  discord:\n    enabled: true\n",
				"\n  slack:\n    enabled: true\n  discord:\n    enabled: true\n",
			),
		);
		expect(await verdict(request, "slack")).toEqual({
			ok: false,
			state: "not_configured",
			message: "Missing required setup: SLACK_BOT_TOKEN, SLACK_APP_TOKEN",
		});
		expect(await verdict(request, "telegram")).toEqual({
			ok: false,
			state: "gateway_stopped",
			message: "Gateway is not running. Restart the gateway to connect this platform.",
		});
		writeFileSync(
			join(context.home, "gateway_state.json"),
			JSON.stringify({ gateway_state: "startup_failed", exit_reason: "bad token" }),
		);
		expect(await verdict(request, "telegram")).toMatchObject({ state: "startup_failed", ok: false });
		const failed = (await (await request("/api/messaging/platforms")).json()).platforms[0];
		expect(failed).toMatchObject({ error_code: "startup_failed", error_message: "bad token" });

		fakeRunningGateway(context.home, {
			platforms: {
				telegram: { state: "connected", updated_at: "2026-11-23T23:00:00+00:00" },
				discord: { state: "fatal", error_code: "auth", error_message: "Discord rejected the token" },
			},
		});
		expect(await verdict(request, "telegram")).toEqual({
			ok: true,
			state: "connected",
			message: "Telegram is connected.",
		});
		expect(await verdict(request, "discord")).toEqual({
			ok: false,
			state: "fatal",
			message: "Discord rejected the token",
		});
		// The fixture enables webhooks; the running gateway has not reported on them yet.
		expect(await verdict(request, "webhook")).toEqual({
			ok: false,
			state: "pending_restart",
			message: "Setup looks complete, but the gateway has not reported a connection yet. Restart the gateway.",
		});
		const listed = (await (await request("/api/messaging/platforms")).json()).platforms[0];
		expect(listed).toMatchObject({
			gateway_running: true,
			state: "connected",
			updated_at: "2026-11-23T23:00:00+00:00",
		});
	});
});

describe("catalogue", () => {
	it("every env var a card lists is unique and required ones are listed", () => {
		for (const entry of PLATFORM_CATALOG) {
			expect(new Set(entry.envVars).size, entry.id).toBe(entry.envVars.length);
			for (const key of entry.requiredEnv) expect(entry.envVars, entry.id).toContain(key);
		}
	});
});
