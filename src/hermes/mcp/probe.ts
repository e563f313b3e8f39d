/**
 * @module
 * "Test" for an MCP server (hermes-home §8.1): resolve `${VAR}`s against `.env` and the
 * process environment, connect with the MCP SDK's client over stdio, streamable HTTP
 * or legacy SSE (`transport: sse`), list tools and count prompts and resources where the
 * server offers them, then disconnect. The whole probe has one deadline
 * (`connect_timeout`, default 30 s, at least 1 s); a stdio server's process group is
 * reaped whatever happens, and its stderr goes to `logs/mcp-stderr.log` as with Hermes.
 */
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client";
import { GroupStdioTransport, type Transport } from "./stdio_transport.ts";
import { suspiciousEntryIssues } from "./security.ts";
import { isMapping, type ServerConfig } from "./servers.ts";
import { redactSecrets, redactValue } from "../../security/redact.ts";

export type ProbeResult =
	| { ok: true; tools: { name: string; description: string }[]; prompts: number; resources: number }
	| { ok: false; error: string; tools: [] };

/** Variables a stdio server inherits from the dashboard's own environment (Hermes's safe list). */
const SAFE_ENV_KEYS = new Set(["PATH", "HOME", "USER", "LANG", "LC_ALL", "TERM", "SHELL", "TMPDIR"]);

const DEFAULT_TIMEOUT_S = 30;
/** Timers cannot run longer than 2^31 ms; nobody waits an hour for a probe anyway. */
const MAX_TIMEOUT_S = 3600;

/** `${VAR}` and Cursor-style `${env:VAR}`; unset variables keep the placeholder. */
export function interpolateEnv(value: unknown, env: Record<string, string | undefined>): unknown {
	if (typeof value === "string") {
		return value.replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
			const name = ref.trim().replace(/^env:/, "").trim();
			const found = env[name];
			return found === undefined || found === "" ? whole : found;
		});
	}
	if (Array.isArray(value)) {
		return value.map((item) => interpolateEnv(item, env));
	}
	if (isMapping(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateEnv(item, env)]));
	}
	return value;
}

/** Hermes's `_parse_boolish`. */
function boolish(value: unknown, fallback: boolean): boolean {
	if (value === null || value === undefined) {
		return fallback;
	}
	if (typeof value === "boolean") {
		return value;
	}
	const text = String(value).trim().toLowerCase();
	if (["1", "true", "yes", "on"].includes(text)) return true;
	if (["0", "false", "no", "off"].includes(text)) return false;
	return fallback;
}

export function probeTimeoutSeconds(config: ServerConfig): number {
	const raw = Number(config.connect_timeout ?? DEFAULT_TIMEOUT_S);
	return Number.isFinite(raw) ? Math.min(MAX_TIMEOUT_S, Math.max(1, raw)) : DEFAULT_TIMEOUT_S;
}

function stringRecord(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (isMapping(value)) {
		for (const [key, item] of Object.entries(value)) {
			out[key] = typeof item === "string" ? item : String(item);
		}
	}
	return out;
}

function openStderrLog(home: string): number | "ignore" {
	try {
		const logs = join(home, "logs");
		if (!existsSync(logs)) {
			mkdirSync(logs, { recursive: true, mode: 0o700 });
		}
		return openSync(join(logs, "mcp-stderr.log"), "a", 0o600);
	} catch {
		return "ignore";
	}
}

export interface ProbeOptions {
	home: string;
	/** `.env` values overlaid by the process environment: what `${VAR}` expands to. */
	templateEnv: Record<string, string | undefined>;
	/** The dashboard's own environment (the safe keys pass to stdio servers). */
	processEnv: Record<string, string | undefined>;
	/** Extra HTTP headers (e.g. a stored OAuth bearer token). */
	headers?: Record<string, string>;
}

async function transportFor(
	config: ServerConfig,
	options: ProbeOptions,
): Promise<{ transport: Transport; release: () => void }> {
	if (typeof config.url === "string" && config.url !== "") {
		const headers = { ...stringRecord(config.headers), ...options.headers };
		const http = await loadHttpTransports();
		const url = new URL(config.url);
		const Transport = config.transport === "sse" ? http.sse : http.streamable;
		return { transport: new Transport(url, { requestInit: { headers } }), release: () => {} };
	}
	if (typeof config.command !== "string" || config.command === "") {
		throw new Error("Server has neither a 'url' nor a 'command'");
	}
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.processEnv)) {
		if (value !== undefined && (SAFE_ENV_KEYS.has(key) || key.startsWith("XDG_"))) {
			env[key] = value;
		}
	}
	Object.assign(env, stringRecord(config.env));
	const stderr = openStderrLog(options.home);
	const transport = new GroupStdioTransport({
		command: config.command,
		args: Array.isArray(config.args) ? config.args.map(String) : [],
		env,
		stderr,
	});
	return {
		transport,
		release: () => {
			if (typeof stderr === "number") {
				closeSync(stderr);
			}
		},
	};
}

type HttpTransportClass = new (url: URL, options: { requestInit: RequestInit }) => Transport;

/**
 * The SDK's HTTP transports, loaded on first use. Their subpaths are only reachable
 * through the package's `./*` export, whose types Deno cannot resolve, so the
 * specifiers are kept out of the type checker's sight and typed here.
 */
let httpTransports: { streamable: HttpTransportClass; sse: HttpTransportClass } | undefined;
const STREAMABLE_MODULE = "@modelcontextprotocol/sdk/client/streamableHttp.js";
const SSE_MODULE = "@modelcontextprotocol/sdk/client/sse.js";

async function loadHttpTransports(): Promise<{ streamable: HttpTransportClass; sse: HttpTransportClass }> {
	if (httpTransports === undefined) {
		const [streamable, sse] = await Promise.all([import(STREAMABLE_MODULE), import(SSE_MODULE)]);
		httpTransports = {
			streamable: (streamable as { StreamableHTTPClientTransport: HttpTransportClass })
				.StreamableHTTPClientTransport,
			sse: (sse as { SSEClientTransport: HttpTransportClass }).SSEClientTransport,
		};
	}
	return httpTransports;
}

function shortDescription(text: string | undefined): string {
	const description = text ?? "";
	return description.length > 80 ? `${description.slice(0, 77)}...` : description;
}

/**
 * The credentials a probe sends: header and env values (after `${VAR}` expansion) and
 * stored tokens. A server may echo one back in an error body, so they are masked
 * wherever they appear in the message, beyond what the pattern-based redaction finds.
 */
function sentSecrets(config: ServerConfig, extraHeaders: Record<string, string> | undefined): string[] {
	const values = [
		...Object.values(stringRecord(config.headers)),
		...Object.values(stringRecord(config.env)),
		...Object.values(extraHeaders ?? {}),
	];
	const secrets = new Set<string>();
	for (const value of values) {
		secrets.add(value);
		// `Bearer <token>`: the token alone may be echoed too.
		const token = /^\s*\S+\s+(\S{6,})\s*$/.exec(value)?.[1];
		if (token !== undefined) secrets.add(token);
	}
	return [...secrets].filter((value) => value.length >= 6).sort((a, b) => b.length - a.length);
}

function maskSent(text: string, secrets: string[]): string {
	let masked = text;
	for (const secret of secrets) {
		masked = masked.split(secret).join(redactValue(secret));
	}
	return masked;
}

/** A probe failure as the user sees it: never empty, with its cause (e.g. ECONNREFUSED), never carrying a credential. */
function failureText(error: unknown, secrets: string[]): string {
	let text = error instanceof Error ? error.message || error.name : String(error);
	const cause =
		error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
	const detail =
		typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
	if (detail !== "" && !text.includes(detail)) {
		text = `${text} (${detail})`;
	}
	return redactSecrets(maskSent(text.trim() === "" ? "Unknown error" : text, secrets));
}

/** Connects, lists, disconnects. Never throws: failures are `{ok: false}`. */
export async function probeServer(name: string, raw: ServerConfig, options: ProbeOptions): Promise<ProbeResult> {
	const issues = suspiciousEntryIssues(name, raw);
	if (issues.length > 0) {
		return { ok: false, error: issues.join("; "), tools: [] };
	}
	const config = interpolateEnv(raw, options.templateEnv) as ServerConfig;
	const seconds = probeTimeoutSeconds(config);
	const controller = new AbortController();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const error = new Error(`Timed out after ${seconds} s waiting for MCP server '${name}'`);
			controller.abort(error);
			reject(error);
		}, seconds * 1000);
	});
	deadline.catch(() => {});
	let opened: { transport: Transport; release: () => void } | undefined;
	const client = new Client({ name: "hermes-dashboard", version: "1.0.0" }, { capabilities: {} });
	try {
		opened = await transportFor(config, options);
		const request = { signal: controller.signal, timeout: seconds * 1000 };
		const work = (async () => {
			await client.connect(opened.transport, request);
			const listed = await client.listTools({}, request);
			const filter = isMapping(config.tools) ? config.tools : {};
			const capabilities = client.getServerCapabilities();
			let prompts = 0;
			let resources = 0;
			// Only families the server advertises and the user has not switched off (as Hermes).
			if (boolish(filter.prompts, true) && capabilities?.prompts !== undefined) {
				prompts = await client.listPrompts({}, request).then(
					(result: { prompts: unknown[] }) => result.prompts.length,
					() => 0,
				);
			}
			if (boolish(filter.resources, true) && capabilities?.resources !== undefined) {
				resources = await client.listResources({}, request).then(
					(result: { resources: unknown[] }) => result.resources.length,
					() => 0,
				);
			}
			return {
				ok: true as const,
				tools: listed.tools.map((tool: { name: string; description?: string }) => ({
					name: tool.name,
					description: shortDescription(tool.description),
				})),
				prompts,
				resources,
			};
		})();
		// A late rejection of the losing side must not surface as unhandled.
		work.catch(() => {});
		return await Promise.race([work, deadline]);
	} catch (error) {
		return { ok: false, error: failureText(error, sentSecrets(config, options.headers)), tools: [] };
	} finally {
		clearTimeout(timer);
		// client.close() closes the transport: the stdio group is reaped before we answer.
		await client.close().catch(() => {});
		await opened?.transport.close().catch(() => {});
		opened?.release();
	}
}
