/**
 * @module
 * Agent plugin management for the Plugins page (api-contract-clients §5.5): install from
 * git, enable/disable (config `plugins.enabled` / `plugins.disabled`), update with
 * `git pull --ff-only`, remove. Failures are `PluginActionError`s carrying Hermes's text
 * (the route answers them 400). git runs as a child with a 60 s limit; a missing git
 * fails the one request, never the server.
 */
import { execFile } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readdir, realpath, rename, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isWithin } from "../home/confine.ts";
import { getPath, type ConfigMapping } from "../config/yaml.ts";
import { readEnvValues } from "../env/dotenv.ts";
import { agentPlugins, readPluginManifest } from "./hub.ts";
import { editConfig } from "./settings.ts";

export class PluginActionError extends Error {}

const SUPPORTED_MANIFEST_VERSION = 1;
const GIT_TIMEOUT_MS = 60_000;

interface GitResult {
	code: number | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	missing: boolean;
}

function runGit(args: string[], cwd?: string): Promise<GitResult> {
	return new Promise((resolve) => {
		let child: ReturnType<typeof execFile>;
		try {
			child = execFile(
				"git",
				args,
				{ cwd, timeout: GIT_TIMEOUT_MS, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
				(error, stdout, stderr) => {
					const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
					resolve({
						code: failure === null ? 0 : typeof failure.code === "number" ? failure.code : null,
						stdout: String(stdout),
						stderr: String(stderr),
						timedOut: failure?.killed === true,
						missing: failure?.code === "ENOENT",
					});
				},
			);
		} catch {
			resolve({ code: null, stdout: "", stderr: "", timedOut: false, missing: true });
			return;
		}
		child.on("error", () => undefined);
	});
}

/** A plugin identifier as a cloneable URL plus the sub-folder holding the plugin. */
export function resolveGitURL(identifier: string): { url: string; subdir: string | null } {
	if (/^(https:\/\/|http:\/\/|git@|ssh:\/\/|file:\/\/)/.test(identifier)) {
		const github = /^https:\/\/github\.com\/([^?#]*)/.exec(identifier);
		if (github !== null) {
			const parts = (github[1] ?? "").replace(/^\/+|\/+$/g, "").split("/");
			if (parts.length >= 3 && parts[0] && parts[1] && ["tree", "blob"].includes(parts[2] ?? "")) {
				const subdir = parts[2] === "tree" && parts.length >= 5 ? parts.slice(4).filter(Boolean).join("/") : "";
				return {
					url: `https://github.com/${parts[0]}/${parts[1].replace(/\.git$/, "")}.git`,
					subdir: subdir || null,
				};
			}
		}
		const hash = identifier.indexOf("#");
		if (hash >= 0) {
			return {
				url: identifier.slice(0, hash),
				subdir: identifier.slice(hash + 1).replace(/^\/+|\/+$/g, "") || null,
			};
		}
		const boundary = identifier.indexOf(".git/");
		if (boundary >= 0) {
			const subdir = identifier.slice(boundary + 5).replace(/^\/+|\/+$/g, "");
			return { url: identifier.slice(0, boundary + 4), subdir: subdir || null };
		}
		return { url: identifier, subdir: null };
	}
	const parts = identifier.split("/").filter(Boolean);
	if (parts.length >= 2) {
		return { url: `https://github.com/${parts[0]}/${parts[1]}.git`, subdir: parts.slice(2).join("/") || null };
	}
	throw new PluginActionError(
		`Invalid plugin identifier: '${identifier}'. Use a Git URL or 'owner/repo' shorthand (optionally with a subdirectory: 'owner/repo/path/to/plugin').`,
	);
}

function repoName(url: string): string {
	const last =
		url
			.replace(/\/+$/, "")
			.replace(/\.git$/, "")
			.split("/")
			.pop() ?? "";
	return last.includes(":") ? ((last.split(":").pop() ?? "").split("/").pop() ?? "") : last;
}

/** `*.example` files become their real names when those are missing. */
async function copyExampleFiles(dir: string): Promise<void> {
	for (const name of await readdir(dir).catch(() => [] as string[])) {
		if (!name.endsWith(".example")) continue;
		const real = join(dir, name.slice(0, -".example".length));
		if (!existsSync(real)) await copyFile(join(dir, name), real).catch(() => undefined);
	}
}

function missingEnv(
	manifest: Record<string, unknown>,
	home: string,
	env: Record<string, string | undefined>,
): string[] {
	const required = Array.isArray(manifest.requires_env) ? manifest.requires_env : [];
	const dotenv = readEnvValues(join(home, ".env"));
	return required
		.map((entry) => (typeof entry === "string" ? entry : typeof entry?.name === "string" ? entry.name : null))
		.filter((name): name is string => name !== null && (env[name] ?? dotenv.get(name) ?? "") === "");
}

function sortedSet(config: ConfigMapping, dotted: string): Set<string> {
	const value = getPath(config, dotted);
	return new Set(Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
}

/** Adds/removes `name` in the allow and deny lists; false when already in that state. */
export async function setAgentPluginEnabled(
	home: string,
	env: Record<string, string | undefined>,
	name: string,
	enabled: boolean,
	requireKnown = true,
): Promise<boolean> {
	if (requireKnown && !agentPlugins(home, env).some((plugin) => plugin.name === name || plugin.key === name)) {
		throw new PluginActionError(`Plugin '${name}' is not installed or bundled.`);
	}
	return editConfig(home, env, (config) => {
		const allow = sortedSet(config, "plugins.enabled");
		const deny = sortedSet(config, "plugins.disabled");
		if (enabled ? allow.has(name) && !deny.has(name) : !allow.has(name) && deny.has(name)) return null;
		(enabled ? allow : deny).add(name);
		(enabled ? deny : allow).delete(name);
		return { plugins: { enabled: [...allow].sort(), disabled: [...deny].sort() } };
	});
}

/** The user plugin folder a name refers to (inside `<home>/plugins`), or null. */
async function userPluginDir(home: string, name: string): Promise<string | null> {
	const root = join(home, "plugins");
	if (name === "" || name === "." || name.includes("..") || name.includes("\\")) return null;
	try {
		const real = await realpath(join(root, name));
		return isWithin(await realpath(root), real) && (await stat(real)).isDirectory() ? real : null;
	} catch {
		return null;
	}
}

export async function installAgentPlugin(
	home: string,
	env: Record<string, string | undefined>,
	identifier: string,
	options: { force: boolean; enable: boolean },
) {
	const { url, subdir } = resolveGitURL(identifier);
	const warnings = /^(http|file):\/\//.test(url)
		? ["Insecure URL scheme; prefer https:// or git@ for production installs."]
		: [];
	const temp = await mkdtemp(join(tmpdir(), "hermes-plugin-"));
	try {
		const clone = join(temp, "plugin");
		const result = await runGit(["clone", "--depth", "1", url, clone]);
		if (result.missing) throw new PluginActionError("git is not installed or not in PATH.");
		if (result.timedOut) throw new PluginActionError("Git clone timed out after 60 seconds.");
		if (result.code !== 0)
			throw new PluginActionError(`Git clone failed:\n${(result.stderr || result.stdout).trim()}`);
		let source = clone;
		if (subdir !== null) {
			const candidate = await realpath(join(clone, subdir)).catch(() => null);
			if (candidate === null || !isWithin(await realpath(clone), candidate)) {
				throw new PluginActionError(`Plugin subdirectory '${subdir}' does not exist in the repository.`);
			}
			source = candidate;
		}
		const manifest = readPluginManifest(source);
		const name =
			typeof manifest.name === "string" && manifest.name !== ""
				? manifest.name
				: subdir !== null
					? basename(subdir)
					: repoName(url);
		if (name === "" || name === "." || name === ".." || /[/\\]/.test(name)) {
			throw new PluginActionError(`Invalid plugin name '${name}'.`);
		}
		const version = manifest.manifest_version;
		if (version !== undefined && version !== null) {
			const parsed = Number.parseInt(String(version), 10);
			if (!/^\s*[+-]?\d+\s*$/.test(String(version))) {
				throw new PluginActionError(
					`Plugin '${name}' has invalid manifest_version '${String(version)}' (expected an integer).`,
				);
			}
			if (parsed > SUPPORTED_MANIFEST_VERSION) {
				throw new PluginActionError(
					`Plugin '${name}' requires manifest_version ${String(version)}, but this installer only supports up to ${SUPPORTED_MANIFEST_VERSION}. Run hermes update to update Hermes.`,
				);
			}
		}
		const target = join(home, "plugins", name);
		if (existsSync(target)) {
			if (!options.force) {
				throw new PluginActionError(
					`Plugin '${name}' already exists. Use force reinstall or run \`hermes plugins update ${name}\`.`,
				);
			}
			await rm(target, { recursive: true, force: true });
		}
		await mkdir(join(home, "plugins"), { recursive: true });
		await rename(source, target).catch(async () => {
			// The temp folder is on another file system: copy instead.
			await cp(source, target, { recursive: true, verbatimSymlinks: true });
		});
		await copyExampleFiles(target);
		const installed = readPluginManifest(target);
		const installedName = typeof installed.name === "string" && installed.name !== "" ? installed.name : name;
		if (options.enable) await setAgentPluginEnabled(home, env, installedName, true, false);
		return {
			ok: true,
			plugin_name: installedName,
			warnings,
			missing_env: missingEnv(installed, home, env),
			enabled: options.enable,
		};
	} finally {
		await rm(temp, { recursive: true, force: true });
	}
}

export async function updateAgentPlugin(home: string, name: string) {
	const dir = await userPluginDir(home, name);
	if (dir === null) throw new PluginActionError(`Plugin '${name}' was not found under ${join(home, "plugins")}.`);
	if (!existsSync(join(dir, ".git"))) {
		throw new PluginActionError(`Plugin '${name}' is not a git checkout; cannot pull updates.`);
	}
	const result = await runGit(["pull", "--ff-only"], dir);
	if (result.missing) throw new PluginActionError("git is not installed or not in PATH.");
	if (result.timedOut) throw new PluginActionError("Git pull timed out after 60 seconds.");
	if (result.code !== 0)
		throw new PluginActionError(result.stderr.trim() || result.stdout.trim() || "git pull failed.");
	await copyExampleFiles(dir);
	const output = result.stdout.trim();
	return { ok: true, name, output, unchanged: output.includes("Already up to date") };
}

export async function removeAgentPlugin(home: string, env: Record<string, string | undefined>, name: string) {
	if (agentPlugins(home, env).some((plugin) => plugin.name === name && plugin.source === "bundled")) {
		throw new PluginActionError("Bundled plugins cannot be removed from the dashboard.");
	}
	const dir = await userPluginDir(home, name);
	if (dir === null) throw new PluginActionError(`Plugin '${name}' was not found under ${join(home, "plugins")}.`);
	await rm(dir, { recursive: true, force: true });
	return { ok: true, name };
}
