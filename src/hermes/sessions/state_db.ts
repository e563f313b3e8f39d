/**
 * @module
 * `state.db` connections (hermes-home §4.1). The dashboard never creates or migrates the
 * schema: a missing file is an empty store, reads go through a cached read-only
 * connection, and writes run in `BEGIN IMMEDIATE` with a short busy timeout plus the
 * same jittered retry Hermes uses (up to 15 tries, 20–150 ms), sleeping asynchronously
 * so a locked database never stalls other requests.
 */
import { existsSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { DatabaseSync } from "node:sqlite";

/** Why the store could not answer; routes turn it into a 503 with a clear message. */
export type StateDBFailure = "locked" | "corrupt" | "unreadable";

export class StateDBError extends Error {
	readonly kind: StateDBFailure;
	constructor(kind: StateDBFailure, message: string) {
		super(message);
		this.kind = kind;
	}
}

/** node:sqlite (Node and Deno) marks its errors with this code; anything else is ours. */
function isSQLiteError(error: unknown): boolean {
	return (error as { code?: unknown })?.code === "ERR_SQLITE_ERROR";
}

/** Maps a raw SQLite error to a StateDBError (or null when it is something else). */
export function classifySQLiteError(error: unknown): StateDBError | null {
	if (error instanceof StateDBError) {
		return error;
	}
	if (!isSQLiteError(error)) {
		return null;
	}
	const text = String((error as { message?: unknown })?.message ?? error);
	if (/database is locked|database table is locked|SQLITE_BUSY|busy/i.test(text)) {
		return new StateDBError("locked", "state.db is locked by another process; try again shortly");
	}
	if (/not a database|malformed|corrupt|file is encrypted/i.test(text)) {
		return new StateDBError("corrupt", "state.db is damaged or not a SQLite database");
	}
	if (/no such table|no such column|unable to open|disk I\/O|readonly|permission/i.test(text)) {
		return new StateDBError("unreadable", `state.db cannot be read: ${text.slice(0, 120)}`);
	}
	return null;
}

/** Logs one line per failure kind and path until the store works again (no log storms). */
const reported = new Map<string, StateDBFailure>();

function reportFailure(path: string, error: StateDBError): void {
	if (reported.get(path) !== error.kind) {
		reported.set(path, error.kind);
		console.error(`[hermes-dashboard] state.db ${error.kind}: ${path}: ${error.message}`);
	}
}

function reportRecovery(path: string): void {
	if (reported.delete(path)) {
		console.error(`[hermes-dashboard] state.db readable again: ${path}`);
	}
}

interface CachedReader {
	db: DatabaseSync;
	identity: string;
}

const readers = new Map<string, CachedReader>();

function fileIdentity(path: string): string | null {
	try {
		const stat = statSync(path);
		return `${stat.dev}:${stat.ino}`;
	} catch {
		return null;
	}
}

/** Opens an existing state.db read-only, or returns null when there is none. */
export function openReadOnly(path: string): DatabaseSync | null {
	if (!existsSync(path)) {
		return null;
	}
	const db = new DatabaseSync(path, { readOnly: true });
	// A small page cache (default 2 MB): every agent commit empties it anyway, and the
	// pages come back from the OS cache in microseconds (bench/memory.ts: ~4 MB less
	// private memory after a working session; bench/sessions.ts: no slower).
	db.exec("PRAGMA busy_timeout = 200; PRAGMA cache_size = -512");
	return db;
}

/**
 * Runs `read` on a cached read-only connection (reopened when the file is replaced).
 * Returns `empty` when there is no state.db; throws StateDBError when it is unusable.
 */
export function withReader<T>(path: string, empty: T, read: (db: DatabaseSync) => T): T {
	const identity = fileIdentity(path);
	let cached = readers.get(path);
	if (cached !== undefined && cached.identity !== identity) {
		cached.db.close();
		readers.delete(path);
		cached = undefined;
	}
	if (identity === null) {
		return empty;
	}
	try {
		if (cached === undefined) {
			const db = openReadOnly(path);
			if (db === null) {
				return empty;
			}
			cached = { db, identity };
			readers.set(path, cached);
		}
		const result = read(cached.db);
		reportRecovery(path);
		return result;
	} catch (error) {
		const failure = classifySQLiteError(error);
		if (failure === null) {
			throw error;
		}
		// A broken handle is not worth keeping: the next request reopens.
		cached?.db.close();
		readers.delete(path);
		reportFailure(path, failure);
		throw failure;
	}
}

/** Closes every cached reader (tests and shutdown). */
export function closeReaders(): void {
	for (const entry of readers.values()) {
		entry.db.close();
	}
	readers.clear();
}

const WRITE_ATTEMPTS = 15;

function isBusy(error: unknown): boolean {
	return isSQLiteError(error) && /locked|busy/i.test(String((error as { message?: unknown })?.message ?? error));
}

/**
 * Runs `write` inside `BEGIN IMMEDIATE … COMMIT` on a fresh read-write connection,
 * retrying on "locked"/"busy" with 20–150 ms jitter. Returns `absent` when there is no
 * state.db (the dashboard never creates one).
 */
export async function withWriter<T>(path: string, absent: T, write: (db: DatabaseSync) => T): Promise<T> {
	if (!existsSync(path)) {
		return absent;
	}
	let db: DatabaseSync;
	try {
		db = new DatabaseSync(path);
		db.exec("PRAGMA busy_timeout = 100");
		db.exec("PRAGMA foreign_keys = ON");
	} catch (error) {
		const failure =
			classifySQLiteError(error) ?? new StateDBError("unreadable", "state.db cannot be opened for writing");
		reportFailure(path, failure);
		throw failure;
	}
	try {
		for (let attempt = 1; ; attempt++) {
			try {
				db.exec("BEGIN IMMEDIATE");
			} catch (error) {
				if (isBusy(error) && attempt < WRITE_ATTEMPTS) {
					await sleep(20 + Math.random() * 130);
					continue;
				}
				throw error;
			}
			try {
				const result = write(db);
				db.exec("COMMIT");
				reportRecovery(path);
				return result;
			} catch (error) {
				if (db.isTransaction) {
					db.exec("ROLLBACK");
				}
				if (isBusy(error) && attempt < WRITE_ATTEMPTS) {
					await sleep(20 + Math.random() * 130);
					continue;
				}
				throw error;
			}
		}
	} catch (error) {
		const failure = classifySQLiteError(error);
		if (failure !== null) {
			reportFailure(path, failure);
			throw failure;
		}
		throw error;
	} finally {
		db.close();
	}
}

/** node:sqlite hands rows back as `Record<string, SQLOutputValue>`. */
export type Row = Record<string, unknown>;

/**
 * Readiness probe: opens state.db (read-only) and reads its schema and one sessions row,
 * the same path every sessions read takes, so a damaged or unreadable file shows up
 * here rather than as 503s from the API. Cheap on any size (no full `quick_check` scan).
 * A missing file is an empty store, which is ready.
 */
export function probeStateDB(path: string): StateDBError | null {
	try {
		return withReader(path, null, (db) => {
			db.prepare("SELECT count(*) FROM sqlite_master").get();
			db.prepare("SELECT id FROM sessions LIMIT 1").get();
			return null;
		});
	} catch (error) {
		if (error instanceof StateDBError) {
			return error;
		}
		throw error;
	}
}
