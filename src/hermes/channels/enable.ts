/**
 * @module
 * Turning a platform on or off: `platforms.<id>.enabled` in config.yaml, written through
 * the comment-preserving config writer (every other byte of the file is kept). The
 * writer's refusals (`ConfigManagedError`, `ConfigConflictError`) pass through.
 */
import { join } from "node:path";
import { templateEnv } from "../config/template_env.ts";

export async function savePlatformEnabled(
	home: string,
	processEnv: Record<string, string | undefined>,
	id: string,
	enabled: boolean,
): Promise<void> {
	// Loaded on first write, as the config page does: the writer pulls in the YAML stack.
	const store = await import("../config/store.ts");
	await store.saveFormConfig(
		join(home, "config.yaml"),
		{ platforms: { [id]: { enabled } } },
		{ env: templateEnv(home, processEnv) },
	);
}

/** The HTTP status for a refused config write: 403 managed install, 409 unparseable file; null otherwise. */
export async function configRefusalStatus(error: unknown): Promise<403 | 409 | null> {
	const store = await import("../config/store.ts");
	if (error instanceof store.ConfigManagedError) return 403;
	if (error instanceof store.ConfigConflictError) return 409;
	return null;
}
