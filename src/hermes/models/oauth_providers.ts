/**
 * @module
 * The provider sign-in catalogue (api-contract-clients §3.8): which providers sign in
 * with OAuth (device code or PKCE) or an external CLI, their status from auth.json, the
 * profile's .env and `.anthropic_oauth.json`, and disconnecting a stored login.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readEnvValues } from "../env/dotenv.ts";
import { isMapping } from "../config/effective.ts";
import { readAuth, updateAuth } from "./auth_store.ts";

/** The pool entry source of a login made through this dashboard's PKCE flow. */
export const DASHBOARD_PKCE_SOURCE = "manual:dashboard_pkce";

export type OAuthFlow = "pkce" | "device_code" | "external";

export interface OAuthProvider {
	id: string;
	name: string;
	flow: OAuthFlow;
	cli_command: string;
	docs_url: string;
}

export const OAUTH_PROVIDERS: readonly OAuthProvider[] = [
	{
		id: "nous",
		name: "Nous Portal",
		flow: "device_code",
		cli_command: "hermes auth add nous",
		docs_url: "https://portal.nousresearch.com",
	},
	{
		id: "openai-codex",
		name: "OpenAI OAuth (ChatGPT)",
		flow: "device_code",
		cli_command: "hermes auth add openai-codex",
		docs_url: "",
	},
	{
		id: "qwen-oauth",
		name: "Qwen (via Qwen CLI)",
		flow: "external",
		cli_command: "hermes auth add qwen-oauth",
		docs_url: "",
	},
	{
		id: "minimax-oauth",
		name: "MiniMax (OAuth)",
		flow: "device_code",
		cli_command: "hermes auth add minimax-oauth",
		docs_url: "",
	},
	{
		id: "xai-oauth",
		name: "xAI Grok OAuth (SuperGrok / Premium+)",
		flow: "device_code",
		cli_command: "hermes auth add xai-oauth",
		docs_url: "",
	},
	{ id: "copilot-acp", name: "GitHub Copilot (ACP)", flow: "external", cli_command: "copilot /login", docs_url: "" },
	{
		id: "anthropic",
		name: "Anthropic API Key",
		flow: "pkce",
		cli_command: "hermes auth add anthropic",
		docs_url: "https://console.anthropic.com",
	},
	{
		id: "claude-code",
		name: "Anthropic OAuth: Required Extra Usage Credits to Use Subscription",
		flow: "external",
		cli_command: "claude setup-token",
		docs_url: "",
	},
];

export function oauthProvider(id: string): OAuthProvider | undefined {
	return OAUTH_PROVIDERS.find((provider) => provider.id === id);
}

/** `"…"` + the last 6 characters (of a JWT's last part); short values whole. */
export function tokenPreview(token: unknown): string {
	if (typeof token !== "string" || token === "") return "";
	const parts = token.split(".");
	const tail = parts.length === 3 ? parts[2]! : token;
	return tail.length <= 6 ? tail : `…${tail.slice(-6)}`;
}

export interface OAuthStatus {
	logged_in: boolean;
	source: string | null;
	source_label: string | null;
	token_preview: string;
	expires_at: string | number | null;
	has_refresh_token: boolean;
	error?: string;
}

const ENV_KEYS: Record<string, string> = { anthropic: "ANTHROPIC_API_KEY" };

export function providerStatus(
	home: string,
	provider: OAuthProvider,
	env: Record<string, string | undefined>,
): OAuthStatus {
	const empty: OAuthStatus = {
		logged_in: false,
		source: null,
		source_label: null,
		token_preview: "",
		expires_at: null,
		has_refresh_token: false,
	};
	if (provider.id === "anthropic") {
		const file = join(home, ".anthropic_oauth.json");
		if (existsSync(file)) {
			try {
				const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
				return {
					logged_in: typeof stored.accessToken === "string" && stored.accessToken !== "",
					source: "oauth_file",
					source_label: ".anthropic_oauth.json",
					token_preview: tokenPreview(stored.accessToken),
					expires_at: typeof stored.expiresAt === "number" ? stored.expiresAt : null,
					has_refresh_token: typeof stored.refreshToken === "string" && stored.refreshToken !== "",
				};
			} catch (error) {
				return { ...empty, error: String((error as Error).message) };
			}
		}
	}
	const stored = readAuth(home).providers;
	const entry = isMapping(stored) ? stored[provider.id] : undefined;
	if (isMapping(entry)) {
		const expires = entry.expires_at ?? entry.expires_at_ms ?? null;
		// Codex keeps its pair under `tokens`; the others at the top level.
		const tokens = isMapping(entry.tokens) ? entry.tokens : entry;
		return {
			logged_in: typeof tokens.access_token === "string" || typeof tokens.refresh_token === "string",
			source: provider.id === "nous" ? "nous_portal" : "auth_json",
			source_label:
				provider.id === "nous"
					? String(entry.portal_base_url ?? "https://portal.nousresearch.com")
					: "auth.json",
			token_preview: tokenPreview(tokens.access_token),
			expires_at: typeof expires === "string" || typeof expires === "number" ? expires : null,
			has_refresh_token: typeof tokens.refresh_token === "string" && tokens.refresh_token !== "",
		};
	}
	const envKey = ENV_KEYS[provider.id];
	const envValue = envKey === undefined ? undefined : (readEnvValues(join(home, ".env")).get(envKey) ?? env[envKey]);
	if (envKey !== undefined && envValue) {
		return {
			...empty,
			logged_in: true,
			source: "env_var",
			source_label: envKey,
			token_preview: tokenPreview(envValue),
		};
	}
	return empty;
}

/** Why a login cannot be removed here, or null when it can. */
export function disconnectHint(provider: OAuthProvider, status: OAuthStatus): string | null {
	if (provider.flow === "external") {
		return provider.id === "claude-code"
			? "Managed outside Hermes — run the disconnect command to remove it."
			: "Managed by that provider's CLI; remove it there.";
	}
	if (status.source === "env_var") return "Remove the API key from Settings → Keys instead.";
	return null;
}

export function providerRows(home: string, env: Record<string, string | undefined>) {
	return OAUTH_PROVIDERS.map((provider) => {
		let status: OAuthStatus;
		try {
			status = providerStatus(home, provider, env);
		} catch (error) {
			status = { logged_in: false, error: String((error as Error)?.message ?? error) } as OAuthStatus;
		}
		const hint = disconnectHint(provider, status);
		return {
			...provider,
			disconnect_hint: hint,
			disconnect_command: provider.id === "claude-code" ? "rm -f ~/.claude/.credentials.json" : null,
			disconnectable: hint === null,
			status,
		};
	});
}

/** Removes the stored login; returns whether something was removed. */
export async function disconnect(home: string, provider: OAuthProvider, nowMs: number): Promise<boolean> {
	let removed = false;
	if (provider.id === "anthropic" && existsSync(join(home, ".anthropic_oauth.json"))) {
		rmSync(join(home, ".anthropic_oauth.json"), { force: true });
		removed = true;
	}
	const auth = readAuth(home);
	const has = (section: unknown) => isMapping(section) && provider.id in section;
	if (!has(auth.providers) && !has(auth.credential_pool) && auth.active_provider !== provider.id) {
		return removed;
	}
	return updateAuth(home, nowMs, (data) => {
		const providers = data.providers;
		if (isMapping(providers) && provider.id in providers) {
			delete providers[provider.id];
			removed = true;
		}
		const pool = data.credential_pool;
		if (isMapping(pool) && Array.isArray(pool[provider.id])) {
			// Anthropic keeps its API-key entries: only the dashboard's own PKCE login goes.
			const kept =
				provider.id === "anthropic"
					? (pool[provider.id] as unknown[]).filter(
							(entry) => !isMapping(entry) || entry.source !== DASHBOARD_PKCE_SOURCE,
						)
					: [];
			removed ||= kept.length !== (pool[provider.id] as unknown[]).length;
			if (kept.length === 0) delete pool[provider.id];
			else pool[provider.id] = kept;
		}
		if (data.active_provider === provider.id) data.active_provider = null;
		return removed;
	});
}
