/**
 * @module
 * Registration of the bundled providers from config.yaml and the environment. Each
 * provider that is not configured records why, for the fail-closed start message.
 */
import { envValue } from "../options.ts";
import { getString, type ConfigMapping } from "../hermes/config_yaml.ts";
import type { ProviderRegistry } from "./registry.ts";

export interface BundledInput {
	config: ConfigMapping;
	env: Record<string, string | undefined>;
}

/** Looks at each bundled provider's settings; registers those that are configured. */
export function registerBundledProviders(registry: ProviderRegistry, input: BundledInput): void {
	const clientID = envValue(input.env, "HERMES_DASHBOARD_OAUTH_CLIENT_ID") ??
		getString(input.config, "dashboard.oauth.client_id");
	if (clientID === undefined) {
		registry.skip(
			"nous",
			"no OAuth client id — set HERMES_DASHBOARD_OAUTH_CLIENT_ID or dashboard.oauth.client_id in config.yaml",
		);
	} else if (!clientID.startsWith("agent:")) {
		registry.skip("nous", `OAuth client id ${JSON.stringify(clientID)} must start with "agent:" (HERMES_DASHBOARD_OAUTH_CLIENT_ID)`);
	} else {
		registry.skip("nous", "the Nous Portal provider is not available in this version of the dashboard yet");
	}
	const username = envValue(input.env, "HERMES_DASHBOARD_BASIC_AUTH_USERNAME") ??
		getString(input.config, "dashboard.basic_auth.username");
	if (username !== undefined) {
		registry.skip("basic", "the username/password provider is not available in this version of the dashboard yet");
	}
}
