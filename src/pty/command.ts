/**
 * @module
 * What the PTY runs and with which environment (api-contract B.3). The command is
 * `hermes --tui` unless `HERMES_DASHBOARD_TUI_COMMAND` (env) or `dashboard.tui_command`
 * (config.yaml; a string or a list) says otherwise. The child never sees the
 * dashboard's own secrets; the internal credential only travels inside its URLs.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { getPath, readConfigLenient } from "../hermes/config/yaml.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { applyTerminalConfig, ownedTerminalEnvVars } from "../hermes/config/terminal_env.ts";
import { internalWSQuery } from "../auth/ws_credentials.ts";
import type { AppContext } from "../context.ts";

export const DEFAULT_TUI_COMMAND: readonly string[] = ["hermes", "--tui"];

/** Splits a command line: whitespace-separated words, single/double quotes, backslash escapes. */
export function splitCommand(line: string): string[] {
	const words: string[] = [];
	let word = "";
	let inWord = false;
	let quote: string | null = null;
	for (let i = 0; i < line.length; i++) {
		const char = line[i]!;
		if (quote !== null) {
			if (char === quote) {
				quote = null;
			} else if (char === "\\" && quote === '"' && i + 1 < line.length) {
				word += line[++i];
			} else {
				word += char;
			}
		} else if (char === "'" || char === '"') {
			quote = char;
			inWord = true;
		} else if (char === "\\" && i + 1 < line.length) {
			word += line[++i];
			inWord = true;
		} else if (/\s/.test(char)) {
			if (inWord) {
				words.push(word);
				word = "";
				inWord = false;
			}
		} else {
			word += char;
			inWord = true;
		}
	}
	if (inWord) {
		words.push(word);
	}
	return words;
}

/** The TUI argv: env, then config, then the default. */
export function tuiCommand(app: AppContext): { argv: string[]; source: string } {
	const fromEnv = app.env.HERMES_DASHBOARD_TUI_COMMAND?.trim();
	if (fromEnv) {
		return { argv: splitCommand(fromEnv), source: "HERMES_DASHBOARD_TUI_COMMAND" };
	}
	const configured = getPath(readConfigLenient(homePaths(app.home).config), "dashboard.tui_command");
	if (typeof configured === "string" && configured.trim() !== "") {
		return { argv: splitCommand(configured), source: "dashboard.tui_command" };
	}
	if (Array.isArray(configured) && configured.length > 0 && configured.every((part) => typeof part === "string")) {
		return { argv: configured as string[], source: "dashboard.tui_command" };
	}
	return { argv: [...DEFAULT_TUI_COMMAND], source: "default" };
}

function isExecutableFile(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/** The absolute path of a program (PATH lookup unless it has a slash), or null. */
export function resolveProgram(program: string, pathValue: string | undefined, cwd: string): string | null {
	if (program.includes("/")) {
		const full = isAbsolute(program) ? program : join(cwd, program);
		return isExecutableFile(full) ? full : null;
	}
	for (const dir of (pathValue ?? "").split(delimiter)) {
		if (dir !== "" && isExecutableFile(join(dir, program))) {
			return join(dir, program);
		}
	}
	return null;
}

/** A clear "what is missing, how to fix it" line for the terminal banner. */
export function missingProgramHelp(program: string, source: string): string {
	if (source === "default") {
		return (
			`\`${program}\` was not found on PATH. Install Hermes Agent ` +
			"(curl -fsSL https://hermes-agent.nousresearch.com/install.sh | bash), or point " +
			"HERMES_DASHBOARD_TUI_COMMAND / dashboard.tui_command at your launcher."
		);
	}
	return `\`${program}\` (from ${source}) was not found or is not executable.`;
}

/** Names of variables that carry the dashboard's own secrets. */
export function isDashboardSecret(name: string): boolean {
	const upper = name.toUpperCase();
	return (
		upper === "HERMES_DASHBOARD_SESSION_TOKEN" ||
		(upper.startsWith("HERMES_DASHBOARD_") && /SECRET|TOKEN|PASSWORD|SIGNING|PRIVATE|COOKIE/.test(upper)) ||
		/_PASSWORD/.test(upper) ||
		/CLIENT_SECRET/.test(upper) ||
		(upper.includes("OAUTH") && upper.includes("SECRET"))
	);
}

/**
 * `ws://host:port` for the child's own connections back to us, or null when unknown.
 * Deliberately without the reverse-proxy path prefix: the child talks to this server
 * directly, never through the proxy, so its URLs stay unprefixed.
 */
export function internalBase(app: AppContext): string | null {
	if (!app.port) {
		return null;
	}
	let host = app.env.HERMES_DASHBOARD_WS_HOST?.trim() || app.host;
	if (host === "0.0.0.0" || host === "::" || host === "") {
		host = "127.0.0.1";
	}
	host = host.replace(/^\[|\]$/g, "");
	return `ws://${host.includes(":") ? `[${host}]` : host}:${app.port}`;
}

export interface ChildEnvOptions {
	home: string;
	/** The named profile `home` belongs to, when the chat asked for one. */
	profile?: string;
	resume?: string;
	channel?: string;
	activeSessionFile?: string;
}

export function childEnv(app: AppContext, options: ChildEnvOptions): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(app.env)) {
		if (value !== undefined && !isDashboardSecret(name)) {
			env[name] = value;
		}
	}
	// A profile's chat gets that profile's terminal backend, not the launch home's.
	if (options.home !== app.home) {
		for (const name of ownedTerminalEnvVars(readConfigLenient(homePaths(app.home).config))) {
			delete env[name];
		}
	}
	applyTerminalConfig(env, readConfigLenient(homePaths(options.home).config));
	if (!env.TERM?.trim()) {
		env.TERM = "xterm-256color";
	}
	env.COLORTERM ??= "truecolor";
	env.NODE_ENV ??= "production";
	env.HERMES_TUI_DISABLE_MOUSE ??= "1";
	env.HERMES_TUI_INLINE ??= "1";
	env.HERMES_TUI_DASHBOARD = "1";
	env.HERMES_HOME = options.home;
	delete env.HERMES_TUI_RESUME;
	if (options.resume !== undefined) {
		env.HERMES_TUI_RESUME = options.resume;
	}
	const base = internalBase(app);
	const auth = internalWSQuery(app);
	if (options.channel !== undefined) {
		if (base !== null) {
			env.HERMES_TUI_SIDECAR_URL = `${base}/api/pub?${auth}&channel=${encodeURIComponent(options.channel)}`;
		}
		if (options.activeSessionFile !== undefined) {
			env.HERMES_TUI_ACTIVE_SESSION_FILE = options.activeSessionFile;
		}
	} else if (base !== null) {
		// A profile's chat must reach a gateway serving that profile (Hermes's in-process one
		// serves only its own, so Hermes lets such a TUI spawn one; ours takes `?profile=`
		// and has one pre-started per profile).
		const profile = options.profile === undefined ? "" : `&profile=${encodeURIComponent(options.profile)}`;
		env.HERMES_TUI_GATEWAY_URL = `${base}/api/ws?${auth}${profile}`;
	}
	return env;
}
