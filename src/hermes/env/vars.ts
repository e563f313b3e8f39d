/**
 * @module
 * The `/api/env` payload (hermes-home §3.3): one row per known variable (static
 * catalogue, provider catalogue, provider plugins) plus every other key in `.env`.
 * Values never leave this module unmasked except through `revealEnvValue()`.
 */
import { ENV_CATALOG, type EnvCatalogEntry } from "./catalog.ts";
import { CHANNEL_PREFIXES, KEYS_PAGE_MESSAGING, PROVIDER_VARS } from "./providers.ts";
import { ENV_NAME } from "./dotenv.ts";
import { redactValue } from "../../security/redact.ts";

export interface EnvRow {
	is_set: boolean;
	redacted_value: string | null;
	description: string;
	url: string | null;
	category: string;
	is_password: boolean;
	tools: string[];
	advanced: boolean;
	channel_managed: boolean;
	provider: string;
	provider_label: string;
	custom: boolean;
}

const PROVIDER_OF = new Map<string, { id: string; label: string }>();
for (const provider of PROVIDER_VARS) {
	for (const name of provider.vars) {
		PROVIDER_OF.set(name, { id: provider.id, label: provider.label });
	}
}

function isChannelManaged(name: string): boolean {
	return !KEYS_PAGE_MESSAGING.has(name) && CHANNEL_PREFIXES.some((prefix) => name.startsWith(prefix));
}

function isURLish(name: string): boolean {
	return /_(URL|BASE_URL|REGION|PROFILE|PATH)$/.test(name);
}

/** Every known variable: the static catalogue first, then provider vars it lacks. */
function knownEntries(): EnvCatalogEntry[] {
	const entries: EnvCatalogEntry[] = [...ENV_CATALOG];
	const seen = new Set(entries.map((entry) => entry.name));
	for (const provider of PROVIDER_VARS) {
		for (const name of provider.vars) {
			if (seen.has(name)) {
				continue;
			}
			seen.add(name);
			const url = name.endsWith("_URL");
			entries.push({
				name,
				category: "provider",
				password: !isURLish(name),
				advanced: true,
				tools: [],
				url: null,
				description: url ? `${provider.label} base URL override` : `${provider.label} API key`,
			});
		}
	}
	return entries;
}

const KNOWN: readonly EnvCatalogEntry[] = knownEntries();

/** The `/api/env` object, keyed by variable name, in catalogue order then file order. */
export function envRows(values: Map<string, string>): Record<string, EnvRow> {
	// No prototype: a .env key named `__proto__` or `constructor` is a row like any other.
	const rows: Record<string, EnvRow> = Object.create(null);
	function mask(name: string): { is_set: boolean; redacted_value: string | null } {
		const value = values.get(name) ?? "";
		return { is_set: value !== "", redacted_value: value === "" ? null : redactValue(value) };
	}
	for (const entry of KNOWN) {
		const provider = PROVIDER_OF.get(entry.name);
		rows[entry.name] = {
			...mask(entry.name),
			description: entry.description,
			url: entry.url,
			category: entry.category,
			is_password: entry.password,
			tools: [...entry.tools],
			advanced: entry.advanced,
			channel_managed: entry.category === "messaging" && isChannelManaged(entry.name),
			provider: provider?.id ?? "",
			provider_label: provider?.label ?? "",
			custom: false,
		};
	}
	for (const name of values.keys()) {
		if (Object.hasOwn(rows, name) || !ENV_NAME.test(name)) {
			continue;
		}
		// A key a Channels card owns is that card's, not a custom key (§3.3).
		const channel = isChannelManaged(name);
		rows[name] = {
			...mask(name),
			description: "",
			url: null,
			category: channel ? "messaging" : "custom",
			is_password: channel ? /_(TOKEN|SECRET|KEY|PASSWORD|JSON)$/.test(name) : true,
			tools: [],
			advanced: false,
			channel_managed: channel,
			provider: "",
			provider_label: "",
			custom: !channel,
		};
	}
	return rows;
}

/** True when `value` is exactly what the page showed for the current value (a masked round trip). */
export function isRedactedEcho(value: string, current: string | undefined): boolean {
	if (value === "***") {
		return true;
	}
	return current !== undefined && current !== "" && value === redactValue(current);
}
