/**
 * @module
 * Named profiles: full Hermes homes under `<root>/profiles/<name>` (hermes-home §1.2).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

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
