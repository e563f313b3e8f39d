/**
 * @module
 * Saving the theme choice: `dashboard.theme` in the dashboard's own config.yaml, stored
 * verbatim as Hermes does (any name), through the comment-preserving form writer — the
 * rest of the file, comments included, is left as it was.
 */
import { homePaths } from "../home/paths.ts";
import { templateEnv } from "../config/template_env.ts";

export async function saveThemeChoice(
	home: string,
	name: string,
	env: Record<string, string | undefined>,
): Promise<void> {
	const { saveFormConfig } = await import("../config/store.ts");
	await saveFormConfig(homePaths(home).config, { dashboard: { theme: name } }, { env: templateEnv(home, env) });
}
