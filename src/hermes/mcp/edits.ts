/**
 * @module
 * The `mcp_servers` edits the dashboard offers (api-contract A.8), with Hermes's checks
 * and texts: add (409 on a duplicate, the suspicious-command filter), whole-map replace,
 * remove, enable/disable.
 */
import { editServers, McpEditError } from "./store.ts";
import { suspiciousEntryIssues } from "./security.ts";
import { isMapping, type ServerConfig } from "./servers.ts";

export interface NewServer {
	name: string;
	url?: string | null;
	command?: string | null;
	args?: string[];
	env?: Record<string, string>;
	auth?: string | null;
}

/**
 * `__proto__` cannot be kept as a plain key through the YAML round trip (it would set
 * an object's prototype instead), so it is refused rather than silently dropped.
 */
const UNSTORABLE_NAME = "__proto__";

function refuseUnstorable(name: string): void {
	if (name === UNSTORABLE_NAME) {
		throw new McpEditError(400, `Server name '${name}' is not allowed`);
	}
}

/** The entry `POST /api/mcp/servers` writes: only the fields given (url/command trimmed, args only with a command). */
export function newServerConfig(input: NewServer): ServerConfig {
	const config: ServerConfig = {};
	if (input.url) {
		config.url = input.url.trim();
	}
	if (input.command) {
		config.command = input.command.trim();
		if (input.args !== undefined && input.args.length > 0) {
			config.args = [...input.args];
		}
	}
	if (input.env !== undefined && Object.keys(input.env).length > 0) {
		config.env = { ...input.env };
	}
	if (input.auth) {
		config.auth = input.auth;
	}
	return config;
}

/** Adds a server; returns the name and the entry written. */
export function addServer(
	configPath: string,
	env: Record<string, string | undefined>,
	input: NewServer,
): Promise<{ name: string; config: ServerConfig }> {
	const name = input.name.trim();
	if (name === "") {
		return Promise.reject(new McpEditError(400, "Server name is required"));
	}
	try {
		refuseUnstorable(name);
	} catch (error) {
		return Promise.reject(error);
	}
	return editServers(configPath, env, (servers) => {
		if (Object.hasOwn(servers, name)) {
			throw new McpEditError(409, `Server '${name}' already exists`);
		}
		if (!input.url && !input.command) {
			throw new McpEditError(400, "Provide either a URL (HTTP/SSE server) or a command (stdio server)");
		}
		const config = newServerConfig(input);
		if (suspiciousEntryIssues(name, config).length > 0) {
			throw new McpEditError(400, `Server '${name}' rejected: suspicious command/args configuration`);
		}
		servers[name] = config;
		return { servers, result: { name, config } };
	});
}

/** Writes a catalog-built entry (replacing any earlier one of that name). */
export function putServer(
	configPath: string,
	env: Record<string, string | undefined>,
	name: string,
	config: ServerConfig,
	refusal: string,
): Promise<void> {
	if (suspiciousEntryIssues(name, config).length > 0) {
		return Promise.reject(new McpEditError(400, refusal));
	}
	return editServers(configPath, env, (servers) => {
		servers[name] = config;
		return { servers, result: undefined };
	});
}

/** Replaces the whole map; every entry is checked first, and one bad entry refuses the lot. */
export function replaceServers(
	configPath: string,
	env: Record<string, string | undefined>,
	next: Record<string, unknown>,
): Promise<void> {
	const issues: string[] = Object.hasOwn(next, UNSTORABLE_NAME)
		? [`Server name '${UNSTORABLE_NAME}' is not allowed`]
		: [];
	for (const [name, config] of Object.entries(next)) {
		if (!isMapping(config)) {
			issues.push(`Server '${name}': expected an object`);
			continue;
		}
		issues.push(...suspiciousEntryIssues(name, config));
	}
	if (issues.length > 0) {
		return Promise.reject(new McpEditError(400, issues.join("; ")));
	}
	return editServers(configPath, env, () => ({
		servers: Object.keys(next).length > 0 ? { ...next } : null,
		result: undefined,
	}));
}

/** Removes a server; the key goes when the map becomes empty. */
export function removeServer(configPath: string, env: Record<string, string | undefined>, name: string): Promise<void> {
	return editServers(configPath, env, (servers) => {
		if (!Object.hasOwn(servers, name)) {
			throw new McpEditError(404, `Server '${name}' not found`);
		}
		delete servers[name];
		return { servers: Object.keys(servers).length > 0 ? servers : null, result: undefined };
	});
}

/** Sets `enabled` on a server. */
export function setServerEnabled(
	configPath: string,
	env: Record<string, string | undefined>,
	name: string,
	enabled: boolean,
): Promise<void> {
	return editServers(configPath, env, (servers) => {
		if (!Object.hasOwn(servers, name)) {
			throw new McpEditError(404, `Server '${name}' not found`);
		}
		const config = servers[name];
		if (!isMapping(config)) {
			throw new McpEditError(400, "Malformed server config");
		}
		config.enabled = enabled;
		return { servers, result: undefined };
	});
}
