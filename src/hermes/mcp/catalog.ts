/**
 * @module
 * The Nous-approved MCP catalog (hermes-home §8.2): `optional-mcps/<name>/manifest.yaml`
 * in the Hermes install (or `HERMES_OPTIONAL_MCPS`). Presence means approval. Manifests
 * are validated as Hermes validates them; a bad one is skipped and reported as a
 * diagnostic, and a machine without a Hermes install has an empty catalog with a
 * diagnostic saying so.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { findHermesInstall } from "../home/install.ts";
import { yamlLib } from "../config/yaml_lib.ts";
import { isMapping, type ServerConfig } from "./servers.ts";

export interface EnvSpec {
	name: string;
	prompt: string;
	required: boolean;
	secret: boolean;
	default: string;
}

export interface CatalogEntry {
	name: string;
	description: string;
	source: string;
	transport: {
		type: "stdio" | "http";
		command: string | null;
		args: string[];
		url: string | null;
		env: Record<string, string>;
	};
	auth: { type: "api_key" | "oauth" | "none"; env: EnvSpec[]; provider: string | null };
	defaultEnabled: string[] | null;
	install: { url: string; ref: string; bootstrap: string[] } | null;
	postInstall: string;
}

export interface CatalogDiagnostic {
	name: string;
	kind: "future_manifest" | "invalid" | "unavailable";
	message: string;
}

export interface Catalog {
	entries: CatalogEntry[];
	diagnostics: CatalogDiagnostic[];
}

const MANIFEST_VERSION = 1;
const ENTRY_NAME = /^[A-Za-z0-9_-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class ManifestError extends Error {}

/** Where the catalog lives for a home, or null when no Hermes install is found. */
export function catalogRoot(home: string, env: Record<string, string | undefined>): string | null {
	const override = (env.HERMES_OPTIONAL_MCPS ?? "").trim();
	if (override !== "") {
		return override;
	}
	const install = findHermesInstall(home, env);
	return install.root === null ? null : join(install.root, "optional-mcps");
}

function text(value: unknown): string {
	return value === null || value === undefined ? "" : String(value);
}

function envSpec(raw: unknown): EnvSpec {
	if (!isMapping(raw)) {
		throw new ManifestError(`env entry must be a mapping, got ${Array.isArray(raw) ? "list" : typeof raw}`);
	}
	const name = text(raw.name);
	if (!ENV_NAME.test(name)) {
		throw new ManifestError(`invalid env var name: '${name}'`);
	}
	return {
		name,
		prompt: text(raw.prompt) || name,
		required: raw.required === undefined ? true : Boolean(raw.required),
		secret: raw.secret === undefined ? true : Boolean(raw.secret),
		default: text(raw.default),
	};
}

/** Validates one manifest as Hermes's `_parse_manifest` does. */
export function parseManifest(source: string, where: string): CatalogEntry {
	let data: unknown;
	try {
		data = yamlLib().parse(source, { version: "1.1" }) ?? {};
	} catch (error) {
		throw new ManifestError(`failed to read ${where}: ${(error as Error).message.split("\n")[0]}`);
	}
	if (!isMapping(data)) {
		throw new ManifestError(`${where}: manifest must be a mapping`);
	}
	if (data.manifest_version !== MANIFEST_VERSION) {
		throw new ManifestError(
			`${where}: manifest_version ${JSON.stringify(data.manifest_version ?? null)} unsupported (this Hermes understands version ${MANIFEST_VERSION})`,
		);
	}
	const name = text(data.name);
	if (!ENTRY_NAME.test(name)) {
		throw new ManifestError(`${where}: invalid or missing 'name'`);
	}
	const description = text(data.description).trim();
	if (description === "") {
		throw new ManifestError(`${where}: 'description' required`);
	}
	const transport = data.transport ?? {};
	if (!isMapping(transport)) {
		throw new ManifestError(`${where}: 'transport' must be a mapping`);
	}
	if (transport.type !== "stdio" && transport.type !== "http") {
		throw new ManifestError(`${where}: transport.type must be 'stdio' or 'http'`);
	}
	const args = transport.args ?? [];
	if (!Array.isArray(args)) {
		throw new ManifestError(`${where}: transport.args must be a list`);
	}
	const staticEnv = transport.env ?? {};
	if (!isMapping(staticEnv) || !Object.values(staticEnv).every((value) => typeof value === "string")) {
		throw new ManifestError(`${where}: transport.env must be a mapping of string to string`);
	}
	const command = transport.command ? text(transport.command) : null;
	const url = transport.url ? text(transport.url) : null;
	if (transport.type === "stdio" && command === null) {
		throw new ManifestError(`${where}: stdio transport requires 'command'`);
	}
	if (transport.type === "http" && url === null) {
		throw new ManifestError(`${where}: http transport requires 'url'`);
	}
	const auth = data.auth ?? { type: "none" };
	if (!isMapping(auth)) {
		throw new ManifestError(`${where}: 'auth' must be a mapping`);
	}
	const authType = auth.type || "none";
	if (authType !== "api_key" && authType !== "oauth" && authType !== "none") {
		throw new ManifestError(`${where}: auth.type must be 'api_key'|'oauth'|'none'`);
	}
	const authEnv = auth.env ?? [];
	if (!Array.isArray(authEnv)) {
		throw new ManifestError(`${where}: auth.env must be a list`);
	}
	const tools = data.tools ?? {};
	if (!isMapping(tools)) {
		throw new ManifestError(`${where}: 'tools' must be a mapping`);
	}
	const defaultEnabled = tools.default_enabled ?? null;
	if (
		defaultEnabled !== null &&
		!(Array.isArray(defaultEnabled) && defaultEnabled.every((t) => typeof t === "string"))
	) {
		throw new ManifestError(`${where}: tools.default_enabled must be a list of strings`);
	}
	let install: CatalogEntry["install"] = null;
	if (data.install !== undefined && data.install !== null) {
		if (!isMapping(data.install)) {
			throw new ManifestError(`${where}: 'install' must be a mapping`);
		}
		if (data.install.type !== "git") {
			throw new ManifestError(`${where}: install.type must be 'git' (got '${text(data.install.type)}')`);
		}
		if (!data.install.url || !data.install.ref) {
			throw new ManifestError(`${where}: install.url and install.ref are required`);
		}
		const bootstrap = data.install.bootstrap ?? [];
		if (!Array.isArray(bootstrap)) {
			throw new ManifestError(`${where}: install.bootstrap must be a list`);
		}
		install = { url: text(data.install.url), ref: text(data.install.ref), bootstrap: bootstrap.map(text) };
	}
	return {
		name,
		description,
		source: text(data.source).trim(),
		transport: {
			type: transport.type,
			command,
			args: args.map(text),
			url,
			env: staticEnv as Record<string, string>,
		},
		auth: { type: authType, env: authEnv.map(envSpec), provider: auth.provider ? text(auth.provider) : null },
		defaultEnabled: defaultEnabled as string[] | null,
		install,
		postInstall: text(data.post_install),
	};
}

/** Every valid entry, sorted by folder name, with a diagnostic for each skipped one. */
export function readCatalog(home: string, env: Record<string, string | undefined>): Catalog {
	const root = catalogRoot(home, env);
	if (root === null) {
		return {
			entries: [],
			diagnostics: [
				{
					name: "",
					kind: "unavailable",
					message:
						"No Hermes Agent install was found (HERMES_AGENT_DIR, <home>/hermes-agent or the `hermes` on PATH), so the MCP catalog is empty.",
				},
			],
		};
	}
	let children: string[];
	try {
		children = readdirSync(root).sort();
	} catch {
		return { entries: [], diagnostics: [] };
	}
	const catalog: Catalog = { entries: [], diagnostics: [] };
	for (const child of children) {
		const path = join(root, child, "manifest.yaml");
		let source: string;
		try {
			if (!statSync(path).isFile()) continue;
			source = readFileSync(path, "utf8");
		} catch {
			continue;
		}
		try {
			catalog.entries.push(parseManifest(source, `${child}/manifest.yaml`));
		} catch (error) {
			if (!(error instanceof ManifestError)) {
				throw error;
			}
			const future = error.message.includes("manifest_version") && error.message.includes("unsupported");
			catalog.diagnostics.push({
				name: child,
				kind: future ? "future_manifest" : "invalid",
				message: error.message,
			});
		}
	}
	return catalog;
}

/** `official/<name>` is accepted, as in Hermes. */
export function findEntry(catalog: Catalog, name: string): CatalogEntry | undefined {
	const bare = name.startsWith("official/") ? name.slice("official/".length) : name;
	return catalog.entries.find((entry) => entry.name === bare);
}

/** Hermes's `is_enabled`: absent means enabled; strings `true/1/yes` count too. */
export function isEnabledEntry(config: unknown): boolean {
	if (!isMapping(config) || Object.keys(config).length === 0) {
		return false;
	}
	const enabled = config.enabled ?? true;
	return typeof enabled === "string" ? ["true", "1", "yes"].includes(enabled.toLowerCase()) : Boolean(enabled);
}

/** The `mcp_servers.<name>` entry an install writes (no git step: `${INSTALL_DIR}` cannot occur). */
export function buildServerConfig(entry: CatalogEntry, enable: boolean): ServerConfig {
	const config: ServerConfig = {};
	if (entry.transport.type === "stdio") {
		config.command = entry.transport.command;
		if (entry.transport.args.length > 0) config.args = [...entry.transport.args];
		if (Object.keys(entry.transport.env).length > 0) config.env = { ...entry.transport.env };
	} else {
		config.url = entry.transport.url;
		if (entry.auth.type === "oauth") config.auth = "oauth";
	}
	config.enabled = enable;
	// Hermes probes and offers a checklist; with no terminal it applies the manifest's default selection.
	if (entry.defaultEnabled !== null && entry.defaultEnabled.length > 0) {
		config.tools = { include: [...entry.defaultEnabled] };
	}
	return config;
}

/** The API shape of an entry (`GET /api/mcp/catalog`). */
export function entryPayload(entry: CatalogEntry, installed: Record<string, unknown>): Record<string, unknown> {
	return {
		name: entry.name,
		description: entry.description,
		source: entry.source,
		transport: entry.transport.type,
		auth_type: entry.auth.type,
		required_env: entry.auth.env.map((spec) => ({ name: spec.name, prompt: spec.prompt, required: spec.required })),
		command: entry.transport.command,
		args: entry.transport.args,
		url: entry.transport.url,
		install_url: entry.install?.url ?? null,
		install_ref: entry.install?.ref ?? null,
		bootstrap: entry.install?.bootstrap ?? [],
		default_enabled: entry.defaultEnabled,
		post_install: entry.postInstall,
		needs_install: entry.install !== null,
		installed: Object.hasOwn(installed, entry.name),
		enabled: isEnabledEntry(installed[entry.name]),
	};
}

/**
 * The background action a git-bootstrap install runs as (api-contract A.8): one name per
 * entry, so a second install never takes over the first's log while its clone runs.
 */
export function installActionName(name: string): string {
	const slug =
		name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, "-")
			.replace(/^-+|-+$/g, "")
			.slice(0, 48) || "server";
	return `mcp-install-${slug}-${createHash("sha1").update(name).digest("hex").slice(0, 8)}`;
}
