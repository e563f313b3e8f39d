/**
 * @module
 * The terminal-backend bridge (api-contract B.3 "process env plus terminal-backend
 * config"): Hermes's terminal tools read `TERMINAL_*` variables, not config.yaml, because
 * they run in child processes (the TUI among them). Hermes's `apply_terminal_config_to_env`
 * projects `terminal.*` into the child's env; this is the same projection:
 *   - `terminal.<key>` → `TERMINAL_<KEY>`, except `backend` → `TERMINAL_ENV`;
 *   - keys written in the file's own `terminal:` section override the inherited env;
 *     values that only come from the defaults fill in what the env lacks;
 *   - a `cwd` of `.`, `auto` or `cwd` is a placeholder and not bridged; `~` is expanded,
 *     except for an SSH backend, whose remote shell expands it;
 *   - values are rendered as Python's `str()` (True, None, 180), lists and mappings as
 *     `json.dumps`. (A float written `2.0` comes out `2`: the YAML parse keeps numbers,
 *     not their spelling; Python's `float()` on the reading side takes either.)
 */
import { effectiveConfig, isMapping } from "./effective.ts";
import type { ConfigMapping } from "./yaml.ts";
import { pythonJSONDumps } from "../home/python_json.ts";

/** The bridged `terminal.*` keys, over the Hermes releases that read them. */
export const BRIDGED_TERMINAL_KEYS: readonly string[] = [
	"backend",
	"modal_mode",
	"degraded_mode",
	"cwd",
	"temp_dir",
	"timeout",
	"lifetime_seconds",
	"home_mode",
	"docker_image",
	"docker_forward_env",
	"singularity_image",
	"modal_image",
	"daytona_image",
	"vercel_runtime",
	"ssh_host",
	"ssh_user",
	"ssh_port",
	"ssh_key",
	"container_cpu",
	"container_memory",
	"container_disk",
	"container_persistent",
	"docker_volumes",
	"docker_env",
	"docker_mount_cwd_to_workspace",
	"docker_network",
	"docker_extra_args",
	"docker_shm_size",
	"docker_run_as_host_user",
	"docker_snap_compat",
	"docker_persist_across_processes",
	"docker_shared_container_key",
	"docker_orphan_reaper",
	"sandbox_dir",
	"persistent_shell",
	"daemon_term_grace_seconds",
	"shell_init_files",
	"auto_source_bashrc",
];

const CWD_PLACEHOLDERS = new Set([".", "auto", "cwd"]);

export function terminalEnvVar(key: string): string {
	return key === "backend" ? "TERMINAL_ENV" : `TERMINAL_${key.toUpperCase()}`;
}

/** Python's `str()` of a scalar. */
function pythonStr(value: unknown): string {
	if (value === null || value === undefined) {
		return "None";
	}
	if (typeof value === "boolean") {
		return value ? "True" : "False";
	}
	return String(value);
}

function envValue(value: unknown): string {
	return Array.isArray(value) || isMapping(value) ? pythonJSONDumps(value) : pythonStr(value);
}

function bridgeable(key: string, value: unknown): boolean {
	return !(key === "cwd" && CWD_PLACEHOLDERS.has(pythonStr(value || "").trim()));
}

/** The env vars a raw config's own `terminal:` section decides. */
export function ownedTerminalEnvVars(raw: ConfigMapping): string[] {
	const section = raw.terminal;
	if (!isMapping(section)) {
		return [];
	}
	return BRIDGED_TERMINAL_KEYS.filter((key) => key in section && bridgeable(key, section[key])).map(terminalEnvVar);
}

function expandUser(path: string, home: string | undefined): string {
	if (home === undefined || home === "" || (path !== "~" && !path.startsWith("~/"))) {
		return path;
	}
	return home + path.slice(1);
}

/**
 * Applies a home's `terminal.*` config (raw file contents; defaults are merged here) to
 * `env` in place, and returns it.
 */
export function applyTerminalConfig(env: Record<string, string>, raw: ConfigMapping): Record<string, string> {
	const rawSection = isMapping(raw.terminal) ? raw.terminal : undefined;
	const terminal = effectiveConfig(raw, env).terminal;
	if (!isMapping(terminal)) {
		return env;
	}
	// With no `backend` in the file, an inherited TERMINAL_ENV names the backend.
	const backend = pythonStr(
		(rawSection !== undefined && "backend" in rawSection
			? terminal.backend || env.TERMINAL_ENV
			: env.TERMINAL_ENV || terminal.backend) || "",
	);
	for (const key of BRIDGED_TERMINAL_KEYS) {
		if (!(key in terminal) || !bridgeable(key, terminal[key])) {
			continue;
		}
		let value = terminal[key];
		if (key === "cwd" && typeof value === "string") {
			const cwd = value.trim();
			const remoteTilde = backend.trim().toLowerCase() === "ssh" && (cwd === "~" || cwd.startsWith("~/"));
			if (!remoteTilde) {
				value = expandUser(value, env.HOME);
			}
		}
		const name = terminalEnvVar(key);
		if ((rawSection !== undefined && key in rawSection) || !(name in env)) {
			env[name] = envValue(value);
		}
	}
	return env;
}
