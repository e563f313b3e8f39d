/**
 * @module
 * Nous Portal status (api-contract A.1 `GET /api/portal`, hermes-home §14): the login
 * stored under `providers.nous` in auth.json, the configured inference provider, and the
 * Tool Gateway routing table, read-only.
 *
 * Hermes resolves the routing with its subscription module (account entitlements
 * fetched from the Portal). Without Python or network we read what the files say: a
 * tool routes "via Nous Portal" when logged in and the tool's section opts into the
 * gateway (`use_gateway: true`), shows its direct backend when one is configured, and is
 * "not configured" otherwise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMapping } from "../config/effective.ts";
import { getPath, getString, type ConfigMapping } from "../config/yaml.ts";
import { readEnvValues } from "../env/dotenv.ts";

export const SUBSCRIPTION_URL = "https://portal.nousresearch.com/manage-subscription";

export interface PortalFeature {
	label: string;
	state: string;
}

export interface PortalStatus {
	logged_in: boolean;
	portal_url: string | null;
	inference_url: string | null;
	provider: string;
	subscription_url: string;
	features: PortalFeature[];
}

interface FeatureRule {
	label: string;
	/** The config section whose `use_gateway` opts into the Tool Gateway. */
	section: string;
	/** The direct backend, from config and env, or "" when none. */
	direct: (config: ConfigMapping, env: (name: string) => boolean) => string;
}

const FEATURES: FeatureRule[] = [
	{
		label: "Web tools",
		section: "web",
		direct: (config) => getString(config, "web.backend") || getString(config, "web.search_backend") || "",
	},
	{ label: "Image generation", section: "image_gen", direct: (_config, env) => (env("FAL_KEY") ? "FAL" : "") },
	{ label: "Video generation", section: "video_gen", direct: (_config, env) => (env("FAL_KEY") ? "FAL" : "") },
	{ label: "OpenAI TTS", section: "tts", direct: (config) => getString(config, "tts.provider") || "Edge TTS" },
	{ label: "Speech-to-text", section: "stt", direct: (config) => getString(config, "stt.provider") || "" },
	{
		label: "Browser automation",
		section: "browser",
		direct: (config) => getString(config, "browser.cloud_provider") || "Local browser",
	},
	{
		label: "Modal execution",
		section: "terminal",
		direct: (config) => (getString(config, "terminal.backend") === "modal" ? "Modal" : ""),
	},
];

function nousLogin(home: string): Record<string, unknown> | null {
	try {
		const data = JSON.parse(readFileSync(join(home, "auth.json"), "utf8")) as { providers?: unknown };
		const nous = isMapping(data.providers) ? data.providers.nous : undefined;
		return isMapping(nous) ? nous : null;
	} catch {
		return null;
	}
}

function stringOrNull(value: unknown): string | null {
	return typeof value === "string" && value !== "" ? value : null;
}

export function portalStatus(
	home: string,
	config: ConfigMapping,
	processEnv: Record<string, string | undefined>,
): PortalStatus {
	const login = nousLogin(home);
	const loggedIn =
		login !== null &&
		((typeof login.refresh_token === "string" && login.refresh_token !== "") ||
			(typeof login.access_token === "string" && login.access_token !== ""));
	const dotenv = readEnvValues(join(home, ".env"));
	const env = (name: string): boolean => (dotenv.get(name) ?? processEnv[name] ?? "").trim() !== "";
	const features = FEATURES.map((rule) => {
		const viaGateway = loggedIn && getPath(config, `${rule.section}.use_gateway`) === true;
		const direct = rule.direct(config, env);
		return { label: rule.label, state: viaGateway ? "via Nous Portal" : direct !== "" ? direct : "not configured" };
	});
	return {
		logged_in: loggedIn,
		portal_url: stringOrNull(login?.portal_base_url),
		inference_url: stringOrNull(login?.inference_base_url),
		provider: getString(config, "model.provider") ?? "",
		subscription_url: SUBSCRIPTION_URL,
		features,
	};
}
