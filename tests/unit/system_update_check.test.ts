/**
 * Install-method detection and the out-of-band answers (Docker, Nix, Homebrew) of the
 * update check, with the container question answered explicitly.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkForUpdates, detectInstallMethod } from "../../src/hermes/system/update_check.ts";
import type { HermesInstall } from "../../src/hermes/home/install.ts";

function install(): HermesInstall {
	const root = mkdtempSync(join(tmpdir(), "hermes-root-"));
	mkdirSync(join(root, "hermes_cli"));
	return { found: true, version: "0.18.2", releaseDate: null, root, launcher: null };
}

const home = mkdtempSync(join(tmpdir(), "hermes-home-"));
const base = { env: {}, nowMs: 0, force: false, inContainer: false };

describe("detectInstallMethod", () => {
	it("marker, legacy marker (docker only in a container), managed system, .git, pip", () => {
		const found = install();
		expect(detectInstallMethod(found, home, { env: {}, inContainer: false })).toBe("pip");
		mkdirSync(join(found.root!, ".git"));
		expect(detectInstallMethod(found, home, { env: {}, inContainer: false })).toBe("git");
		expect(detectInstallMethod(found, home, { env: { HERMES_MANAGED: "brew" }, inContainer: false })).toBe(
			"homebrew",
		);
		const legacyHome = mkdtempSync(join(tmpdir(), "hermes-home-"));
		writeFileSync(join(legacyHome, ".install_method"), "docker\n");
		expect(detectInstallMethod(found, legacyHome, { env: {}, inContainer: false })).toBe("git");
		expect(detectInstallMethod(found, legacyHome, { env: {}, inContainer: true })).toBe("docker");
		writeFileSync(join(found.root!, ".install_method"), "NixOS\nignored\n");
		expect(detectInstallMethod(found, home, { env: {}, inContainer: false })).toBe("nixos");
	});
});

describe("checkForUpdates", () => {
	it.each([
		["homebrew", { HERMES_MANAGED: "homebrew" }, "brew upgrade hermes-agent"],
		["nixos", { HERMES_MANAGED: "nix" }, "Update the Nix flake input"],
	])("%s names its out-of-band command", async (method, env, command) => {
		const check = await checkForUpdates(home, { ...base, install: install(), env });
		expect(check).toMatchObject({
			install_method: method,
			can_apply: false,
			behind: null,
			update_available: false,
		});
		expect(check.update_command).toContain(command);
		expect(check.message).toContain(command);
	});

	it("docker gives the image guidance outside a container marker check", async () => {
		const found = install();
		writeFileSync(join(found.root!, ".install_method"), "docker\n");
		const check = await checkForUpdates(home, { ...base, install: found });
		expect(check).toMatchObject({ install_method: "docker", can_apply: false, behind: null });
		expect(check.update_command).toBe("docker pull nousresearch/hermes-agent:latest");
		expect(check.message).toContain("docker pull nousresearch/hermes-agent:latest");
	});

	it("inside a container a non-git install is managed-runtime; a git checkout is not", async () => {
		const check = await checkForUpdates(home, { ...base, install: install(), inContainer: true });
		expect(check.install_method).toBe("managed-runtime");
		const git = install();
		mkdirSync(join(git.root!, ".git"));
		const gitCheck = await checkForUpdates(home, { ...base, install: git, inContainer: true });
		expect(gitCheck.install_method).toBe("git");
		expect(gitCheck.can_apply).toBe(true);
	});
});
