/**
 * @module
 * Everything between parsed options and a servable app, shared by the Node and Deno
 * entries: the home, the security mode, the provider registry and the fail-closed rule.
 */
import { readFileSync } from "node:fs";
import { ensureHome, homePaths } from "./hermes/home/paths.ts";
import { getPath, getString, readConfigLenient } from "./hermes/config/yaml.ts";
import { decideSecurityMode } from "./security/mode.ts";
import { createSessionToken } from "./security/session_token.ts";
import { ProviderRegistry } from "./auth/registry.ts";
import { failClosedExplanation } from "./auth/fail_closed.ts";
import { WSTicketStore } from "./auth/tickets.ts";
import { normalizePublicURL } from "./auth/external_url.ts";
import { envValue, type DashboardOptions } from "./options.ts";
import type { AppContext } from "./context.ts";
import { fixedClock, parsePinnedNow, systemClock, type Clock } from "./hermes/home/clock.ts";
import { parseFlag } from "./http/truthy.ts";

export const DASHBOARD_VERSION: string = (
	JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export type Prepared =
	| { ok: true; app: AppContext; createdHome: boolean; warnings: string[] }
	| { ok: false; message: string };

export function insecureWarning(host: string): string {
	const bar = "!".repeat(78);
	return [
		bar,
		`WARNING: --insecure on ${host}: the login gate is OFF. Anyone who can reach this`,
		"address and read the page gets full control of this Hermes home (API keys, config,",
		"a terminal). Use it only on a network you fully trust; prefer 127.0.0.1 + a tunnel.",
		bar,
	].join("\n");
}

/** Trust X-Forwarded-* from a proxy: flag/env, config, or automatically on Fly.io. */
export function trustsProxyHeaders(
	options: DashboardOptions,
	env: Record<string, string | undefined>,
	config: Record<string, unknown>,
): boolean {
	const flag = parseFlag(envValue(env, "HERMES_DASHBOARD_TRUST_PROXY_HEADERS"));
	if (options.trustProxyHeaders === true || flag === true) {
		return true;
	}
	if (flag === false) {
		return false;
	}
	return getPath(config, "dashboard.trust_proxy_headers") === true || envValue(env, "FLY_APP_NAME") !== undefined;
}

/**
 * Builds the app context. Gated binds also register the bundled providers and the auth
 * plugins from `<home>/plugins/` (imported only then, so loopback starts never pay for
 * them) and refuse to start, with the explanation, when none registered.
 */
export async function prepareDashboardWithPlugins(
	options: DashboardOptions,
	env: Record<string, string | undefined>,
): Promise<Prepared> {
	const pinned = envValue(env, "HERMES_DASHBOARD_NOW");
	let clock: Clock = systemClock;
	if (pinned !== undefined) {
		const ms = parsePinnedNow(pinned);
		if (ms === null) {
			return {
				ok: false,
				message: `HERMES_DASHBOARD_NOW=${JSON.stringify(pinned)} is not epoch seconds or an ISO 8601 time with a zone (e.g. 2026-11-23T23:19:46Z)`,
			};
		}
		clock = fixedClock(ms);
	}
	const prepared = prepareContext(options, env, clock);
	if (prepared.app.mode !== "gated") {
		return prepared;
	}
	const { app, warnings } = prepared;
	const config = readConfigLenient(homePaths(options.home).config);
	const { registerBundledProviders } = await import("./auth/bundled.ts");
	const { loadAuthPlugins, registerAuthPlugins } = await import("./auth/plugins.ts");
	registerBundledProviders(app.providers, { config, env, clock: app.clock });
	const plugins = await loadAuthPlugins(options.home);
	const pluginErrors = [...plugins.errors];
	pluginErrors.push(
		...(await registerAuthPlugins(app.providers, plugins.plugins, {
			config,
			env,
			home: options.home,
			clock: app.clock,
		})),
	);
	warnings.push(...pluginErrors.map((error) => `[hermes-dashboard] ${error}`));
	if (app.providers.size === 0) {
		const message = failClosedExplanation(options.host, app.providers.skipped());
		return {
			ok: false,
			message:
				pluginErrors.length > 0
					? `${message}\n\nAuth plugin problems:\n${pluginErrors.map((e) => `  • ${e}`).join("\n")}`
					: message,
		};
	}
	app.publicURL =
		normalizePublicURL(envValue(env, "HERMES_DASHBOARD_PUBLIC_URL"), "HERMES_DASHBOARD_PUBLIC_URL") ??
		normalizePublicURL(getString(config, "dashboard.public_url"), "dashboard.public_url");
	app.trustProxyHeaders = trustsProxyHeaders(options, env, config);
	return prepared;
}

/** The context every mode needs: home, security mode, token, an empty provider registry. */
function prepareContext(
	options: DashboardOptions,
	env: Record<string, string | undefined>,
	clock: Clock,
): Extract<Prepared, { ok: true }> {
	const createdHome = ensureHome(options.home);
	const mode = decideSecurityMode(options.host, options.insecure);
	const warnings: string[] = [];
	if (mode === "insecure") {
		warnings.push(insecureWarning(options.host));
	}
	return {
		ok: true,
		createdHome,
		warnings,
		app: {
			home: options.home,
			host: options.host,
			port: options.port,
			mode,
			sessionToken: createSessionToken(options.sessionToken),
			providers: new ProviderRegistry(clock),
			env,
			version: DASHBOARD_VERSION,
			wsTickets: new WSTicketStore(clock),
			readinessChecks: [],
			clock,
			publicURL: undefined,
			trustProxyHeaders: false,
		},
	};
}

/** `http://host:port`, IPv6 bracketed; wildcard binds shown as 127.0.0.1. */
export function displayURL(host: string, port: number): string {
	const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
	return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}
