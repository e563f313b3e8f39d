/**
 * @module
 * Honcho memory settings follow a renamed profile (api-contract-clients §2.3): in the
 * profile's `honcho.json`, the root's and `~/.honcho/config.json`, the `hosts` block
 * `hermes_<old>` (or legacy `hermes.<old>`) moves to `hermes_<new>`, keeping the old
 * name as `aiPeer` so the memory stays attached. A file that already has the new block,
 * or cannot be read, is left alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isMapping } from "../config/effective.ts";

function moveHostBlock(path: string, oldName: string, newName: string): boolean {
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(path, "utf8"));
	} catch {
		return false;
	}
	const hosts = isMapping(data) ? data.hosts : undefined;
	if (!isMapping(hosts)) return false;
	const from = [`hermes_${oldName}`, `hermes.${oldName}`].find((key) => Object.hasOwn(hosts, key));
	const to = `hermes_${newName}`;
	if (from === undefined || Object.hasOwn(hosts, to)) return false;
	const block = isMapping(hosts[from]) ? { ...hosts[from] } : {};
	block.aiPeer ??= oldName;
	// Rebuild to keep the block where it was in the file.
	const moved: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(hosts)) {
		if (key === from) moved[to] = block;
		else moved[key] = value;
	}
	(data as Record<string, unknown>).hosts = moved;
	writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
	return true;
}

/** Moves the block in every Honcho config that may hold it; returns the files changed. */
export function renameHonchoHosts(
	profileDir: string,
	root: string,
	userHome: string | undefined,
	oldName: string,
	newName: string,
): string[] {
	const files = [join(profileDir, "honcho.json"), join(root, "honcho.json")];
	if (userHome !== undefined) files.push(join(userHome, ".honcho", "config.json"));
	return files.filter((path) => moveHostBlock(path, oldName, newName));
}
