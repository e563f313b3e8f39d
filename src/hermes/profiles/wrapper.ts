/**
 * @module
 * The `~/.local/bin/<name>` wrapper scripts Hermes creates for profiles (§2.1): a
 * two-line `sh` script that runs `hermes -p <name>`. Only written when the user's home
 * folder is known (the dashboard's HOME), and never over a command that already exists.
 */
import {
	accessSync,
	constants,
	chmodSync,
	closeSync,
	mkdirSync,
	openSync,
	readdirSync,
	readSync,
	rmSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";

/** CLI subcommands a wrapper may not shadow (`hermes <sub>` would become ambiguous). */
const SUBCOMMANDS = new Set(
	"chat model gateway setup whatsapp login logout status cron doctor dump config pairing skills tools mcp sessions insights version update uninstall profile plugins honcho acp".split(
		" ",
	),
);
const RESERVED = new Set(["hermes", "test", "tmp", "root", "sudo", "default"]);

function binDir(userHome: string): string {
	return join(userHome, ".local", "bin");
}

/** The first 8 KiB of a file, or "" when unreadable. */
function head(path: string): string {
	let fd: number | undefined;
	try {
		fd = openSync(path, "r");
		const buffer = Buffer.alloc(8192);
		const read = readSync(fd, buffer, 0, buffer.length, 0);
		return buffer.subarray(0, read).toString("utf8");
	} catch {
		return "";
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function isOurWrapper(path: string, profile?: string): boolean {
	const text = head(path);
	return profile === undefined ? /hermes\S* -p [a-z0-9]/.test(text) : text.includes(`-p ${profile} `);
}

/** A wrapper in `~/.local/bin` (extension-less file) runs `hermes -p <profile>`. */
export function hasAliasFor(userHome: string, profile: string): boolean {
	try {
		for (const entry of readdirSync(binDir(userHome), { withFileTypes: true })) {
			if (
				entry.isFile() &&
				!entry.name.includes(".") &&
				isOurWrapper(join(binDir(userHome), entry.name), profile)
			) {
				return true;
			}
		}
	} catch {
		// No bin folder: no alias.
	}
	return false;
}

/** The first executable `name` in the folders of a PATH value, like `which`; null when none. */
export function onPath(name: string, pathVar: string | undefined): string | null {
	for (const dir of (pathVar ?? "").split(delimiter)) {
		if (dir === "") continue;
		try {
			accessSync(join(dir, name), constants.X_OK);
			return join(dir, name);
		} catch {
			// Not here.
		}
	}
	return null;
}

/** Creates `~/.local/bin/<name>` unless the name collides; returns whether it was written. */
export function createWrapper(
	userHome: string | undefined,
	name: string,
	hermes: string,
	pathVar: string | undefined,
): boolean {
	if (userHome === undefined || RESERVED.has(name) || SUBCOMMANDS.has(name)) {
		return false;
	}
	const target = join(binDir(userHome), name);
	const existing = onPath(name, pathVar);
	if (existing !== null && existing !== target) {
		return false;
	}
	if (existing === target && !isOurWrapper(target)) {
		return false;
	}
	try {
		mkdirSync(binDir(userHome), { recursive: true });
		writeFileAtomic(target, `#!/bin/sh\nexec ${hermes} -p ${name} "$@"\n`, { mode: 0o755 });
		chmodSync(target, 0o755);
		return true;
	} catch {
		return false;
	}
}

/** Removes `~/.local/bin/<name>` when it is our wrapper for that profile. */
export function removeWrapper(userHome: string | undefined, name: string): void {
	if (userHome === undefined) return;
	const target = join(binDir(userHome), name);
	if (isOurWrapper(target, name)) {
		rmSync(target, { force: true });
	}
}
