/**
 * @module
 * Writing `config.yaml`: form saves (deep-merged, edited in place), raw saves and history
 * restores. Every write is serialised per file by an in-process lock, checks the
 * client's version (content hash) when one is given, refuses to replace a file that
 * does not parse, and goes through `writeFileAtomic` (0600 unless in a container, as
 * Hermes does). Hermes takes no cross-process lock on config.yaml, so neither do we.
 */
import { realpathSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { isInContainer } from "../home/container.ts";
import { isManagedInstall } from "../home/install.ts";
import { applyToDocument, planFormSave } from "./plan.ts";
import { recordSave } from "./history.ts";
import {
	ConfigParseError,
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

function write(path: string, current: ConfigText, next: string, options: SaveOptions): SaveResult {
	if (next === current.text && current.exists) {
		return { version: current.version, text: next, changed: false };
	}
	const container = isInContainer(options.env);
	writeFileAtomic(path, next, container ? { mode: 0o600 } : { forceMode: 0o600 });
	recordSave(path, current.exists ? current.text : null, next);
	return { ...readConfigText(path), changed: true };
}

/** What a form save would write (no write): the new text for a preview diff. */
export function previewFormSave(
	path: string,
	incoming: ConfigMapping,
	env: Record<string, string | undefined>,
): { current: ConfigText; next: string } {
	const current = readConfigText(path);
	let doc;
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
		const { current, next } = previewFormSave(path, incoming, options.env);
		checkVersion(current, options.expectVersion);
		return write(path, current, next, options);
	});
}

/** `PUT /api/config/raw` and history restores: the text must parse to a mapping; it is written as given. */
export function saveRawConfig(path: string, text: string, options: SaveOptions): Promise<SaveResult> {
	return withConfigLock(path, () => {
		if (isManagedInstall(dirname(path), options.env)) {
			throw new ConfigManagedError("Hermes is in managed mode: config.yaml is read-only");
		}
		parseConfigDocument(text);
		const current = readConfigText(path);
		checkVersion(current, options.expectVersion);
		return write(path, current, text, options);
	});
}
