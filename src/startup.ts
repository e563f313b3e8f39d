/**
 * @module
 * Everything between parsed options and a servable app, shared by the Node and Deno
 * entries: the home, the security mode, the provider registry and the fail-closed rule.
 */
import { readFileSync } from "node:fs";
import { ensureHome, homePaths } from "./hermes/home.ts";
import { readConfigLenient } from "./hermes/config_yaml.ts";
import { decideSecurityMode } from "./security/mode.ts";
import { createSessionToken } from "./security/session_token.ts";
import { ProviderRegistry } from "./auth/registry.ts";
import { registerBundledProviders } from "./auth/bundled.ts";
import { failClosedExplanation } from "./auth/fail_closed.ts";
import { WSTicketStore } from "./auth/tickets.ts";
import type { DashboardOptions } from "./options.ts";
import type { AppContext } from "./context.ts";

export const DASHBOARD_VERSION: string = (JSON.parse(
	readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string }).version;

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

/** Builds the app context, or the refusal text when a gated bind has no provider. */
export function prepareDashboard(options: DashboardOptions, env: Record<string, string | undefined>): Prepared {
	const createdHome = ensureHome(options.home);
	const mode = decideSecurityMode(options.host, options.insecure);
	const providers = new ProviderRegistry();
	const warnings: string[] = [];
	if (mode === "gated") {
		registerBundledProviders(providers, { config: readConfigLenient(homePaths(options.home).config), env });
		if (providers.size === 0) {
			return { ok: false, message: failClosedExplanation(options.host, providers.skipped()) };
		}
	}
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
			providers,
			env,
			version: DASHBOARD_VERSION,
			wsTickets: new WSTicketStore(),
			readinessChecks: [],
		},
	};
}

/** `http://host:port`, IPv6 bracketed; wildcard binds shown as 127.0.0.1. */
export function displayURL(host: string, port: number): string {
	const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
	return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}
