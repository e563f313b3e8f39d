/**
 * @module
 * The update check (api-contract A.1 `GET /api/hermes/update/check`, hermes-home §17.2):
 * how Hermes was installed, and how far behind upstream it is. A git checkout is
 * compared with `origin/main` (after a fetch); the answer is cached for 6 hours in
 * `<home>/.update_check`, on the app's clock, and `force` deletes the cache first.
 * Docker, Nix and Homebrew installs update out of band: the answer names the command.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HermesInstall } from "../home/install.ts";

export type InstallMethod = "git" | "pip" | "docker" | "nixos" | "homebrew" | "managed-runtime" | "unknown";

export interface UpdateCommit {
	sha: string;
	summary: string;
	author: string;
	at: number;
}

export interface UpdateCheck {
	install_method: InstallMethod | string;
	current_version: string | null;
	behind: number | null;
	update_available: boolean;
	can_apply: boolean;
	update_command: string;
	message: string | null;
	commits?: UpdateCommit[];
}

const CACHE_SECONDS = 6 * 3600;
const GIT_TIMEOUT_MS = 20_000;
const NIX_COMMAND =
	"Update the Nix flake input and rebuild (nix flake update, then nixos-rebuild or home-manager switch)";
const DOCKER_MESSAGE =
	"This Hermes runs from the published Docker image, so it cannot update itself in place. " +
	"Pull the new image and recreate the container: docker pull nousresearch/hermes-agent:latest, " +
	"then restart it (e.g. docker compose up -d --force-recreate hermes-agent).";
export const FAILED_MESSAGE = "Couldn't reach the update source — try again later.";
export const LATEST_MESSAGE = "You're on the latest version.";

function firstLine(path: string): string | null {
	try {
		return readFileSync(path, "utf8").split("\n", 1)[0]!.trim().toLowerCase() || null;
	} catch {
		return null;
	}
}

/** `detect_install_method`: marker files, then managed systems, then `.git`, else pip. */
export function detectInstallMethod(
	install: HermesInstall,
	home: string,
	options: { env: Record<string, string | undefined>; inContainer: boolean },
): InstallMethod | string {
	const { env, inContainer } = options;
	if (!install.found || install.root === null) {
		return "unknown";
	}
	const marker = firstLine(join(install.root, ".install_method"));
	if (marker !== null) {
		return marker;
	}
	const legacy = firstLine(join(home, ".install_method"));
	if (legacy !== null && (legacy !== "docker" || inContainer)) {
		return legacy;
	}
	const managed = (env.HERMES_MANAGED ?? "").trim().toLowerCase();
	if (managed === "nix" || managed === "nixos") return "nixos";
	if (managed === "brew" || managed === "homebrew") return "homebrew";
	return existsSync(join(install.root, ".git")) ? "git" : "pip";
}

function updateCommand(method: string): string {
	switch (method) {
		case "nixos":
			return NIX_COMMAND;
		case "homebrew":
			return "brew upgrade hermes-agent";
		case "docker":
			return "docker pull nousresearch/hermes-agent:latest";
		case "pip":
			return "pip install --upgrade hermes-agent";
		default:
			return "hermes update";
	}
}

/** Runs git in the install checkout; rejects on failure or timeout. */
function git(root: string, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			"git",
			["-C", root, ...args],
			{ timeout: GIT_TIMEOUT_MS, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
			(error, stdout) => (error ? reject(error) : resolve(stdout)),
		);
		child.on("error", () => undefined);
	});
}

interface CacheRecord {
	ts: number;
	behind: number | null;
	rev?: string | null;
	ver?: string | null;
}

function readCache(home: string, nowSeconds: number, version: string | null): CacheRecord | null {
	try {
		const data = JSON.parse(readFileSync(join(home, ".update_check"), "utf8")) as CacheRecord;
		const fresh = typeof data.ts === "number" && nowSeconds - data.ts < CACHE_SECONDS && nowSeconds >= data.ts;
		return fresh && (data.ver ?? null) === version && (data.behind === null || Number.isInteger(data.behind))
			? data
			: null;
	} catch {
		return null;
	}
}

async function gitBehind(root: string): Promise<{ behind: number; rev: string }> {
	await git(root, ["fetch", "--quiet", "origin", "main"]);
	const rev = (await git(root, ["rev-parse", "HEAD"])).trim();
	const count = Number((await git(root, ["rev-list", "--count", "HEAD..origin/main"])).trim());
	if (!Number.isInteger(count)) {
		throw new Error("git rev-list gave no count");
	}
	return { behind: count, rev };
}

const PYPI_URL = "https://pypi.org/pypi/hermes-agent/json";
const PYPI_TIMEOUT_MS = 8000;

/**
 * A pip install against PyPI's latest release: 0 when equal, -1 (behind by an unknown
 * count) when PyPI has another version, null when PyPI cannot be read.
 * `HERMES_PYPI_URL` points at a mirror (or a test server).
 */
async function pypiBehind(version: string | null, env: Record<string, string | undefined>): Promise<number | null> {
	try {
		const response = await fetch(env.HERMES_PYPI_URL || PYPI_URL, { signal: AbortSignal.timeout(PYPI_TIMEOUT_MS) });
		if (!response.ok) {
			await response.body?.cancel();
			return null;
		}
		const latest = ((await response.json()) as { info?: { version?: unknown } }).info?.version;
		if (typeof latest !== "string" || version === null) {
			return null;
		}
		return latest === version ? 0 : -1;
	} catch {
		return null;
	}
}

async function upstreamCommits(root: string): Promise<UpdateCommit[]> {
	try {
		const out = await git(root, ["log", "-n", "20", "--format=%H%x1f%s%x1f%an%x1f%at", "HEAD..origin/main"]);
		return out
			.split("\n")
			.filter((line) => line !== "")
			.map((line) => {
				const [sha = "", summary = "", author = "", at = "0"] = line.split("\x1f");
				return { sha: sha.slice(0, 7), summary, author, at: Number(at) };
			});
	} catch {
		return [];
	}
}

export interface UpdateCheckOptions {
	install: HermesInstall;
	env: Record<string, string | undefined>;
	nowMs: number;
	force: boolean;
	/** Whether the dashboard runs in a container (updates then come from the image). */
	inContainer: boolean;
}

/** The update-check payload for a home (the root home holds the cache). */
export async function checkForUpdates(home: string, options: UpdateCheckOptions): Promise<UpdateCheck> {
	const { install, env } = options;
	const method = detectInstallMethod(install, home, { env, inContainer: options.inContainer });
	if (home === "/opt/data" || (options.inContainer && method !== "git" && install.found)) {
		return {
			install_method: "managed-runtime",
			current_version: install.version,
			behind: null,
			update_available: false,
			can_apply: false,
			update_command: "managed outside dashboard",
			message: "Hermes updates are managed outside this dashboard in containerized environments.",
		};
	}
	const payload: UpdateCheck = {
		install_method: method,
		current_version: install.version,
		behind: null,
		update_available: false,
		can_apply: method === "git" || method === "pip",
		update_command: updateCommand(method),
		message: null,
	};
	if (method === "unknown") {
		payload.message =
			"Hermes Agent is not installed here (no `hermes` found): install Hermes Agent to check for updates.";
		return payload;
	}
	if (method === "docker") {
		payload.message = DOCKER_MESSAGE;
		return payload;
	}
	if (method === "nixos" || method === "homebrew") {
		payload.message = `Updates for this install come from its package manager: ${payload.update_command}`;
		return payload;
	}
	const cachePath = join(home, ".update_check");
	if (options.force) {
		try {
			unlinkSync(cachePath);
		} catch {
			// No cache yet.
		}
	}
	const nowSeconds = Math.floor(options.nowMs / 1000);
	let behind: number | null = readCache(home, nowSeconds, install.version)?.behind ?? null;
	const cached = readCache(home, nowSeconds, install.version) !== null;
	if (!cached) {
		let rev: string | null = null;
		if (method === "git" && install.root !== null) {
			try {
				({ behind, rev } = await gitBehind(install.root));
			} catch {
				behind = null;
			}
		}
		if (method === "pip") {
			behind = await pypiBehind(install.version, env);
		}
		if (behind !== null) {
			writeFileSync(cachePath, JSON.stringify({ ts: nowSeconds, behind, rev, ver: install.version }));
		}
	}
	payload.behind = behind;
	if (behind === null) {
		payload.message = FAILED_MESSAGE;
	} else if (behind === 0) {
		payload.message = LATEST_MESSAGE;
	} else {
		payload.update_available = true;
		if (method === "git" && install.root !== null) {
			payload.commits = await upstreamCommits(install.root);
		}
	}
	return payload;
}

/** Why `POST /api/hermes/update` must not spawn here (and the out-of-band command), or null. */
export function updateRefusal(
	home: string,
	options: { install: HermesInstall; env: Record<string, string | undefined>; inContainer: boolean },
): { error: string; message: string; update_command: string } | null {
	const method = detectInstallMethod(options.install, home, options);
	if (home === "/opt/data" || (options.inContainer && method !== "git" && options.install.found)) {
		return {
			error: "dashboard_update_managed_externally",
			message:
				"Hermes updates are managed outside this dashboard in containerized environments. The built-in local updater is disabled here.",
			update_command: "managed outside dashboard",
		};
	}
	if (method === "docker") {
		return { error: "docker_update_unsupported", message: DOCKER_MESSAGE, update_command: updateCommand(method) };
	}
	if (method === "nixos" || method === "homebrew") {
		const command = updateCommand(method);
		return {
			error: "package_manager_update_unsupported",
			message: `Updates for this install come from its package manager: ${command}`,
			update_command: command,
		};
	}
	return null;
}
