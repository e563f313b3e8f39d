/**
 * @module
 * Starting worker threads (the state.db reads, the file-exchange helper). A worker is a
 * Node instance of its own: it does
 * not share the compile cache the launcher enabled on the main thread unless told through
 * the environment, and without it each worker loads the TypeScript stripper and compiles
 * every module again (measured: about 20 MB more private memory per worker).
 */
import nodeModule from "node:module";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The environment a worker needs to reuse the main thread's compile cache. */
export function workerEnv(): NodeJS.ProcessEnv {
	// Optional: Deno and older Node have no getCompileCacheDir.
	const directory = (nodeModule as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
	return directory === undefined ? process.env : { ...process.env, NODE_COMPILE_CACHE: directory };
}

/** Starts a worker on `url` with the compile cache shared. */
export function startThread(url: URL, options: Omit<WorkerOptions, "env"> = {}): Worker {
	return new Worker(url, { ...options, env: workerEnv() });
}
