/**
 * @module
 * Targeted config.yaml edits (set or remove a few keys) through the comment-preserving
 * writer: the change is made on the file's mapping under the config lock, spliced into
 * the original text (untouched bytes stay as they were) and written atomically (0600,
 * as save_config does). The file is re-read under the lock, so a concurrent writer's
 * change is merged rather than dropped.
 */
import { dirname } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isInContainer } from "../home/container.ts";
import { isManagedInstall } from "../home/install.ts";
import { applyToDocument } from "../config/plan.ts";
import { recordSave } from "../config/history.ts";
import { ConfigConflictError, ConfigManagedError, withConfigLock } from "../config/store.ts";
import {
	ConfigParseError,
	ConfigReadError,
	documentToMapping,
	parseConfigDocument,
	readConfigText,
	type ConfigMapping,
} from "../config/yaml.ts";
import { isMapping } from "../config/effective.ts";

/** Changes the mapping in place; may return a value handed back to the caller. */
export type ConfigEdit<T> = (config: ConfigMapping) => T;

/** Attempts before a file that keeps changing under us is reported as a conflict. */
const ATTEMPTS = 3;

export async function editConfig<T>(
	path: string,
	env: Record<string, string | undefined>,
	edit: ConfigEdit<T>,
): Promise<T> {
	return withConfigLock(path, () => {
		if (isManagedInstall(dirname(path), env)) {
			throw new ConfigManagedError("Hermes is in managed mode: config.yaml is read-only");
		}
		for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
			const current = readConfigText(path);
			const doc = parseConfigDocument(current.text);
			const config = documentToMapping(doc);
			const result = edit(config);
			const next = applyToDocument(doc, config, current.text);
			if (next === current.text && current.exists) {
				return result;
			}
			// Compare-and-swap: another process (Hermes) may have saved meanwhile; redo the edit on its version.
			if (readConfigText(path).version !== current.version) {
				continue;
			}
			writeFileAtomic(path, next, isInContainer(env) ? { mode: 0o600 } : { forceMode: 0o600 });
			recordSave(path, current.exists ? current.text : null, next);
			return result;
		}
		const latest = readConfigText(path);
		throw new ConfigConflictError("stale", "config.yaml kept changing while saving; try again", latest.version);
	});
}

/** The HTTP answer for a config edit that was refused, or null for an unexpected failure. */
export function configEditRefusal(error: unknown): { status: 400 | 403 | 409; message: string } | null {
	if (error instanceof ConfigManagedError) return { status: 403, message: error.message };
	if (error instanceof ConfigParseError) return { status: 400, message: error.message };
	if (error instanceof ConfigConflictError || error instanceof ConfigReadError)
		return { status: 409, message: error.message };
	return null;
}

/** The mapping at `key`, created (or replacing a non-mapping) when needed. */
export function mappingAt(parent: ConfigMapping, key: string): ConfigMapping {
	const value = parent[key];
	if (isMapping(value)) {
		return value;
	}
	const fresh: ConfigMapping = {};
	parent[key] = fresh;
	return fresh;
}
