/**
 * @module
 * The archive layout `hermes backup` writes and `hermes import` reads (hermes-home §17.3),
 * as rules both directions share: which paths a backup leaves out, which names a restore
 * never overwrites, which restored files are secrets (0600), and the optional
 * `.hermes/` or `hermes/` wrapper folder a hand-made zip may have.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** Folders left out at any depth (`hermes-agent` only at the top: a skill may be named so). */
const EXCLUDED_DIRS: ReadonlySet<string> = new Set([
	"__pycache__",
	".git",
	"node_modules",
	"backups",
	"checkpoints",
	".venv",
	"venv",
	"site-packages",
	".cache",
	".tox",
	".nox",
	".pytest_cache",
	".mypy_cache",
	".ruff_cache",
]);
const EXCLUDED_SUFFIXES = [".pyc", ".pyo", ".db-wal", ".db-shm", ".db-journal"];
const EXCLUDED_NAMES: ReadonlySet<string> = new Set(["gateway.pid", "cron.pid"]);

/** Runtime state of the machine the backup came from: a restore keeps this machine's. */
export const IMPORT_SKIP_NAMES: ReadonlySet<string> = new Set([
	"gateway_state.json",
	"gateway.pid",
	"cron.pid",
	"gateway.lock",
	"processes.json",
]);
/** Restored with mode 0600 whatever the archive says. */
export const SECRET_FILE_NAMES: ReadonlySet<string> = new Set([".env", "auth.json", "state.db"]);
/** An archive is a Hermes backup when some entry has one of these base names. */
const MARKERS: ReadonlySet<string> = new Set(["config.yaml", ".env", "state.db"]);
/** Memory-provider data from outside the home; never restored by the dashboard. */
export const EXTERNAL_PREFIX = "_external/";

/** Whether a home-relative path (as parts) stays out of a backup. */
export function excludedFromBackup(parts: readonly string[]): boolean {
	for (const [index, part] of parts.entries()) {
		if (EXCLUDED_DIRS.has(part) || (part === "hermes-agent" && index === 0 && parts.length > 1)) {
			return true;
		}
	}
	const name = parts[parts.length - 1] ?? "";
	return EXCLUDED_NAMES.has(name) || EXCLUDED_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** The reason an archive's names do not look like a Hermes backup, or null. */
export function notABackupReason(names: readonly string[]): string | null {
	if (names.length === 0) {
		return "zip archive is empty";
	}
	const found = names.some((name) => MARKERS.has(name.split("/").pop() ?? ""));
	return found ? null : "zip does not appear to be a Hermes backup (no config.yaml, .env, or state databases found)";
}

/** `.hermes/` or `hermes/` when every nested file sits under that one folder; else "". */
export function wrapperPrefix(fileNames: readonly string[]): string {
	const firsts = new Set(fileNames.filter((name) => name.includes("/")).map((name) => name.split("/")[0]));
	if (firsts.size !== 1) return "";
	const only = [...firsts][0]!;
	return only === ".hermes" || only === "hermes" ? `${only}/` : "";
}

function pad(n: number): string {
	return String(n).padStart(2, "0");
}

/** `backups/` of a home: where the dashboard writes, lists, serves and stages archives. */
export function backupsDir(home: string): string {
	return join(home, "backups");
}

/** `hermes-backup-YYYY-MM-DD-HHMMSS-<8 hex>.zip` in local time, as the dashboard names new backups. */
export function newBackupName(nowMs: number): string {
	const d = new Date(nowMs);
	const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
	return `hermes-backup-${stamp}-${randomBytes(4).toString("hex")}.zip`;
}

/** `dashboard-import-<UTC YYYYMMDD-HHMMSS>-<8 hex>-<safe name>` for an uploaded archive. */
export function uploadStagingName(nowMs: number, filename: string | undefined): string {
	let name = (filename ?? "backup.zip").split(/[\\/]/).pop()!.trim();
	name = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+|[.-]+$/g, "");
	if (name === "") name = "backup.zip";
	if (!name.toLowerCase().endsWith(".zip")) name = `${name}.zip`;
	const iso = new Date(nowMs).toISOString();
	const stamp = `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
	return `dashboard-import-${stamp}-${randomBytes(4).toString("hex")}-${name}`;
}
