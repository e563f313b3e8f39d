/**
 * @module
 * Hermes's pairing store (hermes-home §10): pending DM approval codes (salted hashes,
 * never the codes), approved users, failed-approval lock-out, and the mirrored
 * per-platform allow-list in `.env`. Same files and rules as the gateway's store; like
 * it, no cross-process lock (each file update is a compare-and-swap instead).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readJSONEntries, readJSONObject, setKey, updateJSONObject, type JSONObject } from "../channels/json_file.ts";
import { deleteEnvValue, readEnvValues, setEnvValue } from "../env/dotenv.ts";
import { ALLOWLIST_ENV } from "./allowlist.ts";
import { ConfinementError, confinedWriteTargetSync } from "../home/confine.ts";

export const CODE_TTL_SECONDS = 3600;
export const LOCKOUT_SECONDS = 3600;
export const MAX_FAILED_ATTEMPTS = 5;
/** Platform names that can name a store file: nothing that could leave the folder. */
export const PLATFORM_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export interface PendingRequest {
	platform: string;
	code: string;
	user_id: string;
	user_name: string;
	age_minutes: number;
}

export interface ApprovedUser {
	platform: string;
	user_id: string;
	user_name: string;
	approved_at: unknown;
	[key: string]: unknown;
}

export type ApproveResult =
	| { ok: true; user: { user_id: string; user_name: string } }
	| { ok: false; lockedOut: boolean };

/** The active store folder: legacy `pairing/` when it exists and holds files, else `platforms/pairing/`. */
export function pairingDir(home: string): string {
	const legacy = join(home, "pairing");
	try {
		if (readdirSync(legacy).length > 0) {
			return legacy;
		}
	} catch {
		// No legacy folder.
	}
	return join(home, "platforms", "pairing");
}

/** `sha256(salt_bytes + CODE).hexdigest()`, as the gateway stores a code. */
export function hashCode(code: string, saltHex: string): string {
	return createHash("sha256").update(Buffer.from(saltHex, "hex")).update(code, "utf8").digest("hex");
}

/**
 * When both the legacy and the current folder exist, the inactive one's entries are
 * merged into the active one (the active side wins per key), as every gateway store does
 * on construction, so users approved in the other folder are never silently dropped.
 */
function mergeSplitDirs(home: string, active: string): void {
	const legacy = join(home, "pairing");
	const current = join(home, "platforms", "pairing");
	const inactive = active === legacy ? current : legacy;
	let names: string[];
	try {
		names = readdirSync(inactive).filter((name) => name.endsWith(".json"));
	} catch {
		return;
	}
	for (const name of names) {
		const source = join(inactive, name);
		try {
			if (!statSync(source).isFile()) continue;
		} catch {
			continue;
		}
		const incoming = readJSONObject(source);
		if (Object.keys(incoming).length === 0) continue;
		updateJSONObject(join(active, name), (target) => {
			let added = false;
			for (const [key, value] of Object.entries(incoming)) {
				if (!Object.hasOwn(target, key)) {
					setKey(target, key, value);
					added = true;
				}
			}
			return { result: undefined, write: added };
		});
	}
}

function isPlatformName(platform: string): boolean {
	return PLATFORM_NAME.test(platform) && !platform.includes("..");
}

export class PairingStore {
	readonly dir: string;
	readonly envPath: string;
	readonly #nowSeconds: () => number;
	readonly #home: string;

	constructor(home: string, nowSeconds: () => number) {
		this.#home = home;
		this.dir = pairingDir(home);
		// As the gateway's store does on construction: the folder always exists.
		mkdirSync(this.dir, { recursive: true, mode: 0o700 });
		mergeSplitDirs(home, this.dir);
		this.envPath = join(home, ".env");
		this.#nowSeconds = nowSeconds;
	}

	/**
	 * A store file, or null when it (a symlink, or the folder itself) would lead out of the
	 * home: such a file is neither read nor written. The name rule keeps `/` and `..` out;
	 * this catches the links.
	 */
	#confined(file: string): string | null {
		const path = join(this.dir, file);
		try {
			confinedWriteTargetSync(this.#home, path);
			return path;
		} catch (error) {
			if (error instanceof ConfinementError) return null;
			throw error;
		}
	}

	#pendingPath(platform: string): string | null {
		return this.#confined(`${platform}-pending.json`);
	}

	#approvedPath(platform: string): string | null {
		return this.#confined(`${platform}-approved.json`);
	}

	#limitsPath(): string | null {
		return this.#confined("_rate_limits.json");
	}

	/** Platforms with a `<p>-<suffix>.json` file (names starting with `_` ignored). */
	platforms(suffix: "pending" | "approved"): string[] {
		let names: string[];
		try {
			names = readdirSync(this.dir);
		} catch {
			return [];
		}
		const end = `-${suffix}.json`;
		return names
			.filter((name) => name.endsWith(end) && !name.startsWith("_"))
			.map((name) => name.slice(0, -end.length))
			.filter(isPlatformName);
	}

	/** Drops expired (or malformed) pending entries, as every list and approve does. */
	#pruneExpired(platform: string): void {
		const path = this.#pendingPath(platform);
		if (path === null || !existsSync(path)) return;
		const now = this.#nowSeconds();
		updateJSONObject(path, (pending) => {
			let changed = false;
			for (const [id, entry] of Object.entries(pending)) {
				const created = (entry as JSONObject | null)?.created_at;
				if (typeof created !== "number" || now - created > CODE_TTL_SECONDS) {
					delete pending[id];
					changed = true;
				}
			}
			return { result: undefined, write: changed };
		});
	}

	listPending(): PendingRequest[] {
		const now = this.#nowSeconds();
		const out: PendingRequest[] = [];
		for (const platform of this.platforms("pending")) {
			this.#pruneExpired(platform);
			const path = this.#pendingPath(platform);
			if (path === null) continue;
			for (const [, entry] of readJSONEntries(path)) {
				if (entry === null || typeof entry !== "object") continue;
				const info = entry as JSONObject;
				if (typeof info.created_at !== "number") continue;
				out.push({
					platform,
					code: typeof info.hash === "string" ? info.hash.slice(0, 8) : "legacy",
					user_id: String(info.user_id ?? ""),
					user_name: String(info.user_name ?? ""),
					age_minutes: Math.trunc((now - info.created_at) / 60),
				});
			}
		}
		return out;
	}

	listApproved(): ApprovedUser[] {
		const out: ApprovedUser[] = [];
		for (const platform of this.platforms("approved")) {
			const path = this.#approvedPath(platform);
			if (path === null) continue;
			for (const [userId, info] of readJSONEntries(path)) {
				const fields = info !== null && typeof info === "object" ? (info as JSONObject) : {};
				out.push({ platform, user_id: userId, user_name: "", approved_at: null, ...fields });
			}
		}
		return out;
	}

	isLockedOut(platform: string): boolean {
		const limits = this.#limitsPath();
		// A rate-limit file that leads out of the home locks every platform rather than being read.
		if (limits === null) return true;
		const until = readJSONObject(limits)[`_lockout:${platform}`];
		return typeof until === "number" && this.#nowSeconds() < until;
	}

	#recordFailure(platform: string): void {
		const now = this.#nowSeconds();
		const path = this.#limitsPath();
		if (path === null) return;
		updateJSONObject(path, (limits) => {
			const previous = limits[`_failures:${platform}`];
			const failures = (typeof previous === "number" ? previous : 0) + 1;
			limits[`_failures:${platform}`] = failures;
			if (failures >= MAX_FAILED_ATTEMPTS) {
				limits[`_lockout:${platform}`] = now + LOCKOUT_SECONDS;
				limits[`_failures:${platform}`] = 0;
			}
			return { result: undefined, write: true };
		});
	}

	/** `code` is already trimmed and upper-cased. */
	approve(platform: string, code: string): ApproveResult {
		if (!isPlatformName(platform)) {
			// Not a store name: nothing can match, and it still counts as a failure.
			return { ok: false, lockedOut: false };
		}
		this.#pruneExpired(platform);
		if (this.isLockedOut(platform)) {
			return { ok: false, lockedOut: true };
		}
		const candidate = Buffer.from(code, "utf8");
		const pendingPath = this.#pendingPath(platform);
		const approvedPath = this.#approvedPath(platform);
		if (pendingPath === null || approvedPath === null) {
			return { ok: false, lockedOut: false };
		}
		const matched = updateJSONObject(pendingPath, (pending) => {
			for (const [id, entry] of Object.entries(pending)) {
				if (entry === null || typeof entry !== "object") continue;
				const { salt, hash } = entry as JSONObject;
				if (typeof salt !== "string" || typeof hash !== "string" || !/^([0-9a-f]{2})*$/i.test(salt)) continue;
				const digest = Buffer.from(hashCode(candidate.toString("utf8"), salt));
				const stored = Buffer.from(hash);
				if (digest.length === stored.length && timingSafeEqual(digest, stored)) {
					delete pending[id];
					return { result: entry as JSONObject, write: true };
				}
			}
			return { result: null, write: false };
		});
		if (matched === null) {
			this.#recordFailure(platform);
			return { ok: false, lockedOut: this.isLockedOut(platform) };
		}
		const userId = String(matched.user_id ?? "").trim();
		const userName = String(matched.user_name ?? "");
		const approvedAt = this.#nowSeconds();
		updateJSONObject(approvedPath, (approved) => {
			delete approved[userId];
			setKey(approved, userId, { user_name: userName, approved_at: approvedAt });
			return { result: undefined, write: true };
		});
		this.#allowlistAdd(platform, userId);
		return { ok: true, user: { user_id: String(matched.user_id ?? ""), user_name: userName } };
	}

	/** Removes an approved user (and their allow-list id); false when not approved. */
	revoke(platform: string, userId: string): boolean {
		if (!isPlatformName(platform)) return false;
		const path = this.#approvedPath(platform);
		if (path === null || !existsSync(path)) return false;
		const removed = updateJSONObject(path, (approved) => {
			if (!Object.hasOwn(approved, userId)) {
				return { result: false, write: false };
			}
			delete approved[userId];
			return { result: true, write: true };
		});
		if (removed) {
			this.#allowlistRemove(platform, userId);
		}
		return removed;
	}

	/** Empties every pending file; returns how many requests were dropped. */
	clearPending(): number {
		let count = 0;
		for (const platform of this.platforms("pending")) {
			const path = this.#pendingPath(platform);
			if (path === null) continue;
			count += updateJSONObject(path, (pending) => {
				const size = Object.keys(pending).length;
				for (const id of Object.keys(pending)) delete pending[id];
				return { result: size, write: true };
			});
		}
		return count;
	}

	/** Only a platform that already runs an allow-list gets the id (an open gateway stays open). */
	#allowlistAdd(platform: string, userId: string): void {
		const key = Object.hasOwn(ALLOWLIST_ENV, platform) ? ALLOWLIST_ENV[platform] : undefined;
		if (key === undefined || userId === "") return;
		const current = (readEnvValues(this.envPath).get(key) ?? "").trim();
		if (current === "") return;
		const ids = splitList(current);
		if (ids.includes("*") || ids.includes(userId)) return;
		setEnvValue(this.envPath, key, [...ids, userId].join(","));
	}

	#allowlistRemove(platform: string, userId: string): void {
		const key = Object.hasOwn(ALLOWLIST_ENV, platform) ? ALLOWLIST_ENV[platform] : undefined;
		if (key === undefined) return;
		const current = (readEnvValues(this.envPath).get(key) ?? "").trim();
		const ids = splitList(current);
		if (!ids.includes(userId)) return;
		const remaining = ids.filter((id) => id !== userId);
		if (remaining.length > 0) {
			setEnvValue(this.envPath, key, remaining.join(","));
		} else {
			deleteEnvValue(this.envPath, key);
		}
	}
}

function splitList(raw: string): string[] {
	return raw
		.split(",")
		.map((id) => id.trim())
		.filter((id) => id !== "");
}
