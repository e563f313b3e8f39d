/**
 * @module
 * Messaging platforms ("Channels", hermes-home §11, api-contract A.9): each catalogue
 * platform's payload from `.env`, config.yaml and the gateway's runtime state, the
 * configure rules (allow-listed keys, Slack checks) and the Test answer. No network.
 */
import { join } from "node:path";
import { ENV_CATALOG, type EnvCatalogEntry } from "../env/catalog.ts";
import { readEnvValues } from "../env/dotenv.ts";
import { getPath, readConfigLenient, type ConfigMapping } from "../config/yaml.ts";
import { readGatewayStatus } from "../gateway/runtime.ts";
import { redactValue } from "../../security/redact.ts";
import { isTruthy, parseFlag } from "../../http/truthy.ts";
import { PLATFORM_CATALOG, type PlatformCatalogEntry } from "./catalog.ts";
import { readRuntimePlatforms } from "./runtime_state.ts";

export interface PlatformEnvVar {
	key: string;
	required: boolean;
	is_set: boolean;
	redacted_value: string | null;
	description: string;
	prompt: string;
	help: string;
	url: string | null;
	is_password: boolean;
	advanced: boolean;
}

export interface PlatformPayload {
	id: string;
	name: string;
	description: string;
	docs_url: string;
	enabled: boolean;
	configured: boolean;
	gateway_running: boolean;
	state: string;
	error_code: string | null;
	error_message: string | null;
	updated_at: string | null;
	home_channel: Record<string, unknown> | null;
	env_vars: PlatformEnvVar[];
	whatsapp_setup?: { mode: string; allowed_users_set: boolean; home_channel_set: boolean };
}

/** Where a request's platforms live; `scoped` = an explicit profile (its own files only, never the process env). */
export interface PlatformSource {
	home: string;
	scoped: boolean;
	processEnv: Record<string, string | undefined>;
}

const ENV_INFO = new Map<string, EnvCatalogEntry>(ENV_CATALOG.map((entry) => [entry.name, entry]));

/** Variables outside the §3.4 catalogue: secret when the name says so. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|_KEY$|AES_KEY)/;

export function findPlatform(id: string): PlatformCatalogEntry | undefined {
	return PLATFORM_CATALOG.find((entry) => entry.id === id);
}

function envInfo(key: string): Omit<PlatformEnvVar, "key" | "required" | "is_set" | "redacted_value"> {
	const info = ENV_INFO.get(key);
	return {
		description: info?.description ?? "",
		prompt: key,
		help: "",
		url: info?.url ?? null,
		is_password: info?.password ?? SECRET_NAME.test(key),
		advanced: info?.advanced ?? false,
	};
}

function mapping(value: unknown): ConfigMapping | null {
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ConfigMapping) : null;
}

/** `platforms.<id>` (top level wins over `gateway.platforms.<id>`). */
function platformConfig(config: ConfigMapping, id: string): ConfigMapping {
	return {
		...(mapping(getPath(config, `gateway.platforms.${id}`)) ?? {}),
		...(mapping(getPath(config, `platforms.${id}`)) ?? {}),
	};
}

/** Env variables that switch a platform on whatever config.yaml says (the gateway's env overrides). */
const ENABLE_SWITCHES: Readonly<Record<string, string>> = {
	whatsapp: "WHATSAPP_ENABLED",
	api_server: "API_SERVER_ENABLED",
	webhook: "WEBHOOK_ENABLED",
	msgraph_webhook: "MSGRAPH_WEBHOOK_ENABLED",
};

/** The values a card judges: the home's `.env`, plus the process env for the dashboard's own home. */
function envLookup(source: PlatformSource): (key: string) => string {
	const file = readEnvValues(join(source.home, ".env"));
	return (key) => file.get(key) || (source.scoped ? "" : (source.processEnv[key] ?? ""));
}

export function platformPayload(
	entry: PlatformCatalogEntry,
	source: PlatformSource,
	context: {
		config: ConfigMapping;
		running: boolean;
		gatewayState: string | null;
		exitReason: unknown;
		runtime: Record<string, Record<string, unknown>>;
	},
	lookup: (key: string) => string,
): PlatformPayload {
	const envVars: PlatformEnvVar[] = entry.envVars.map((key) => {
		const value = lookup(key);
		return {
			key,
			required: entry.requiredEnv.includes(key),
			is_set: value !== "",
			redacted_value: value === "" ? null : redactValue(value),
			...envInfo(key),
		};
	});
	const settings = platformConfig(context.config, entry.id);
	const configured = entry.requiredEnv.every((key) => lookup(key) !== "");
	let enabled: boolean;
	if (typeof settings.enabled === "boolean") {
		enabled = settings.enabled;
	} else {
		// Implicit enable: the main credential is set and config.yaml does not say no.
		const main = entry.requiredEnv[0];
		enabled = !source.scoped && settings.enabled === undefined && main !== undefined && lookup(main) !== "";
	}
	if (!source.scoped) {
		// The gateway's env switches win over config.yaml (a profile view reads config only).
		const switchKey = Object.hasOwn(ENABLE_SWITCHES, entry.id) ? ENABLE_SWITCHES[entry.id]! : null;
		if (switchKey !== null && isTruthy(lookup(switchKey))) enabled = true;
		if (entry.id === "api_server" && lookup("API_SERVER_KEY") !== "") enabled = true;
		if (entry.id === "whatsapp" && parseFlag(lookup("WHATSAPP_ENABLED")) === false) enabled = false;
	}
	const homeChannel = mapping(settings.home_channel);
	const runtime = Object.hasOwn(context.runtime, entry.id) ? context.runtime[entry.id]! : {};
	const runtimeState = typeof runtime.state === "string" && runtime.state !== "" ? runtime.state : null;
	let errorCode = typeof runtime.error_code === "string" ? runtime.error_code : null;
	let errorMessage = typeof runtime.error_message === "string" ? runtime.error_message : null;
	let state: string;
	if (!enabled) {
		state = "disabled";
	} else if (!configured) {
		state = "not_configured";
	} else if (context.running) {
		state = runtimeState ?? "pending_restart";
	} else if (context.gatewayState === "startup_failed") {
		state = "startup_failed";
		errorCode = errorCode ?? "startup_failed";
		errorMessage = errorMessage ?? (typeof context.exitReason === "string" ? context.exitReason : null);
	} else {
		state = "gateway_stopped";
	}
	const payload: PlatformPayload = {
		id: entry.id,
		name: entry.name,
		description: entry.description,
		docs_url: entry.docsUrl,
		enabled,
		configured,
		gateway_running: context.running,
		state,
		error_code: errorCode,
		error_message: errorMessage,
		updated_at: typeof runtime.updated_at === "string" ? runtime.updated_at : null,
		home_channel: homeChannel,
		env_vars: envVars,
	};
	if (entry.id === "whatsapp") {
		const mode = lookup("WHATSAPP_MODE").trim();
		payload.whatsapp_setup = {
			mode: mode === "bot" || mode === "self-chat" ? mode : "",
			allowed_users_set: lookup("WHATSAPP_ALLOWED_USERS").trim() !== "",
			home_channel_set: homeChannel !== null,
		};
	}
	return payload;
}

/** Every catalogue platform's payload for one home. */
export function listPlatforms(source: PlatformSource, only?: PlatformCatalogEntry): PlatformPayload[] {
	const config = readConfigLenient(join(source.home, "config.yaml"));
	const gateway = readGatewayStatus(source.home, config);
	const runtimeFile = readRuntimePlatforms(source.home);
	const context = {
		config,
		running: gateway.running,
		gatewayState: runtimeFile.gatewayState,
		exitReason: runtimeFile.exitReason,
		runtime: runtimeFile.platforms,
	};
	const lookup = envLookup(source);
	return (only === undefined ? PLATFORM_CATALOG : [only]).map((entry) =>
		platformPayload(entry, source, context, lookup),
	);
}

const SLACK_MEMBER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Values that are clearly in the wrong field (Slack only); the message, or null when fine. */
export function invalidValue(platformId: string, key: string, value: string): string | null {
	if (platformId !== "slack" || value === "") return null;
	if (key === "SLACK_BOT_TOKEN" && !value.startsWith("xoxb-")) {
		return "Slack Bot Token must start with xoxb-. Paste the bot token from OAuth & Permissions.";
	}
	if (key === "SLACK_APP_TOKEN" && !value.startsWith("xapp-")) {
		return "Slack App Token must start with xapp-. Paste the app-level token from Basic Information > App-Level Tokens.";
	}
	if (key === "SLACK_ALLOWED_USERS") {
		const ids = value
			.split(",")
			.map((part) => part.trim())
			.filter((part) => part !== "");
		if (ids.some((id) => id !== "*" && !SLACK_MEMBER_ID.test(id))) {
			return "Slack allowed user IDs must be comma-separated member IDs like U01ABC2DEF3.";
		}
	}
	return null;
}

/** The Test button's verdict (A.9): state only, no network. */
export function testVerdict(payload: PlatformPayload): { ok: boolean; state: string; message: string } {
	const answer = (ok: boolean, message: string) => ({ ok, state: payload.state, message });
	if (!payload.enabled) {
		return answer(false, `${payload.name} is disabled. Enable it, then restart the gateway.`);
	}
	if (!payload.configured) {
		const missing = payload.env_vars.filter((field) => field.required && !field.is_set).map((field) => field.key);
		return answer(
			false,
			missing.length > 0 ? `Missing required setup: ${missing.join(", ")}` : "Platform setup is incomplete.",
		);
	}
	if (!payload.gateway_running) {
		return answer(false, "Gateway is not running. Restart the gateway to connect this platform.");
	}
	if (payload.state === "connected") {
		return answer(true, `${payload.name} is connected.`);
	}
	if (payload.error_message) {
		return answer(false, payload.error_message);
	}
	return answer(
		false,
		"Setup looks complete, but the gateway has not reported a connection yet. Restart the gateway.",
	);
}

/** `hermes [-p <profile>] gateway start`, as the page shows it. */
export function gatewayStartCommand(profile: string | null): string {
	return profile === null ? "hermes gateway start" : `hermes -p ${profile} gateway start`;
}
