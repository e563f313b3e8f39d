/**
 * @module
 * The session ledger: a cache of per-session summaries kept by the dashboard in its own
 * SQLite file under `$XDG_CACHE_HOME/hermes-dashboard/` (never in state.db, whose schema
 * is Hermes's), keyed by state.db's path and identity (device + inode). It is built once
 * from state.db in small steps that yield to the event loop, then brought up to date on
 * each read after a commit from the rows changed since its watermarks:
 *  - messages with an id above the last one seen (AUTOINCREMENT ids only grow),
 *  - sessions with a rowid above the last one seen, sessions those messages belong to,
 *    and sessions still open (their token counters move without new messages),
 *  - a rolling re-check of RECHECK_BATCH older sessions per refresh, which catches edits
 *    and deletions by other programs (archive or prune from Hermes's CLI) within a cycle.
 * The dashboard's own writes name what they changed (`noteSessionsChanged`).
 * A replaced state.db (other inode), a new ledger layout or a damaged cache file means
 * a rebuild. Triggers in ledger_schema.ts keep the aggregates exact.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startThread } from "../home/threads.ts";
import { LEDGER_DDL, LEDGER_VERSION } from "./ledger_schema.ts";
import { build, type Ledger, LedgerStale, maxIds, meta, recheck, refresh } from "./ledger_update.ts";
import { withReader } from "./state_db.ts";

export type { Ledger } from "./ledger_update.ts";

/** Homes up to `syncBuildSessions` sessions are built in one go; bigger ones on a thread (tests lower it). */
export const ledgerOptions = { syncBuildSessions: 3000 };

const ledgers = new Map<string, Ledger>();

/** Where ledger files live: `$XDG_CACHE_HOME/hermes-dashboard` (else ~/.cache/…). */
export function ledgerDirectory(): string {
	const base = process.env.XDG_CACHE_HOME?.trim() || join(homedir(), ".cache");
	return join(base, "hermes-dashboard");
}

function identityOf(statePath: string): string | null {
	try {
		const stat = statSync(statePath);
		return `${LEDGER_VERSION}:${stat.dev}:${stat.ino}`;
	} catch {
		return null;
	}
}

/** Ledgers of homes not opened for this long are deleted (once per process). */
const STALE_LEDGER_MS = 30 * 86_400_000;
let sweptStale = false;

/** `keep` is the ledger about to be opened: another thread of this process may have it open. */
function sweepStaleLedgers(dir: string, keep: string): void {
	if (sweptStale) return;
	sweptStale = true;
	for (const name of readdirSync(dir)) {
		if (!name.startsWith("ledger-") || name === keep) continue;
		const file = join(dir, name);
		try {
			if (Date.now() - statSync(file).mtimeMs > STALE_LEDGER_MS) rmSync(file, { force: true });
		} catch {
			// Another process swept it first.
		}
	}
}

function openLedgerFile(statePath: string): DatabaseSync {
	let file = ":memory:";
	try {
		const dir = ledgerDirectory();
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		const key = createHash("sha256").update(realpathSync(statePath)).digest("hex").slice(0, 24);
		// The layout version is in the name: an older file keeps its old tables and is swept when stale.
		const name = `ledger-${key}-v${LEDGER_VERSION}.sqlite`;
		sweepStaleLedgers(dir, name);
		file = join(dir, name);
	} catch {
		// No writable cache directory: keep the ledger in memory for this process.
	}
	const open = (): DatabaseSync => {
		const db = new DatabaseSync(file);
		db.exec("PRAGMA busy_timeout = 2000; PRAGMA synchronous = OFF; PRAGMA cache_size = -1024");
		db.exec(LEDGER_DDL);
		return db;
	};
	try {
		return open();
	} catch {
		// A damaged cache file is only a cache: start it again.
		rmSync(file, { force: true });
		return open();
	}
}

function startBuild(ledger: Ledger, sync: boolean): void {
	ledger.ready = false;
	if (sync) {
		// Small homes: built before the request that needs it is answered.
		for (const _ of build(ledger));
		ledger.ready = true;
		return;
	}
	ledger.building = buildOnThread(ledger.statePath)
		.catch(() => buildInSteps(ledger))
		.then(
			() => {
				ledger.ready = meta(ledger.db, "identity") === ledger.identity;
			},
			(error) => console.error(`[hermes-dashboard] session ledger build failed: ${String(error)}`),
		)
		.finally(() => {
			ledger.building = null;
		});
}

/** Builds the ledger file on a thread of its own (ledger_build_worker.ts). */
function buildOnThread(statePath: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const thread = startThread(new URL("./ledger_build_worker.ts", import.meta.url), {
			workerData: { statePath },
		});
		let answered = false;
		thread.once("message", (reply: { ok: boolean; message?: string }) => {
			answered = true;
			if (reply.ok) resolve();
			else reject(new Error(reply.message));
		});
		thread.once("error", (error) => {
			if (!answered) reject(error);
		});
		thread.once("exit", () => {
			if (!answered) reject(new Error("ledger build thread exited"));
		});
	});
}

/** No thread available: the same build on this thread, yielding to requests between steps. */
function buildInSteps(ledger: Ledger): Promise<void> {
	const steps = build(ledger);
	return new Promise<void>((resolve, reject) => {
		const step = (): void => {
			try {
				if (steps.next().done) resolve();
				else setImmediate(step);
			} catch (error) {
				reject(error);
			}
		};
		setImmediate(step);
	});
}

/** A ledger over an opened file, not yet built or refreshed. */
function freshLedger(db: DatabaseSync, statePath: string, identity: string): Ledger {
	return {
		db,
		statePath,
		identity,
		ready: false,
		building: null,
		version: -1,
		generation: 0,
		rechecking: null,
		dirty: new Set(),
	};
}

/** Builds the ledger file of `statePath` from scratch, synchronously (the build thread's job). */
export function buildLedgerFile(statePath: string): void {
	const identity = identityOf(statePath);
	if (identity === null) return;
	const db = openLedgerFile(statePath);
	try {
		const ledger = freshLedger(db, statePath, identity);
		for (const _ of build(ledger));
	} finally {
		db.close();
	}
}

/**
 * The up-to-date ledger of `statePath` (`state`: its read-only connection), or null while
 * it is being built or when it cannot be kept (callers then query state.db directly).
 */
export function currentLedger(statePath: string, state: DatabaseSync): Ledger | null {
	const identity = identityOf(statePath);
	let ledger = ledgers.get(statePath);
	if (ledger !== undefined && (identity === null || ledger.identity !== identity)) {
		if (ledger.building === null) ledger.db.close();
		ledgers.delete(statePath);
		ledger = undefined;
	}
	if (identity === null) return null;
	try {
		if (ledger === undefined) {
			const db = openLedgerFile(statePath);
			ledger = freshLedger(db, statePath, identity);
			ledgers.set(statePath, ledger);
			if (meta(db, "identity") === identity) ledger.ready = true;
			else startBuild(ledger, maxIds(state).sessions <= ledgerOptions.syncBuildSessions);
		}
		if (!ledger.ready) return null;
		const version = ledger.version;
		refresh(ledger, state);
		if (ledger.version !== version) scheduleRecheck(ledger);
		return ledger;
	} catch (error) {
		if (ledger === undefined) throw error;
		if (error instanceof LedgerStale) {
			startBuild(ledger, maxIds(state).sessions <= ledgerOptions.syncBuildSessions);
			return ledger.ready ? ledger : null;
		}
		if (ledger.db.isTransaction) ledger.db.exec("ROLLBACK");
		if (state.isTransaction) state.exec("ROLLBACK");
		// The ledger is only a cache: answer from state.db this time (whose own failures,
		// if that is what this was, the direct queries then report as they always did).
		reportLedgerFailure(error);
		return null;
	}
}

let lastFailure = "";

function reportLedgerFailure(error: unknown): void {
	const text = error instanceof Error ? error.message : String(error);
	if (text !== lastFailure) {
		lastFailure = text;
		console.error(`[hermes-dashboard] session ledger unavailable, reading state.db directly: ${text}`);
	}
}

/** How long after a refresh its re-check step runs (requests arriving meanwhile go first). */
const RECHECK_DELAY_MS = 100;

/** Runs one re-check step soon after a refresh, outside any request (see ledger_update.ts). */
function scheduleRecheck(ledger: Ledger): void {
	if (ledger.rechecking !== null) return;
	ledger.rechecking = new Promise<void>((resolve) => {
		const timer = setTimeout(() => {
			try {
				if (ledgers.get(ledger.statePath) === ledger && ledger.ready) {
					const changed = withReader(ledger.statePath, 0, (state) => recheck(ledger, state));
					if (changed > 0) ledger.generation++;
				}
			} catch (error) {
				console.error(`[hermes-dashboard] session ledger re-check failed: ${String(error)}`);
			} finally {
				ledger.rechecking = null;
				resolve();
			}
		}, RECHECK_DELAY_MS);
		timer.unref();
	});
}

/** Resolves once the pending re-check step of `statePath` has run (tests). */
export async function ledgerSettled(statePath: string): Promise<void> {
	await ledgers.get(statePath)?.rechecking;
}

/** Resolves once the ledger of `statePath` is built (tests, benchmarks). */
export async function ledgerBuilt(statePath: string): Promise<void> {
	await ledgers.get(statePath)?.building;
}

/** The dashboard changed these sessions itself (rename, archive…): re-read them next time. */
export function noteSessionsChanged(statePath: string, ids: Iterable<string>): void {
	const ledger = ledgers.get(statePath);
	if (ledger !== undefined) for (const id of ids) ledger.dirty.add(id);
}

/** Closes every ledger (tests and shutdown). */
export function closeLedgers(): void {
	for (const ledger of ledgers.values()) if (ledger.building === null) ledger.db.close();
	ledgers.clear();
}
