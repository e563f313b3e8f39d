/**
 * @module
 * Enabling and disabling a skill (hermes-home §7.3): the name is added to or removed from
 * `skills.disabled` (sorted) in config.yaml through the comment-preserving form writer,
 * so every other byte of the file stays. The save carries the version it read; if
 * another writer got in between, the list is recomputed from the new file and saved again.
 */
import { saveFormConfig, ConfigConflictError } from "../config/store.ts";
import { parseConfigText, readConfigText } from "../config/yaml.ts";
import { disabledSkills } from "./scan.ts";

const ATTEMPTS = 3;

export async function setSkillEnabled(
	configPath: string,
	name: string,
	enabled: boolean,
	env: Record<string, string | undefined>,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const current = readConfigText(configPath);
		const disabled = new Set(disabledSkills(parseConfigText(current.text)));
		if (enabled) disabled.delete(name);
		else disabled.add(name);
		try {
			await saveFormConfig(
				configPath,
				{ skills: { disabled: [...disabled].sort() } },
				{ env, expectVersion: current.version },
			);
			return;
		} catch (error) {
			if (!(error instanceof ConfigConflictError && error.reason === "stale") || attempt >= ATTEMPTS) {
				throw error;
			}
		}
	}
}
