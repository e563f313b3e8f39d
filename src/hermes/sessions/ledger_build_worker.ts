/**
 * @module
 * Thread entry that builds a session ledger file from state.db and exits. Building reads
 * every session and message once; on its own thread that work never stalls a request,
 * and the memory it churns through goes away with the thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildLedgerFile } from "./ledger.ts";

const { statePath } = workerData as { statePath: string };
try {
	buildLedgerFile(statePath);
	parentPort?.postMessage({ ok: true });
} catch (error) {
	parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
