/**
 * @module
 * The refusal text for a gated bind with no provider (api-contract C.4). Wording follows
 * Hermes's so scripts and users recognise it.
 */
import type { SkippedProvider } from "./registry.ts";

export function failClosedExplanation(host: string, skipped: readonly SkippedProvider[]): string {
	const lines = [
		`Refusing to bind dashboard to ${host} — the auth gate engages on non-loopback binds, but no auth providers are registered.`,
		"",
	];
	if (skipped.length > 0) {
		lines.push("Bundled providers reported these issues:");
		for (const entry of skipped) {
			lines.push(`  • ${entry.name}: ${entry.reason}`);
		}
		lines.push("");
	}
	lines.push(
		"To fix this, configure at least one provider:",
		"  • Username & password: set dashboard.basic_auth.username and dashboard.basic_auth.password_hash",
		"    in config.yaml (or HERMES_DASHBOARD_BASIC_AUTH_USERNAME / HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH).",
		"    Make a hash with: hermes-dashboard hash-password  (reads the password from the terminal or stdin)",
		"  • Nous Portal OAuth: set dashboard.oauth.client_id (or HERMES_DASHBOARD_OAUTH_CLIENT_ID) to the",
		"    agent:<instance-id> client id from `hermes dashboard register`.",
		"  • An OAuth/OIDC provider plugin under <HERMES_HOME>/plugins/.",
		"",
		"There is no unauthenticated public-bind option — to use the dashboard without a login,",
		"bind 127.0.0.1 and tunnel in (SSH / Tailscale).",
	);
	return lines.join("\n");
}
