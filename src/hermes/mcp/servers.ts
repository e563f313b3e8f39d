/**
 * @module
 * Reading `mcp_servers` from config.yaml (hermes-home §8.1) and the summary the API hands
 * out: env values masked with the §3.3 preview rule, secret-looking text in the URL or
 * args masked too, so no response carries a credential.
 */
import { readConfigLenient } from "../config/yaml.ts";
import { redactSecrets, redactValue } from "../../security/redact.ts";

export type ServerConfig = Record<string, unknown>;

export interface ServerSummary {
	name: string;
	transport: "http" | "stdio" | "unknown";
	url: string | null;
	command: string | null;
	args: string[];
	env: Record<string, string>;
	auth: unknown;
	enabled: boolean;
	tools: unknown;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The `mcp_servers` map of a parsed config (`{}` when absent or not a mapping). */
export function serversOf(config: Record<string, unknown>): Record<string, unknown> {
	const servers = config.mcp_servers;
	return isMapping(servers) ? servers : {};
}

/** The servers in config.yaml; an unreadable or broken file reads as none, as Hermes's `load_config` falls back. */
export function readServers(configPath: string): Record<string, unknown> {
	return serversOf(readConfigLenient(configPath));
}

/** Python's `str()` for the scalars YAML gives. */
function pythonString(value: unknown): string {
	if (typeof value === "boolean") {
		return value ? "True" : "False";
	}
	if (value === null || value === undefined) {
		return "None";
	}
	return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Hermes's `_redact_mcp_env`: an empty value shows as "", anything else as its masked preview. */
export function redactServerEnv(env: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isMapping(env)) {
		return out;
	}
	for (const [key, value] of Object.entries(env)) {
		const empty = value === null || value === undefined || value === "" || value === false || value === 0;
		out[key] = empty ? "" : redactValue(pythonString(value));
	}
	return out;
}

function optionalString(value: unknown): string | null {
	if (value === null || value === undefined) {
		return null;
	}
	return typeof value === "string" ? value : pythonString(value);
}

/** `transport`: http when a URL is set, stdio when a command is, else unknown. */
export function transportOf(config: ServerConfig): ServerSummary["transport"] {
	return config.url ? "http" : config.command ? "stdio" : "unknown";
}

/** Hermes's `_mcp_server_summary`, with credentials in URLs and args masked as well. */
export function serverSummary(name: string, raw: unknown): ServerSummary {
	const config: ServerConfig = isMapping(raw) ? raw : {};
	const url = optionalString(config.url);
	const args = Array.isArray(config.args) ? config.args.map((arg) => redactSecrets(pythonString(arg))) : [];
	return {
		name,
		transport: transportOf(config),
		url: url === null ? null : redactSecrets(url),
		command: optionalString(config.command),
		args,
		env: redactServerEnv(config.env),
		auth: config.auth ?? null,
		enabled: config.enabled !== false,
		tools: config.tools ?? null,
	};
}

/** Every server's summary, sorted by name (Python's code-point order). */
export function serverSummaries(servers: Record<string, unknown>): ServerSummary[] {
	return Object.keys(servers)
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
		.map((name) => serverSummary(name, servers[name]));
}

/** A header value that only names variables (`Bearer ${API_KEY}`) carries no secret itself. */
const TEMPLATE_ONLY = /^\s*(?:(?:Bearer|Token|Basic)\s+)?(?:\$\{[^}]+\}\s*)+$/i;

/** HTTP headers for display: literal values masked with the §3.3 preview rule, pure `${VAR}` references shown. */
export function redactServerHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isMapping(headers)) {
		return out;
	}
	for (const [key, value] of Object.entries(headers)) {
		const text = pythonString(value);
		out[key] =
			value === null || value === undefined || text === ""
				? ""
				: TEMPLATE_ONLY.test(text)
					? text
					: redactValue(text);
	}
	return out;
}

/** What the page shows of a server: its summary plus its masked headers. */
export interface ServerView extends ServerSummary {
	headers: Record<string, string>;
}

export function serverViews(servers: Record<string, unknown>): ServerView[] {
	return serverSummaries(servers).map((summary) => {
		const raw = servers[summary.name];
		return { ...summary, headers: redactServerHeaders(isMapping(raw) ? raw.headers : undefined) };
	});
}
