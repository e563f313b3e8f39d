/**
 * @module
 * Start-up options: command-line flags > environment (an empty value counts as unset) >
 * defaults. Pure: no I/O beyond reading the given argv and env.
 */
import { parseArgs } from "node:util";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { isTruthy } from "./http/truthy.ts";

export const DEFAULT_PORT = 9119;
export const DEFAULT_HOST = "127.0.0.1";

/** Everything the dashboard needs to know before it starts. */
export interface DashboardOptions {
	/** Absolute path of the Hermes home the dashboard reads and writes. */
	home: string;
	host: string;
	/** 0 asks the OS for an ephemeral port. */
	port: number;
	/** Open a browser once ready (only when a display exists). */
	open: boolean;
	/** Session-token mode even on a non-loopback bind (loudly warned about). */
	insecure: boolean;
	/** Fixed session token from the environment, or undefined to draw one per start. */
	sessionToken: string | undefined;
	/** Gated mode: honour X-Forwarded-* headers (only behind a proxy you control). */
	trustProxyHeaders?: boolean;
}

export type CLICommand =
	| { kind: "serve"; options: DashboardOptions }
	| { kind: "help" }
	| { kind: "hash-password" }
	| { kind: "version" };

/** Thrown for flags the CLI does not understand; the message is shown to the user. */
export class UsageError extends Error {}

export const USAGE = `Usage: hermes-dashboard [options]

A fast, safe web dashboard for a Hermes Agent home.

Options:
  --home DIR     Hermes home to serve (env HERMES_HOME, default ~/.hermes)
  --host HOST    Address to bind (env HERMES_DASHBOARD_HOST or HOST, default 127.0.0.1)
  --port N       Port to bind, 0 = ephemeral (env HERMES_DASHBOARD_PORT or PORT, default 9119)
  --no-open      Do not open a browser when ready (env HERMES_DASHBOARD_NO_OPEN=1)
  --insecure     Session-token mode even on a non-loopback bind (no login; dangerous)
  --trust-proxy-headers  Honour X-Forwarded-Proto/Host/Prefix/For (behind your own proxy;
                 env HERMES_DASHBOARD_TRUST_PROXY_HEADERS=1; automatic on Fly.io)
  --version      Print the version and exit
  --help         Print this help and exit

Commands:
  hash-password  Read a password from the terminal or stdin and print its scrypt hash
                 for dashboard.basic_auth.password_hash

Loopback binds (127.0.0.1, localhost, ::1) need no login; any other bind engages the
auth gate and refuses to start unless an auth provider is configured.`;

/** Reads an env var, treating empty or blank values as unset. */
export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
	const value = env[name];
	if (value === undefined || value.trim() === "") {
		return undefined;
	}
	return value.trim();
}

function parsePort(raw: string, source: string): number {
	if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
		throw new UsageError(`Invalid port from ${source}: ${JSON.stringify(raw)} (expected 0-65535)`);
	}
	return Number(raw);
}

/** Resolves the Hermes home: flag, then HERMES_HOME, then ~/.hermes. */
export function resolveHome(flag: string | undefined, env: Record<string, string | undefined>): string {
	const chosen = flag ?? envValue(env, "HERMES_HOME");
	if (chosen !== undefined) {
		return resolve(chosen.startsWith("~/") ? join(homedir(), chosen.slice(2)) : chosen);
	}
	return join(homedir(), ".hermes");
}

/** Parses argv (without the node and script entries) and env into a command. */
export function parseCommandLine(argv: string[], env: Record<string, string | undefined>): CLICommand {
	if (argv[0] === "hash-password") {
		if (argv.length > 1) {
			throw new UsageError(
				"hash-password takes no arguments: the password is read from the terminal or stdin, never from the command line",
			);
		}
		return { kind: "hash-password" };
	}
	const flags = parseFlags(argv);
	if (flags.help === true) {
		return { kind: "help" };
	}
	if (flags.version === true) {
		return { kind: "version" };
	}
	const host = flags.host ?? envValue(env, "HERMES_DASHBOARD_HOST") ?? envValue(env, "HOST") ?? DEFAULT_HOST;
	if (host.trim() === "") {
		throw new UsageError("--host must not be empty");
	}
	const portFlag = flags.port;
	const portEnv = envValue(env, "HERMES_DASHBOARD_PORT") ?? envValue(env, "PORT");
	const port =
		portFlag !== undefined
			? parsePort(portFlag, "--port")
			: portEnv !== undefined
				? parsePort(portEnv, "the environment")
				: DEFAULT_PORT;
	return {
		kind: "serve",
		options: {
			home: resolveHome(flags.home, env),
			host: host.trim(),
			port,
			open: flags["no-open"] !== true && !isTruthy(envValue(env, "HERMES_DASHBOARD_NO_OPEN")),
			insecure: flags.insecure === true || isTruthy(envValue(env, "HERMES_DASHBOARD_INSECURE")),
			sessionToken: envValue(env, "HERMES_DASHBOARD_SESSION_TOKEN"),
			trustProxyHeaders: flags["trust-proxy-headers"] === true,
		},
	};
}

const FLAGS = {
	home: { type: "string" },
	host: { type: "string" },
	port: { type: "string" },
	"no-open": { type: "boolean" },
	insecure: { type: "boolean" },
	"trust-proxy-headers": { type: "boolean" },
	version: { type: "boolean", short: "v" },
	help: { type: "boolean", short: "h" },
} as const;

/** The command-line flags; an unknown or malformed one is a UsageError. */
function parseFlags(argv: string[]) {
	try {
		return parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }).values;
	} catch (error) {
		throw new UsageError((error as Error).message, { cause: error });
	}
}
