/**
 * @module
 * Registration of the bundled providers from config.yaml and the environment: Nous
 * Portal OAuth, username/password, and generic self-hosted OIDC. Each provider that is
 * not configured records why, for the fail-closed start message.
 */
import type { ConfigMapping } from "../hermes/config/yaml.ts";
import { basicFromConfig } from "./basic.ts";
import { nousFromConfig } from "./nous.ts";
import { selfHostedFromConfig } from "./oidc.ts";
import { drainFromEnv } from "./drain_secret.ts";
import type { ProviderRegistry } from "./registry.ts";
import type { Clock } from "../hermes/home/clock.ts";

export interface BundledInput {
	config: ConfigMapping;
	env: Record<string, string | undefined>;
	/** The app's clock: token expiry is judged by it. */
	clock: Clock;
}

/** Looks at each bundled provider's settings; registers those that are configured. */
export function registerBundledProviders(registry: ProviderRegistry, input: BundledInput): void {
	const nous = nousFromConfig(input.config, input.env, input.clock);
	if ("skip" in nous) {
		registry.skip("nous", nous.skip);
	} else {
		registry.register(nous);
	}
	const basic = basicFromConfig(input.config, input.env, input.clock);
	if ("skip" in basic) {
		registry.skip("basic", basic.skip);
	} else {
		registry.register(basic);
	}
	const selfHosted = selfHostedFromConfig(input.config, input.env, input.clock);
	if (selfHosted !== null && "skip" in selfHosted) {
		registry.skip("self-hosted", selfHosted.skip);
	} else if (selfHosted !== null) {
		registry.register(selfHosted);
	}
	const drain = drainFromEnv(input.env);
	if (drain !== null && "skip" in drain) {
		registry.skip("drain-secret", drain.skip);
	} else if (drain !== null) {
		registry.register(drain);
	}
}
