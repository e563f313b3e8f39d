/**
 * The one managed-install rule (hermes-home §1.3) and when Hermes may update itself in
 * place: containers skip chmods (§1.4) but do not make an install managed.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canUpdateInPlace, findHermesInstall, isManagedInstall } from "../../src/hermes/home/install.ts";

function fakeInstall(kind: "git" | "pip"): string {
	const root = mkdtempSync(join(tmpdir(), `hermes-agent-${kind}-`));
	mkdirSync(join(root, "hermes_cli"));
	writeFileSync(join(root, "hermes_cli", "__init__.py"), '__version__ = "0.18.2"\n__release_date__ = "2026.11.1"\n');
	if (kind === "git") {
		mkdirSync(join(root, ".git"));
	}
	return root;
}

describe("managed install", () => {
	const home = mkdtempSync(join(tmpdir(), "hermes-home-"));

	it("is HERMES_MANAGED (a package manager or a true word) or a .managed marker", () => {
		for (const value of ["nix", "NixOS", "brew", "homebrew", "true", "1", " yes "]) {
			expect(isManagedInstall(home, { HERMES_MANAGED: value })).toBe(true);
		}
		for (const value of ["", "0", "false", "apt"]) {
			expect(isManagedInstall(home, { HERMES_MANAGED: value })).toBe(false);
		}
		const marked = mkdtempSync(join(tmpdir(), "hermes-home-"));
		writeFileSync(join(marked, ".managed"), "");
		expect(isManagedInstall(marked, {})).toBe(true);
	});

	it("is not implied by a container", () => {
		expect(isManagedInstall(home, { HERMES_CONTAINER: "1" })).toBe(false);
	});

	it("lets a git checkout update itself in a container, but not a baked-in pip install", () => {
		const container = { HERMES_CONTAINER: "1" };
		const git = findHermesInstall(home, { ...container, HERMES_AGENT_DIR: fakeInstall("git") });
		const pip = findHermesInstall(home, { ...container, HERMES_AGENT_DIR: fakeInstall("pip") });
		expect(git.found && pip.found).toBe(true);
		expect(canUpdateInPlace(git, home, container)).toBe(true);
		expect(canUpdateInPlace(pip, home, container)).toBe(false);
		expect(canUpdateInPlace(git, home, { ...container, HERMES_MANAGED: "nix" })).toBe(false);
		expect(canUpdateInPlace(findHermesInstall(home, { PATH: "" }), home, {})).toBe(false);
	});
});
