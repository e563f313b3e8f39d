/**
 * @module
 * Named profiles: full Hermes homes under `<root>/profiles/<name>` (hermes-home §1.2),
 * and the one rule that turns a requested profile name into a home (api-contract 0.2).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { homePaths, rootHome, type HomePaths } from "./paths.ts";

export const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Names Hermes refuses because they collide with the installation or a system binary. */
const RESERVED_NAMES = new Set(["hermes", "test", "tmp", "root", "sudo"]);

/** Profile names, `default` (the root) first, then the rest sorted. */
export function listProfiles(root: string): string[] {
	const names: string[] = [];
	try {
		for (const entry of readdirSync(join(root, "profiles"), { withFileTypes: true })) {
			if (entry.isDirectory() && PROFILE_NAME.test(entry.name) && entry.name !== "default") {
				names.push(entry.name);
			}
		}
	} catch {
		// No profiles folder: only the default profile exists.
	}
	return ["default", ...names.sort()];
}

/** The home folder of a profile name (`default` is the root). */
export function profileHome(root: string, name: string): string {
	return name === "default" ? root : join(root, "profiles", name);
}

/** The home a request works on. */
export interface ResolvedProfile {
	home: string;
	paths: HomePaths;
	/** Canonical name when a named profile was asked for; null for the dashboard's own home. */
	name: string | null;
	isDefault: boolean;
}

/** Why a requested name has no home: `invalid` names are refused, `missing` ones are well-formed but absent. */
export interface ProfileFailure {
	kind: "invalid" | "missing";
	message: string;
}

export type ProfileResolution = { ok: true; profile: ResolvedProfile } | { ok: false; failure: ProfileFailure };

/** Python's `repr()` of a string, as Hermes's messages quote names. */
export function pythonStringRepr(text: string): string {
	const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
	let out = "";
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (char === "\\" || char === quote) {
			out += `\\${char}`;
		} else if (char === "\n") {
			out += "\\n";
		} else if (char === "\r") {
			out += "\\r";
		} else if (char === "\t") {
			out += "\\t";
		} else if (code < 0x20 || code === 0x7f) {
			out += `\\x${code.toString(16).padStart(2, "0")}`;
		} else {
			out += char;
		}
	}
	return `${quote}${out}${quote}`;
}

/** Hermes's profile-name validator: null when valid, else its message. */
export function profileNameProblem(name: string): string | null {
	if (!PROFILE_NAME.test(name)) {
		return `Invalid profile name ${pythonStringRepr(name)}. Must match [a-z0-9][a-z0-9_-]{0,63}`;
	}
	if (RESERVED_NAMES.has(name)) {
		return `Profile name ${pythonStringRepr(name)} is reserved — it collides with either the Hermes installation itself or a common system binary.  Pick a different name.`;
	}
	return null;
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

/**
 * The one `profile` rule: absent, blank or `current` (any case) → `ownHome`; otherwise the
 * name is trimmed and lower-cased (so `Default` is the root, as Hermes's session routes
 * do), validated, and must exist under the root home.
 */
export function resolveProfile(ownHome: string, requested: string | null | undefined): ProfileResolution {
	const name = (requested ?? "").trim().toLowerCase();
	if (name === "" || name === "current") {
		const isDefault = rootHome(ownHome) === ownHome;
		return { ok: true, profile: { home: ownHome, paths: homePaths(ownHome), name: null, isDefault } };
	}
	const problem = profileNameProblem(name);
	if (problem !== null) {
		return { ok: false, failure: { kind: "invalid", message: problem } };
	}
	const home = profileHome(rootHome(ownHome), name);
	if (!isDirectory(home)) {
		return { ok: false, failure: { kind: "missing", message: `Profile '${name}' does not exist.` } };
	}
	return { ok: true, profile: { home, paths: homePaths(home), name, isDefault: name === "default" } };
}
