/**
 * A Hermes "install" that is a git checkout of a local bare origin whose `main` has moved
 * `behind` commits ahead of it: what the update check and `hermes update` look at.
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

/** The install's folder (with `hermes_cli/__init__.py` naming version 0.18.2). */
export function gitInstallBehind(behind: number): string {
	const base = mkdtempSync(join(tmpdir(), "hermes-install-"));
	const origin = join(base, "origin.git");
	const root = join(base, "hermes-agent");
	mkdirSync(join(root, "hermes_cli"), { recursive: true });
	writeFileSync(join(root, "hermes_cli", "__init__.py"), '__version__ = "0.18.2"\n__release_date__ = "2026.7.7.2"\n');
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
