/**
 * @module
 * Small semantic edits of `config.yaml` (a hook added, the memory provider chosen) that
 * keep every comment and untouched byte: the change is applied to the parsed document
 * and spliced into the text, then saved through the config store with the version read,
 * so a concurrent writer's save is never overwritten — the edit is re-applied on top of
 * it instead (a few tries, then a conflict).
 */
import { applyToDocument } from "../config/plan.ts";
import { ConfigConflictError, saveRawConfig } from "../config/store.ts";
import { documentToMapping, parseConfigDocument, readConfigText, type ConfigMapping } from "../config/yaml.ts";

const ATTEMPTS = 3;

/**
 * Applies `change` to the file's mapping (mutate it in place) and saves. `change` may
 * return false to say "nothing to write". Returns whether the file changed.
 */
export async function editConfig(
	path: string,
	env: Record<string, string | undefined>,
	change: (config: ConfigMapping) => boolean,
): Promise<boolean> {
	for (let attempt = 1; ; attempt++) {
		const current = readConfigText(path);
		const doc = parseConfigDocument(current.text);
		const mapping = documentToMapping(doc);
		if (!change(mapping)) {
			return false;
		}
		const next = applyToDocument(doc, mapping, current.text);
		try {
			const saved = await saveRawConfig(path, next, { env, expectVersion: current.version });
			return saved.changed;
		} catch (error) {
			if (!(error instanceof ConfigConflictError) || error.reason !== "stale" || attempt >= ATTEMPTS) {
				throw error;
			}
		}
	}
}
