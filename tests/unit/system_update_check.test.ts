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

describe("pip installs against PyPI", () => {
	it("equal → 0 (latest), newer → -1 (unknown count), unreachable → null", async () => {
		const { createServer } = await import("node:http");
		let latest = "0.18.2";
		const server = createServer((_req, res) => {
			res.setHeader("content-type", "application/json");
			res.end(JSON.stringify({ info: { version: latest } }));
		});
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		const port = (server.address() as { port: number }).port;
		const env = { HERMES_PYPI_URL: `http://127.0.0.1:${port}/pypi/hermes-agent/json` };
		try {
			const pipHome = mkdtempSync(join(tmpdir(), "hermes-home-"));
			const same = await checkForUpdates(pipHome, { ...base, install: install(), env });
			expect(same).toMatchObject({ install_method: "pip", behind: 0, message: "You're on the latest version." });
			latest = "0.19.0";
			const newer = await checkForUpdates(pipHome, { ...base, install: install(), env, force: true });
			expect(newer).toMatchObject({ behind: -1, update_available: true, can_apply: true });
		} finally {
			server.close();
		}
		const gone = await checkForUpdates(mkdtempSync(join(tmpdir(), "hermes-home-")), {
			...base,
			install: install(),
			env: { HERMES_PYPI_URL: `http://127.0.0.1:${port}/gone` },
		});
		expect(gone).toMatchObject({ behind: null, message: "Couldn't reach the update source — try again later." });
	});
});
