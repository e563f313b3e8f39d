/**
 * @module
 * Writing `mcp_servers` in config.yaml. The edit is applied to the parsed document with
 * the config writer's in-place splicing, so every byte outside the edited entries stays
 * as it was. Writes are serialised with the config editor's lock; since Hermes itself
 * takes no lock on config.yaml, the file is read again right before the rename and, if
 * another writer changed it meanwhile, the edit is re-applied to the new content (a
 * merge), never written over it.
 */
import { dirname } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isInContainer } from "../home/container.ts";
import { isManagedInstall } from "../home/install.ts";
import { applyToDocument } from "../config/plan.ts";
import { recordSave } from "../config/history.ts";
import { withConfigLock } from "../config/store.ts";
import { ConfigParseError, documentToMapping, parseConfigDocument, readConfigText } from "../config/yaml.ts";
import { isMapping } from "./servers.ts";

/** A refused edit, with the HTTP status and Hermes's text. */
export class McpEditError extends Error {
	readonly status: 400 | 403 | 404 | 409;

	constructor(status: 400 | 403 | 404 | 409, message: string) {
		super(message);
		this.status = status;
	}
}

/** What an edit returns: the new map (`null` removes the key) and a value for the caller. */
export interface EditOutcome<T> {
	servers: Record<string, unknown> | null;
	result: T;
}

/** Attempts before giving up when other writers keep changing the file under us. */
const MAX_ATTEMPTS = 4;

/**
 * Runs `edit` on a copy of the current `mcp_servers` map and saves the outcome. `edit`
 * may throw McpEditError (e.g. 404, 409); it may run more than once when the file
 * changes between read and write, so it must only look at the map it is given.
 */
export function editServers<T>(
	configPath: string,
	env: Record<string, string | undefined>,
	edit: (servers: Record<string, unknown>) => EditOutcome<T>,
): Promise<T> {
	return withConfigLock(configPath, () => {
		if (isManagedInstall(dirname(configPath), env)) {
			throw new McpEditError(403, "Hermes is in managed mode: config.yaml is read-only");
		}
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const current = readConfigText(configPath);
			let doc: ReturnType<typeof parseConfigDocument>;
			try {
				doc = parseConfigDocument(current.text);
			} catch (error) {
				if (error instanceof ConfigParseError) {
					throw new McpEditError(
						409,
						`config.yaml does not parse, so it cannot be edited here: ${error.message}`,
					);
				}
				throw error;
			}
			const mapping = documentToMapping(doc);
			const servers = isMapping(mapping.mcp_servers) ? structuredClone(mapping.mcp_servers) : {};
			const outcome = edit(servers);
			const target = { ...mapping };
			if (outcome.servers === null) {
				delete target.mcp_servers;
			} else {
				target.mcp_servers = outcome.servers;
			}
			const next = applyToDocument(doc, target, current.text);
			if (next === current.text && current.exists) {
				return outcome.result;
			}
			// Compare-and-swap: another writer's change since our read is merged, not lost.
			if (readConfigText(configPath).text !== current.text) {
				continue;
			}
			writeFileAtomic(configPath, next, isInContainer(env) ? { mode: 0o600 } : { forceMode: 0o600 });
			recordSave(configPath, current.exists ? current.text : null, next);
			return outcome.result;
		}
		throw new McpEditError(409, "config.yaml kept changing while saving; reload and try again");
	});
}
