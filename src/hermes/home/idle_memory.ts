/**
 * @module
 * Gives memory back once a thread goes quiet. V8 grows the young generation and the
 * heap during a burst of work (a search, the usage report, a log scan) and, with no
 * allocation afterwards, never collects again: the thread would sit on that peak for its
 * whole idle life. A while after the last piece of work we run one memory-reducing full
 * collection (the one V8 runs under memory pressure), which shrinks the young generation
 * and returns freed pages to the system. The server's main thread waits a few seconds
 * after the last request; the state.db worker collects right after each burst, on its
 * own thread. Node only (elsewhere there is no collector to call and nothing runs).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Quiet time after the server's last request before its memory is released. */
export const RELEASE_AFTER_IDLE_MS = 5_000;

export type CollectGarbage = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/**
 * V8's collector, taken from a fresh context so that `gc` never appears on the app's
 * globals; null if this runtime will not hand it out.
 */
export function memoryReducingCollector(): CollectGarbage | null {
	try {
		setFlagsFromString("--expose-gc");
		const collect = runInNewContext("gc") as unknown;
		return typeof collect === "function" ? (collect as CollectGarbage) : null;
	} catch {
		return null;
	}
}

/**
 * Returns `noteActivity`, to be called after each piece of work (every request): each call
 * (re)arms an unref'd timer; when it fires, one collection runs. Nothing runs while the
 * thread stays idle.
 */
export function releaseMemoryWhenIdle(
	idleMs: number = RELEASE_AFTER_IDLE_MS,
	collect: CollectGarbage | null = memoryReducingCollector(),
): () => void {
	if (collect === null) {
		return () => {};
	}
	const timer = setTimeout(() => collect({ type: "major", execution: "sync", flavor: "last-resort" }), idleMs);
	timer.unref();
	return () => {
		timer.refresh();
	};
}
