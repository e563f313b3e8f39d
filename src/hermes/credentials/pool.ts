/**
 * @module
 * The credential pool in `auth.json` (hermes-home §14): list with redacted previews, add,
 * remove. Every change re-reads the file while holding `auth.lock` (the `flock` Hermes
 * itself takes), so an entry another writer added meanwhile is kept, and is written back
 * the way Hermes writes it (`json.dumps(indent=2)` + newline, atomic, mode 0600).
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { withFileLock } from "../home/flock.ts";
import { redactValue } from "../../security/redact.ts";

export type PoolEntry = Record<string, unknown>;

interface AuthFile {
	version?: unknown;
	providers?: unknown;
	credential_pool?: Record<string, PoolEntry[]>;
	[key: string]: unknown;
}

/** One entry as the dashboard shows it: never the secret itself. */
export interface PoolEntrySummary {
	index: number;
	id: unknown;
	label: unknown;
	auth_type: unknown;
	source: unknown;
	priority: unknown;
	last_status: unknown;
	request_count: unknown;
	token_preview: string;
	has_refresh: boolean;
}

export interface PoolProvider {
	provider: string;
	entries: PoolEntrySummary[];
}

/** A request the pool refuses (Hermes answers these 400). */
export class PoolError extends Error {}

function authPath(home: string): string {
	return join(home, "auth.json");
}

/** Reads auth.json; a corrupt file is set aside as `auth.json.corrupt` (when writing) and read as empty. */
function readAuth(home: string, options: { quarantine: boolean }): AuthFile {
	let text: string;
	try {
		text = readFileSync(authPath(home), "utf8");
	} catch {
		return {};
	}
	try {
		const data = JSON.parse(text) as unknown;
		return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as AuthFile) : {};
	} catch {
		if (options.quarantine) {
			copyFileSync(authPath(home), `${authPath(home)}.corrupt`);
		}
		return {};
	}
}

function poolOf(data: AuthFile): Record<string, PoolEntry[]> {
	const pool = data.credential_pool;
	return pool !== null && typeof pool === "object" && !Array.isArray(pool) ? pool : {};
}

function entriesOf(pool: Record<string, PoolEntry[]>, provider: string): PoolEntry[] {
	const list = Object.hasOwn(pool, provider) ? pool[provider] : undefined;
	return Array.isArray(list) ? list.filter((entry) => entry !== null && typeof entry === "object") : [];
}

/** Python's `json.dumps(indent=2)` (ensure_ascii) + newline, as Hermes saves auth.json. */
export function dumpAuthJSON(data: unknown): string {
	const text = JSON.stringify(data, null, 2).replace(
		/[\u007f-\uffff]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
	);
	return `${text}\n`;
}

function summarise(entry: PoolEntry, index: number): PoolEntrySummary {
	const token = typeof entry.access_token === "string" ? entry.access_token : "";
	return {
		index,
		id: entry.id ?? null,
		label: entry.label ?? null,
		auth_type: entry.auth_type ?? null,
		source: entry.source ?? null,
		priority: entry.priority ?? 0,
		last_status: entry.last_status ?? null,
		request_count: entry.request_count ?? 0,
		token_preview: token === "" ? "" : redactValue(token),
		has_refresh: typeof entry.refresh_token === "string" && entry.refresh_token !== "",
	};
}

function byPriority(entries: PoolEntry[]): PoolEntry[] {
	return entries
		.map((entry, order) => ({ entry, order }))
		.sort((a, b) => Number(a.entry.priority ?? 0) - Number(b.entry.priority ?? 0) || a.order - b.order)
		.map(({ entry }) => entry);
}

/**
 * Every provider with pooled entries (sorted; empty pools omitted). A profile's pool
 * falls back per provider to the root home's entries, as Hermes reads it.
 */
export function listPool(home: string, root: string = home): PoolProvider[] {
	const own = poolOf(readAuth(home, { quarantine: false }));
	const inherited = root === home ? {} : poolOf(readAuth(root, { quarantine: false }));
	const names = new Set([...Object.keys(own), ...Object.keys(inherited)]);
	const providers: PoolProvider[] = [];
	for (const provider of [...names].sort()) {
		const mine = entriesOf(own, provider);
		const entries = byPriority(mine.length > 0 ? mine : entriesOf(inherited, provider));
		if (entries.length > 0) {
			providers.push({ provider, entries: entries.map((entry, i) => summarise(entry, i + 1)) });
		}
	}
	return providers;
}

/** Runs a read-modify-write of auth.json under `auth.lock`, reading the file only once the lock is held. */
async function updateAuth<T>(home: string, nowMs: number, change: (data: AuthFile) => T): Promise<T> {
	return withFileLock(
		join(home, "auth.lock"),
		() => {
			const data = readAuth(home, { quarantine: true });
			const result = change(data);
			if (result === null) {
				// Nothing changed: leave the file (and its timestamp) alone.
				return result;
			}
			data.version ??= 1;
			data.updated_at = new Date(nowMs).toISOString().replace("Z", "+00:00");
			writeFileAtomic(authPath(home), dumpAuthJSON(data), { forceMode: 0o600 });
			return result;
		},
		{ what: "auth.json" },
	);
}

/** Sets an own property, even for names like `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Record<string, PoolEntry[]>, key: string, value: PoolEntry[]): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function normaliseProvider(provider: string): string {
	return provider.trim().toLowerCase();
}

/** Adds a manual API-key entry at the end of the provider's pool; returns the new count. */
export function addPoolEntry(
	home: string,
	request: { provider: string; apiKey: string; label?: string | null | undefined; nowMs: number },
): Promise<number> {
	const provider = normaliseProvider(request.provider);
	const apiKey = request.apiKey.trim();
	if (provider === "" || apiKey === "") {
		throw new PoolError("provider and api_key are required");
	}
	return updateAuth(home, request.nowMs, (data) => {
		const pool = poolOf(data);
		data.credential_pool = pool;
		const entries = byPriority(entriesOf(pool, provider));
		const label = (request.label ?? "").trim() || `key #${entries.length + 1}`;
		entries.push({
			id: randomBytes(3).toString("hex"),
			label,
			auth_type: "api_key",
			priority: entries.length,
			source: "manual",
			access_token: apiKey,
			last_status: null,
			last_status_at: null,
			last_error_code: null,
			last_error_reason: null,
			last_error_message: null,
			last_error_reset_at: null,
			request_count: 0,
		});
		setOwn(pool, provider, renumber(entries));
		return entries.length;
	});
}

function renumber(entries: PoolEntry[]): PoolEntry[] {
	return entries.map((entry, priority) => ({ ...entry, priority }));
}

/** Removes the entry at a 1-based index; null when nothing is there, else the remaining count. */
export function removePoolEntry(
	home: string,
	request: { provider: string; index: number; nowMs: number },
): Promise<number | null> {
	const provider = normaliseProvider(request.provider);
	return updateAuth(home, request.nowMs, (data) => {
		const pool = poolOf(data);
		const entries = byPriority(entriesOf(pool, provider));
		if (request.index < 1 || request.index > entries.length) {
			return null;
		}
		entries.splice(request.index - 1, 1);
		data.credential_pool = pool;
		if (entries.length === 0) {
			delete pool[provider];
		} else {
			setOwn(pool, provider, renumber(entries));
		}
		return entries.length;
	});
}
