/**
 * @module
 * The `yaml` package, loaded on first use. It is the largest module the dashboard
 * reads and its first parse is slow while cold; most requests (and a cold start)
 * never need it, because parsed configs are cached (see `parse_cache.ts`).
 */
import { createRequire } from "node:module";

type YAMLModule = typeof import("yaml");

let loaded: YAMLModule | undefined;

/** The `yaml` module (synchronous: callers parse synchronously). */
export function yamlLib(): YAMLModule {
	loaded ??= createRequire(import.meta.url)("yaml") as YAMLModule;
	return loaded;
}
