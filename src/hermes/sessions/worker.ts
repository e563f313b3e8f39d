/**
 * @module
 * The heavy state.db reads run on a worker thread: full-text search, and the usage report
 * while the session ledger is still being built (afterwards it is read from the ledger on
 * the main thread). node:sqlite is synchronous: a broad search ("deploy cache" matches
 * most messages) still loads whole FTS doclists, hundreds of ms on a big home, and inline
 * it held /api/status at p99 2–5 s under concurrent searches (5k home, 20 clients; 0.3 s
 * with the worker on the same loaded machine), so the worker stays, at ~10 MB while alive.
 * One worker, requests queued in order; if a worker cannot be started the call runs
 * inline. It is shut after a short idle spell and started again on the next call.
 */
import type { HeapInfo } from "node:v8";
import { type Worker, isMainThread, parentPort } from "node:worker_threads";
import { releaseMemoryWhenIdle } from "../home/idle_memory.ts";
import { startThread } from "../home/threads.ts";
import type { SearchResult } from "./search.ts";
import type { UsageReport } from "./analytics.ts";
import { StateDBError, type StateDBFailure } from "./state_db.ts";

interface Operations {
	search: (path: string, query: string, limit: number) => SearchResult[];
	usage: (path: string, days: number, nowSeconds: number) => UsageReport;
}

/**
 * Loaded on first use: a search-only worker never compiles the analytics and ledger
 * modules (each worker compiles its own copy of what it imports).
 */
const OPERATIONS: { [K in keyof Operations]: () => Promise<Operations[K]> } = {
	search: async () => (await import("./search.ts")).searchSessions,
	usage: async () => (await import("./analytics.ts")).usageReport,
};

async function perform(op: keyof Operations, args: unknown[]): Promise<unknown> {
	const operation = (await OPERATIONS[op]()) as (...input: unknown[]) => unknown;
	return operation(...args);
}

type Request = { id: number; op: keyof Operations; args: unknown[] };
type Reply = { id: number; value?: unknown; failure?: { kind: StateDBFailure | null; message: string } };

/** How long an idle worker is kept for the next request before it is shut. */
export const WORKER_IDLE_MS = 10_000;

/**
 * A small young generation: the usage report builds many short-lived rows, and with the
 * default one the worker's heap grows ~13 MB more over a series of reports, for no speed gain
 * (measured: five 90-day reports on a 5,000-session home, 1.8 s either way). 2 MB holds
 * about 2 MB less than 4, with searches and reports as fast; at 1 MB broad searches slow.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2 };

/**
 * How soon after its last reply the worker collects its garbage. On its own thread, so the
 * main thread pays nothing, and before the next search of someone typing: about 3 MB less
 * private memory right after a working session (bench/memory.ts), searches 120 ms apart
 * no slower.
 */
const WORKER_COLLECT_AFTER_MS = 50;

let worker: Worker | null | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
	for (const entry of pending.values()) entry.reject(error);
	pending.clear();
	worker = undefined;
}

/** Shuts the worker once nothing is pending for WORKER_IDLE_MS (never holds the process). */
function scheduleIdleShutdown(idle: Worker): void {
	clearTimeout(idleTimer);
	idleTimer = setTimeout(() => {
		if (worker === idle && pending.size === 0) {
			worker = undefined;
			void idle.terminate();
		}
	}, WORKER_IDLE_MS);
	idleTimer.unref();
}

/** The running worker's thread id, or null when none runs (tests). */
export function workerThreadId(): number | null {
	return worker ? worker.threadId : null;
}

/** The running worker's V8 heap figures, or null when none runs (tests). */
export function workerHeapStatistics(): Promise<HeapInfo> | null {
	return worker ? worker.getHeapStatistics() : null;
}

function startWorker(): Worker | null {
	try {
		const started = startThread(new URL(import.meta.url), { resourceLimits: WORKER_LIMITS });
		started.unref();
		started.on("message", (reply: Reply) => {
			const entry = pending.get(reply.id);
			pending.delete(reply.id);
			if (pending.size === 0) {
				started.unref();
				scheduleIdleShutdown(started);
			}
			if (entry === undefined) return;
			if (reply.failure === undefined) {
				entry.resolve(reply.value);
			} else {
				entry.reject(
					reply.failure.kind === null
						? new Error(reply.failure.message)
						: new StateDBError(reply.failure.kind, reply.failure.message),
				);
			}
		});
		// A worker shut for idleness exits with nothing pending; a later one is not its business.
		started.on("error", (error) => {
			if (worker === started) failAll(error instanceof Error ? error : new Error(String(error)));
		});
		started.on("exit", () => {
			if (worker === started) failAll(new Error("state.db worker exited"));
		});
		return started;
	} catch {
		return null;
	}
}

/** Runs a store operation off the main thread (inline if no worker is available). */
export function runOffThread<K extends keyof Operations>(
	op: K,
	...args: Parameters<Operations[K]>
): Promise<ReturnType<Operations[K]>> {
	if (worker === undefined) {
		worker = startWorker();
	}
	if (worker === null) {
		return perform(op, args) as Promise<ReturnType<Operations[K]>>;
	}
	clearTimeout(idleTimer);
	const id = nextId++;
	const active = worker;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
		active.ref();
		active.postMessage({ id, op, args } satisfies Request);
	});
}

if (!isMainThread && parentPort !== null) {
	const port = parentPort;
	const noteWork = releaseMemoryWhenIdle(WORKER_COLLECT_AFTER_MS);
	port.on("message", async (request: Request) => {
		let reply: Reply;
		try {
			reply = { id: request.id, value: await perform(request.op, request.args) };
		} catch (error) {
			reply = {
				id: request.id,
				failure: {
					kind: error instanceof StateDBError ? error.kind : null,
					message: error instanceof Error ? error.message : String(error),
				},
			};
		}
		port.postMessage(reply);
		noteWork();
	});
}
