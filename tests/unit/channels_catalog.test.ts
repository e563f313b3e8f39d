/**
 * The generated platform catalogue is fresh: regenerating it from the reference gives
 * the committed module's data (run `node scripts/gen_channels.ts` when this fails).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DEFAULT_SOURCE, parseCatalog } from "../../scripts/gen_channels.ts";
import { PLATFORM_CATALOG } from "../../src/hermes/channels/catalog.ts";

describe("platform catalogue", () => {
	const generated = parseCatalog(readFileSync(DEFAULT_SOURCE, "utf8"));

	it("matches what the generator makes from hermes-home §11.2", () => {
		expect(PLATFORM_CATALOG).toEqual(generated);
	});

	it("holds the 31 platforms, the fixed display order first", () => {
		expect(generated.map((entry) => entry.id)).toEqual([
			"telegram",
			"discord",
			"slack",
			"mattermost",
			"matrix",
			"whatsapp",
			"signal",
			"bluebubbles",
			"homeassistant",
			"email",
			"sms",
			"dingtalk",
			"feishu",
			"google_chat",
			"wecom",
			"wecom_callback",
			"weixin",
			"qqbot",
			"yuanbao",
			"api_server",
			"webhook",
			"photon",
			"irc",
			"line",
			"teams",
			"msgraph_webhook",
			"ntfy",
			"raft",
			"relay",
			"simplex",
			"whatsapp_cloud",
		]);
	});

	it("expands the table's shorthand and excludes Keys-page variables", () => {
		const byId = new Map(generated.map((entry) => [entry.id, entry]));
		expect(byId.get("wecom_callback")?.envVars).toEqual([
			"WECOM_CALLBACK_CORP_ID",
			"WECOM_CALLBACK_CORP_SECRET",
			"WECOM_CALLBACK_AGENT_ID",
			"WECOM_CALLBACK_TOKEN",
			"WECOM_CALLBACK_ENCODING_AES_KEY",
		]);
		expect(byId.get("irc")?.requiredEnv).toEqual(["IRC_SERVER", "IRC_CHANNEL", "IRC_NICKNAME"]);
		expect(byId.get("teams")).toMatchObject({
			name: "Microsoft Teams",
			requiredEnv: ["TEAMS_CLIENT_ID", "TEAMS_CLIENT_SECRET", "TEAMS_TENANT_ID"],
		});
		expect(byId.get("qqbot")?.envVars).toContain("QQBOT_HOME_CHANNEL");
		const all = generated.flatMap((entry) => entry.envVars);
		expect(all).not.toContain("GATEWAY_ALLOW_ALL_USERS");
		expect(all).not.toContain("GATEWAY_PROXY_URL");
	});

	it("changes when the reference changes (the freshness check can fail)", () => {
		const edited = readFileSync(DEFAULT_SOURCE, "utf8").replace(
			"| telegram | Telegram | TELEGRAM_BOT_TOKEN |",
			"| telegram | Telegram | TELEGRAM_BOT_TOKEN, TELEGRAM_EXTRA |",
		);
		expect(parseCatalog(edited)).not.toEqual(PLATFORM_CATALOG);
	});
});
