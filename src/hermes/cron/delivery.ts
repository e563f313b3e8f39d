/**
 * @module
 * Where a cron job can deliver (hermes-home §6.5, `cron_delivery_targets`): `local`
 * always, then each connected platform that has a home-target variable, in Hermes's
 * order, saying whether its home channel is set.
 *
 * "Connected" follows the gateway's rule in its simple form: the platform is not
 * switched off in config.yaml and its credential is present (`.env`, the environment,
 * or `platforms.<id>.token`); a credential enables it implicitly.
 */
import { readConfigLenient } from "../config/yaml.ts";
import { readDotenvValues } from "../config/template_env.ts";
import { homePaths } from "../home/paths.ts";

export interface DeliveryTarget {
	id: string;
	name: string;
	home_target_set: boolean;
	home_env_var: string | null;
}

/** Platforms with a home target, in Hermes's order, with their home-channel variable. */
const HOME_TARGET_VARS: readonly [platform: string, variable: string][] = [
	["matrix", "MATRIX_HOME_ROOM"],
	["telegram", "TELEGRAM_HOME_CHANNEL"],
	["discord", "DISCORD_HOME_CHANNEL"],
	["slack", "SLACK_HOME_CHANNEL"],
	["signal", "SIGNAL_HOME_CHANNEL"],
	["mattermost", "MATTERMOST_HOME_CHANNEL"],
	["sms", "SMS_HOME_CHANNEL"],
	["email", "EMAIL_HOME_ADDRESS"],
	["dingtalk", "DINGTALK_HOME_CHANNEL"],
	["feishu", "FEISHU_HOME_CHANNEL"],
	["wecom", "WECOM_HOME_CHANNEL"],
	["weixin", "WEIXIN_HOME_CHANNEL"],
	["bluebubbles", "BLUEBUBBLES_HOME_CHANNEL"],
	["qqbot", "QQBOT_HOME_CHANNEL"],
	["whatsapp", "WHATSAPP_HOME_CHANNEL"],
	["whatsapp_cloud", "WHATSAPP_CLOUD_HOME_CHANNEL"],
];

const LEGACY_HOME_VARS: Record<string, string> = { QQBOT_HOME_CHANNEL: "QQ_HOME_CHANNEL" };

/** Each platform's main credential variable (the ones Hermes's `.env` catalogue names). */
const CREDENTIAL_VARS: Record<string, string> = {
	telegram: "TELEGRAM_BOT_TOKEN",
	discord: "DISCORD_BOT_TOKEN",
	slack: "SLACK_BOT_TOKEN",
	mattermost: "MATTERMOST_TOKEN",
	matrix: "MATRIX_ACCESS_TOKEN",
};

export const LOCAL_TARGET: DeliveryTarget = {
	id: "local",
	name: "Local (save only)",
	home_target_set: true,
	home_env_var: null,
};

function titleCase(id: string): string {
	return id
		.split("_")
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(" ");
}

/** `GET /api/cron/delivery-targets`'s list for a home. */
export function deliveryTargets(home: string, env: Record<string, string | undefined>): DeliveryTarget[] {
	const dotenv = readDotenvValues(home);
	const lookup = (name: string): string => (env[name] ?? dotenv[name] ?? "").trim();
	const config = readConfigLenient(homePaths(home).config);
	const platforms = (config.platforms ?? {}) as Record<string, unknown>;
	const targets: DeliveryTarget[] = [LOCAL_TARGET];
	for (const [platform, variable] of HOME_TARGET_VARS) {
		const settings = (platforms[platform] ?? {}) as Record<string, unknown>;
		const credentialVar = CREDENTIAL_VARS[platform];
		const credential = (credentialVar !== undefined && lookup(credentialVar) !== "") || Boolean(settings.token);
		const enabled = settings.enabled === true || (settings.enabled !== false && credential);
		if (!enabled || !credential) {
			continue;
		}
		const homeChannel = settings.home_channel as Record<string, unknown> | undefined;
		const legacy = LEGACY_HOME_VARS[variable];
		const homeSet =
			lookup(variable) !== "" || (legacy !== undefined && lookup(legacy) !== "") || Boolean(homeChannel?.chat_id);
		targets.push({ id: platform, name: titleCase(platform), home_target_set: homeSet, home_env_var: variable });
	}
	return targets;
}
