/**
 * @module
 * Creating, renaming and deleting profiles and choosing the active one, laid out on disk
 * as Hermes does (api-contract-clients §1.2, §2.1–§2.4). Every refusal is a
 * `ProfileOpError` carrying Hermes's status and text, raised before anything is changed.
 */
import {
	chmodSync,
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { profileHome, profileNameProblem } from "../home/profiles.ts";
import { rootHome } from "../home/paths.ts";
import { isDirectory, readActiveProfile } from "./list.ts";
import { createWrapper, removeWrapper } from "./wrapper.ts";
import { renameHonchoHosts } from "./honcho.ts";
import { DEFAULT_SOUL, ENV_HEADER } from "./seed.ts";

export class ProfileOpError extends Error {
	readonly status: 400 | 404 | 500;
	constructor(status: 400 | 404 | 500, message: string) {
		super(message);
		this.status = status;
	}
}

/** Where the wrapper scripts go and what they run (absent HOME = no wrappers). */
export interface WrapperContext {
	userHome: string | undefined;
	hermes: string;
	pathVar: string | undefined;
}

/** Trim, lower-case, refuse blank and invalid names. */
export function canonicalName(raw: string): string {
	const name = raw.trim().toLowerCase();
	if (name === "") {
		throw new ProfileOpError(400, "profile name cannot be empty");
	}
	const problem = profileNameProblem(name);
	if (problem !== null && name !== "default") {
		throw new ProfileOpError(400, problem);
	}
	return name;
}

/** `POST /api/profiles/active`: `default` deletes the marker, any other name is written atomically. */
export function setActiveProfile(ownHome: string, rawName: string): string {
	const name = canonicalName(rawName);
	const root = rootHome(ownHome);
	const marker = join(root, "active_profile");
	if (name === "default") {
		rmSync(marker, { force: true });
		return name;
	}
	if (!isDirectory(profileHome(root, name))) {
		throw new ProfileOpError(
			404,
			`Profile '${name}' does not exist. Create it with: hermes profile create ${name}`,
		);
	}
	writeFileAtomic(marker, `${name}\n`);
	return name;
}

/** Folders a fresh profile starts with. */
const FRESH_DIRS = ["memories", "sessions", "skills", "skins", "logs", "plans", "workspace", "cron", "home"];
/** Never copied by a full clone, at the source root. */
const ROOT_EXCLUDES = new Set([
	"state.db",
	"state.db-wal",
	"state.db-shm",
	"sessions",
	"backups",
	"state-snapshots",
	"checkpoints",
]);
/** Also not copied when the source is the root home itself. */
const ROOT_HOME_EXCLUDES = new Set(["hermes-agent", ".worktrees", "profiles", "bin", "node_modules"]);
/** Runtime files removed from a full clone. */
const RUNTIME_FILES = ["gateway.pid", "gateway_state.json", "processes.json"];

function freshLayout(dir: string, noSkills: boolean): void {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	for (const sub of FRESH_DIRS) {
		mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
	}
	writeFileSync(join(dir, ".env"), ENV_HEADER, { mode: 0o600 });
	writeFileSync(join(dir, "SOUL.md"), DEFAULT_SOUL);
	if (noSkills) {
		writeFileSync(join(dir, ".no-bundled-skills"), "");
	}
}

function copyIfPresent(from: string, to: string): void {
	if (existsSync(from)) {
		mkdirSync(resolve(to, ".."), { recursive: true });
		copyFileSync(from, to);
	}
}

/** Config-only clone: the fresh layout plus config, keys, persona, skills and memories. */
function configClone(source: string, dir: string): void {
	freshLayout(dir, false);
	copyIfPresent(join(source, "config.yaml"), join(dir, "config.yaml"));
	if (existsSync(join(source, ".env"))) {
		copyFileSync(join(source, ".env"), join(dir, ".env"));
		chmodSync(join(dir, ".env"), 0o600);
	}
	copyIfPresent(join(source, "SOUL.md"), join(dir, "SOUL.md"));
	if (isDirectory(join(source, "skills"))) {
		cpSync(join(source, "skills"), join(dir, "skills"), { recursive: true, verbatimSymlinks: true });
	}
	for (const file of ["MEMORY.md", "USER.md"]) {
		copyIfPresent(join(source, "memories", file), join(dir, "memories", file));
	}
}

/** Copies the source tree entry by entry (the root home contains `profiles/`, the target's parent). */
function fullClone(source: string, dir: string, sourceIsRoot: boolean): void {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const skip = (name: string): boolean => name === "__pycache__" || /\.(pyc|pyo|sock|tmp)$/.test(name);
	for (const entry of readdirSync(source)) {
		if (ROOT_EXCLUDES.has(entry) || (sourceIsRoot && ROOT_HOME_EXCLUDES.has(entry)) || skip(entry)) {
			continue;
		}
		cpSync(join(source, entry), join(dir, entry), {
			recursive: true,
			verbatimSymlinks: true,
			filter: (from) => !skip(basename(from)),
		});
	}
	for (const file of RUNTIME_FILES) {
		rmSync(join(dir, file), { force: true });
	}
}

export interface CreateRequest {
	name: string;
	cloneFrom: string | null;
	cloneFromDefault: boolean;
	cloneAll: boolean;
	noSkills: boolean;
}

/** Creates the profile directory; returns its absolute path. */
export function createProfile(ownHome: string, request: CreateRequest, wrappers: WrapperContext): string {
	const name = canonicalName(request.name);
	const root = rootHome(ownHome);
	if (name === "default") {
		throw new ProfileOpError(
			400,
			"Cannot create a profile named 'default' — it is the built-in profile (~/.hermes).",
		);
	}
	const dir = resolve(profileHome(root, name));
	if (existsSync(dir)) {
		throw new ProfileOpError(400, `Profile '${name}' already exists at ${dir}`);
	}
	const cloneFrom = request.cloneFrom?.trim() ? request.cloneFrom.trim() : null;
	const source = cloneFrom ?? (request.cloneAll || request.cloneFromDefault ? "default" : null);
	if (request.noSkills && source !== null) {
		throw new ProfileOpError(
			400,
			"--no-skills is mutually exclusive with --clone / --clone-from / --clone-all (cloning explicitly copies skills from the source profile).",
		);
	}
	let sourceDir: string | null = null;
	if (source !== null) {
		const sourceName = canonicalName(source);
		sourceDir = resolve(profileHome(root, sourceName));
		if (!isDirectory(sourceDir)) {
			throw new ProfileOpError(400, `Source profile '${source}' does not exist at ${sourceDir}`);
		}
	}
	mkdirSync(join(root, "profiles"), { recursive: true });
	try {
		if (sourceDir === null) {
			freshLayout(dir, request.noSkills);
		} else if (request.cloneAll) {
			fullClone(sourceDir, dir, sourceDir === resolve(root));
		} else {
			configClone(sourceDir, dir);
		}
	} catch (error) {
		// A half-made profile would block a retry ("already exists"): remove it.
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	createWrapper(wrappers.userHome, name, wrappers.hermes, wrappers.pathVar);
	return dir;
}

/** The rename refusals, in Hermes's order; returns both folders. */
export function checkRename(
	ownHome: string,
	rawOld: string,
	rawNew: string,
): { from: string; to: string; oldName: string; newName: string } {
	const oldName = canonicalName(rawOld);
	const newName = canonicalName(rawNew);
	if (oldName === "default") {
		throw new ProfileOpError(400, "Cannot rename the default profile.");
	}
	if (newName === "default") {
		throw new ProfileOpError(400, "Cannot rename to 'default' — it is reserved.");
	}
	const root = rootHome(ownHome);
	const from = resolve(profileHome(root, oldName));
	const to = resolve(profileHome(root, newName));
	if (!isDirectory(from)) {
		throw new ProfileOpError(404, `Profile '${oldName}' does not exist.`);
	}
	if (existsSync(to)) {
		throw new ProfileOpError(400, `Profile '${newName}' already exists.`);
	}
	return { from, to, oldName, newName };
}

/** `PATCH /api/profiles/{name}`: renames the directory, Honcho host blocks, the wrapper and the active marker. */
export function renameProfile(ownHome: string, rawOld: string, rawNew: string, wrappers: WrapperContext): string {
	const { from, to, oldName, newName } = checkRename(ownHome, rawOld, rawNew);
	const root = rootHome(ownHome);
	renameSync(from, to);
	renameHonchoHosts(to, root, wrappers.userHome, oldName, newName);
	removeWrapper(wrappers.userHome, oldName);
	createWrapper(wrappers.userHome, newName, wrappers.hermes, wrappers.pathVar);
	if (readActiveProfile(ownHome) === oldName) {
		writeFileAtomic(join(root, "active_profile"), `${newName}\n`);
	}
	return to;
}

/** The delete refusals; returns the profile's folder. */
export function checkDelete(ownHome: string, rawName: string): { dir: string; name: string } {
	const name = canonicalName(rawName);
	if (name === "default") {
		throw new ProfileOpError(
			400,
			"Cannot delete the default profile (~/.hermes).\nTo remove everything, use: hermes uninstall",
		);
	}
	const dir = resolve(profileHome(rootHome(ownHome), name));
	if (!isDirectory(dir)) {
		throw new ProfileOpError(404, `Profile '${name}' does not exist.`);
	}
	return { dir, name };
}

/** `DELETE /api/profiles/{name}`: removes the tree (three tries), the wrapper, and a stale active marker. */
export function deleteProfile(ownHome: string, rawName: string, wrappers: WrapperContext): string {
	const { dir, name } = checkDelete(ownHome, rawName);
	const root = rootHome(ownHome);
	let lastError: unknown = null;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
			lastError = null;
			break;
		} catch (error) {
			lastError = error;
		}
	}
	if (lastError !== null) {
		throw new ProfileOpError(500, `Could not remove profile directory ${dir}: ${String(lastError)}`);
	}
	removeWrapper(wrappers.userHome, name);
	if (readActiveProfile(ownHome) === name) {
		rmSync(join(root, "active_profile"), { force: true });
	}
	return dir;
}
