/**
 * @module
 * The managed-files policy of `/api/files*` (api-contract-clients §4.1): where the files
 * root is, how a requested path becomes a real path, and which names count as
 * credentials. Decided per request, so an env change needs no restart.
 *
 * Confinement: with a locked root, the request's path is resolved (symlinks followed,
 * missing tails kept as given) and must stay inside the root's real path; `..` components
 * are refused before anything touches the disk, also when written with backslashes.
 */
import { mkdirSync, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { isWithin, realPathAllowingMissing } from "../home/confine.ts";
import { rootHome } from "../home/paths.ts";

/** The family's size cap (413 `File is too large`). */
export const FILES_SIZE_CAP = 100 * 1024 * 1024;

/** A refusal with Hermes's status and text; the route answers it as `{"detail": ...}`. */
export class FilesError extends Error {
	readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 500;
	constructor(status: FilesError["status"], detail: string) {
		super(detail);
		this.name = "FilesError";
		this.status = status;
	}
}

export interface FilesPolicy {
	/** The real path of the locked root, or null when any absolute path may be used. */
	lockedRoot: string | null;
	/** The directory an empty path means. */
	defaultDir: string;
}

/** The policy fields every answer of the family carries. */
export function policyFields(policy: FilesPolicy): {
	root: string | null;
	locked_root: string | null;
	can_change_path: boolean;
} {
	return { root: policy.lockedRoot, locked_root: policy.lockedRoot, can_change_path: policy.lockedRoot === null };
}

function lockedRootFrom(env: Record<string, string | undefined>, home: string): string | null {
	const configured = env.HERMES_DASHBOARD_FILES_ROOT;
	if (configured !== undefined && configured.trim() !== "") {
		return resolve(expandHome(configured.trim()));
	}
	const hermesHome = env.HERMES_HOME;
	if (hermesHome !== undefined && hermesHome.trim() !== "" && rootHome(resolve(home)) === "/opt/data") {
		return "/opt/data";
	}
	return null;
}

/** The policy in force for this request (creates a configured root that is missing). */
export async function filesPolicy(env: Record<string, string | undefined>, home: string): Promise<FilesPolicy> {
	const root = lockedRootFrom(env, home);
	if (root === null) {
		return { lockedRoot: null, defaultDir: homedir() };
	}
	try {
		mkdirSync(root, { recursive: true });
	} catch (error) {
		throw new FilesError(500, `Managed files root is unavailable: ${(error as Error).message}`);
	}
	if (!statSync(root).isDirectory()) {
		throw new FilesError(500, "Managed files root is not a directory");
	}
	const real = await realpath(root);
	return { lockedRoot: real, defaultDir: real };
}

function expandHome(path: string): string {
	if (path === "~") return homedir();
	if (path.startsWith("~/")) return join(homedir(), path.slice(2));
	return path;
}

/** `..` as a component, with `/` or `\` as the separator (a backslash never smuggles one in). */
function hasParentComponent(path: string): boolean {
	return path.split(/[/\\]/).includes("..");
}

/** The absolute path a request names, before symlinks are resolved. */
function requestedAbsolute(policy: FilesPolicy, raw: string): string {
	if (raw.includes("\0")) {
		throw new FilesError(400, "Invalid path");
	}
	const path = expandHome(raw.trim());
	if (hasParentComponent(path)) {
		throw new FilesError(400, "Path cannot contain '..'");
	}
	if (policy.lockedRoot !== null) {
		if (path === "" || path === "." || path === "/") return policy.lockedRoot;
		return isAbsolute(path) ? resolve(path) : resolve(policy.lockedRoot, path);
	}
	if (path === "") return policy.defaultDir;
	if (!isAbsolute(path)) {
		throw new FilesError(400, "Path must be absolute");
	}
	return resolve(path);
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === "ENOENT" || code === "ENOTDIR";
}

/** Refuses a real path outside the locked root (a symlink out of it included). */
export function requireInsideRoot(policy: FilesPolicy, real: string): string {
	if (policy.lockedRoot !== null && !isWithin(policy.lockedRoot, real)) {
		throw new FilesError(403, "Path outside managed files root");
	}
	return real;
}

/** An existing path, resolved and confined (404 `Path not found` when missing). */
export async function resolveExisting(policy: FilesPolicy, raw: string): Promise<string> {
	const absolute = requestedAbsolute(policy, raw);
	let real: string;
	try {
		real = await realpath(absolute);
	} catch (error) {
		if (isMissing(error)) throw new FilesError(404, "Path not found");
		throw error;
	}
	return requireInsideRoot(policy, real);
}

/**
 * A write target: the existing part resolved, the missing rest kept as given, confined.
 * The last component is not followed when it is a symlink only if it does not exist.
 */
export async function resolveForWrite(policy: FilesPolicy, raw: string): Promise<string> {
	const absolute = requestedAbsolute(policy, raw);
	return requireInsideRoot(policy, await realPathAllowingMissing(absolute));
}

/** Whether `path` is the locked root or (unlocked) the filesystem root: never deleted. */
export function isProtectedRoot(policy: FilesPolicy, real: string): string | null {
	if (policy.lockedRoot !== null && real === policy.lockedRoot) return "Cannot delete the managed files root";
	if (dirname(real) === real) return "Cannot delete the filesystem root";
	return null;
}

const SENSITIVE_NAMES = new Set([
	".envrc",
	".env",
	"auth.json",
	"auth.lock",
	"credentials",
	"config.yaml",
	".anthropic_oauth.json",
	"google_token.json",
	"google_oauth_pending.json",
	"google_oauth.json",
	"webhook_subscriptions.json",
	"bws_cache.json",
	".git-credentials",
]);
const SENSITIVE_DIRS = new Set(["mcp-tokens", "pairing"]);

/** Credential filter of the read side: the name, or any component, names a secret store. */
export function isSensitive(path: string): boolean {
	const name = basename(path).toLowerCase();
	if (SENSITIVE_NAMES.has(name) || name.startsWith(".env.")) return true;
	return path.split("/").some((part) => SENSITIVE_DIRS.has(part));
}
