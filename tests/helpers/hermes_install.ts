/**
 * Stand-in Hermes Agent installs (what HERMES_AGENT_DIR points at): a pip-style folder with
 * `hermes_cli/__init__.py` and optional `optional-mcps/<name>/manifest.yaml` catalog entries,
 * or a git checkout behind its origin for the update check and `hermes update`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function git(cwd: string, ...args: string[]): string {
	return execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], {
		cwd,
		encoding: "utf8",
		stdio: "pipe",
	});
}

/** Writes `hermes_cli/__init__.py` (version 0.18.2, and a release date when given) under `root`. */
function writeVersion(root: string, releaseDate?: string): void {
	mkdirSync(join(root, "hermes_cli"), { recursive: true });
	const date = releaseDate === undefined ? "" : `__release_date__ = "${releaseDate}"\n`;
	writeFileSync(join(root, "hermes_cli", "__init__.py"), `__version__ = "0.18.2"\n${date}`);
}

/** A pip-style install (no .git) whose MCP catalog holds `catalog` (entry name → manifest.yaml text). */
export function pipInstall(catalog: Record<string, string> = {}, releaseDate?: string): string {
	const root = mkdtempSync(join(tmpdir(), "hermes-install-"));
	writeVersion(root, releaseDate);
	for (const [name, manifest] of Object.entries(catalog)) {
		mkdirSync(join(root, "optional-mcps", name), { recursive: true });
		writeFileSync(join(root, "optional-mcps", name, "manifest.yaml"), manifest);
	}
	return root;
}

/** A git install `behind` commits behind its origin's main; its folder. */
export function gitInstallBehind(behind: number): string {
	const base = mkdtempSync(join(tmpdir(), "hermes-install-"));
	const origin = join(base, "origin.git");
	const root = join(base, "hermes-agent");
	writeVersion(root, "2026.7.7.2");
	git(root, "init", "-q", "-b", "main");
	git(root, "add", ".");
	git(root, "commit", "-qm", "base");
	git(base, "clone", "-q", "--bare", root, origin);
	git(root, "remote", "add", "origin", origin);
	const upstream = join(base, "upstream");
	git(base, "clone", "-q", origin, upstream);
	for (let i = 1; i <= behind; i++) {
		writeFileSync(join(upstream, `f${i}.txt`), String(i));
		git(upstream, "add", ".");
		git(upstream, "commit", "-qm", `upstream change ${i}`);
	}
	git(upstream, "push", "-q", "origin", "main");
	return root;
}
