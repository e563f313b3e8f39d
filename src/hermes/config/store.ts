/**
 * @module
 * Writing `config.yaml`: form saves (deep-merged, edited in place), raw saves and history
 * restores. Every write is serialised per file by an in-process lock, checks the
 * client's version (content hash) when one is given, refuses to replace a file that
 * does not parse or to write text Hermes could not load, and goes through
 * `writeFileAtomic` (0600 unless in a container, as Hermes does).
 *
 * Hermes takes no cross-process lock on config.yaml (it loads, modifies and renames), so
 * every write is a compare-and-swap against the content it was computed from. When
 * another writer got in first, a form save is planned again on the fresh file (it only
 * merges keys, so both changes survive); a raw save or restore replaces the whole file
 * and answers a conflict instead.
 */
import { realpathSync } from "node:fs";
import { dirname } from "node:path";
import { FileChangedError, writeFileAtomic } from "../home/atomic_write.ts";
import { isInContainer } from "../home/container.ts";
import { isManagedInstall } from "../home/install.ts";
import { applyToDocument, planFormSave } from "./plan.ts";
import { recordSave } from "./history.ts";
import { checkValueDepth, UnsafeYAMLError } from "./safe_yaml.ts";
import {
	ConfigParseError,
	configVersion,
	documentToMapping,
	parseConfigDocument,
	readConfigText,
	type ConfigMapping,
	type ConfigText,
} from "./yaml.ts";

/** Why a save was refused: the file changed since it was read, or it does not parse. */
export class ConfigConflictError extends Error {
	readonly reason: "stale" | "unparseable";
	readonly currentVersion: string;

	constructor(reason: "stale" | "unparseable", message: string, currentVersion: string) {
		super(message);
		this.reason = reason;
		this.currentVersion = currentVersion;
	}
}

/** Hermes refuses every config write in a managed install (hermes-home §1.3). */
export class ConfigManagedError extends Error {}

export interface SaveOptions {
	env: Record<string, string | undefined>;
	/** The version the client read; omitted = no check (as Hermes, last writer wins). */
	expectVersion?: string;
}

export interface SaveResult {
	version: string;
	text: string;
	changed: boolean;
}

const locks = new Map<string, Promise<unknown>>();

function lockKey(path: string): string {
	try {
		return realpathSync(path);
	} catch {
		return path;
	}
}

/** Runs `task` after every earlier task on the same file has finished. */
export async function withConfigLock<T>(path: string, task: () => T | Promise<T>): Promise<T> {
	const key = lockKey(path);
	const previous = locks.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	locks.set(key, settled);
	try {
		return await run;
	} finally {
		if (locks.get(key) === settled) {
			locks.delete(key);
		}
	}
}

function checkVersion(current: ConfigText, expect: string | undefined): void {
	if (expect !== undefined && expect !== "" && expect !== current.version) {
		throw new ConfigConflictError(
			"stale",
			"config.yaml changed since it was loaded; reload and try again",
			current.version,
		);
	}
}

/** How often a form save is planned again when other writers keep getting in first. */
const SAVE_ATTEMPTS = 10;

const CHANGED_MESSAGE = "config.yaml changed while saving; reload and try again";

/** Writes `next` only if the file still holds `current` (else FileChangedError). */
function write(path: string, current: ConfigText, next: string, options: SaveOptions): SaveResult {
	if (next === current.text && current.exists) {
		return { version: current.version, text: next, changed: false };
	}
	const container = isInContainer(options.env);
	const expect = current.exists ? current.bytes : null;
	writeFileAtomic(path, next, container ? { mode: 0o600, expect } : { forceMode: 0o600, expect });
	recordSave(path, current.exists ? current.text : null, next);
	return { version: configVersion(next), text: next, changed: true };
}

/** Refuses text Hermes could not load (the same rules as every read). */
function checkLoadable(text: string): void {
	parseConfigDocument(text);
}

function checkIncoming(incoming: ConfigMapping): void {
	try {
		checkValueDepth(incoming);
	} catch (error) {
		if (error instanceof UnsafeYAMLError) {
			throw new ConfigParseError(`Hermes cannot load this config: ${error.message}`, { cause: error });
		}
		throw error;
	}
}

/** What a form save would write (no write): the new text for a preview diff. */
export function previewFormSave(
	path: string,
	incoming: ConfigMapping,
	env: Record<string, string | undefined>,
): { current: ConfigText; next: string } {
	checkIncoming(incoming);
	const current = readConfigText(path);
	if (!current.utf8) {
		// Splicing into the decoded text would silently replace the bytes it could not decode.
		throw new ConfigConflictError(
			"unparseable",
			"config.yaml is not valid UTF-8, so the form cannot save over it; fix it in the raw editor",
			current.version,
		);
	}
	let doc: ReturnType<typeof parseConfigDocument>;
	try {
		doc = parseConfigDocument(current.text);
	} catch (error) {
		if (error instanceof ConfigParseError) {
			throw new ConfigConflictError(
				"unparseable",
				`config.yaml does not parse, so the form cannot save over it: ${error.message}`,
				current.version,
			);
		}
		throw error;
	}
	return { current, next: applyToDocument(doc, planFormSave(documentToMapping(doc), incoming, env), current.text) };
}

/** `PUT /api/config`: deep-merge `incoming` (API shape) over the file and save in place. */
export function saveFormConfig(path: string, incoming: ConfigMapping, options: SaveOptions): Promise<SaveResult> {
	return withConfigLock(path, () => {
		if (isManagedInstall(dirname(path), options.env)) {
			throw new ConfigManagedError("Hermes is in managed mode: config.yaml is read-only");
		}
		for (let attempt = 1; ; attempt++) {
			const { current, next } = previewFormSave(path, incoming, options.env);
			// The client's version is checked against the file it saw; later moves are merged.
			if (attempt === 1) {
				checkVersion(current, options.expectVersion);
			}
			checkLoadable(next);
			try {
				return write(path, current, next, options);
			} catch (error) {
				if (!(error instanceof FileChangedError)) {
					throw error;
				}
				if (attempt === SAVE_ATTEMPTS) {
					throw new ConfigConflictError("stale", CHANGED_MESSAGE, readConfigText(path).version);
				}
			}
		}
	});
}

/** `PUT /api/config/raw` and history restores: the text must parse to a mapping; it is written as given. */
export function saveRawConfig(path: string, text: string, options: SaveOptions): Promise<SaveResult> {
	return withConfigLock(path, () => {
		if (isManagedInstall(dirname(path), options.env)) {
			throw new ConfigManagedError("Hermes is in managed mode: config.yaml is read-only");
		}
		checkLoadable(text);
		const current = readConfigText(path);
		checkVersion(current, options.expectVersion);
		try {
			return write(path, current, text, options);
		} catch (error) {
			if (error instanceof FileChangedError) {
				throw new ConfigConflictError("stale", CHANGED_MESSAGE, readConfigText(path).version);
			}
			throw error;
		}
	});
}
