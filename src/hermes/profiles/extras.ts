/**
 * @module
 * What a new profile gets after its directory exists (api-contract-clients §2.2): MCP
 * servers written into its config, and the `keep_skills` selection turned into
 * `skills.disabled`. Both go through the comment-preserving config writer.
 */
import { isMapping } from "../config/effective.ts";
import { editConfig, mappingAt } from "../models/config_edit.ts";
import { installedSkillNames } from "./list.ts";

export interface MCPServerRequest {
	name: string;
	url?: string | null;
	command?: string | null;
	args?: string[] | null;
	env?: Record<string, string> | null;
	auth?: unknown;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === "" ||
		(Array.isArray(value) && value.length === 0) ||
		(isMapping(value) && Object.keys(value).length === 0)
	);
}

/** Writes the usable entries (a name and at least one of url/command/args/env/auth); returns how many. */
export async function writeMCPServers(
	configPath: string,
	env: Record<string, string | undefined>,
	servers: MCPServerRequest[],
): Promise<number> {
	const usable = servers.filter(
		(server) =>
			server.name.trim() !== "" &&
			["url", "command", "args", "env", "auth"].some((key) => !isEmpty(server[key as keyof MCPServerRequest])),
	);
	if (usable.length === 0) return 0;
	await editConfig(configPath, env, (config) => {
		const section = mappingAt(config, "mcp_servers");
		for (const server of usable) {
			const entry: Record<string, unknown> = {};
			for (const key of ["url", "command", "args", "env", "auth"] as const) {
				if (!isEmpty(server[key])) entry[key] = server[key];
			}
			section[server.name.trim()] = entry;
		}
	});
	return usable.length;
}

/** Disables every installed skill not in `keep`; an empty list keeps them all (Hermes's rule). */
export async function keepOnlySkills(
	configPath: string,
	skillsDir: string,
	env: Record<string, string | undefined>,
	keep: string[],
): Promise<number> {
	if (keep.length === 0) return 0;
	const wanted = new Set(keep);
	const disable = installedSkillNames(skillsDir).filter((name) => !wanted.has(name));
	if (disable.length === 0) return 0;
	await editConfig(configPath, env, (config) => {
		const skills = mappingAt(config, "skills");
		const current = Array.isArray(skills.disabled) ? skills.disabled : [];
		skills.disabled = [...current, ...disable.filter((name) => !current.includes(name))];
	});
	return disable.length;
}
