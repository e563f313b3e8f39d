/**
 * The real CLI as a process: ready handshake, flags, a missing home, the fail-closed
 * start and the desktop ready file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { sessionTokenOf } from "../helpers/dom.ts";
import { rawGet, runCLI, startServer, type RunningServer } from "../helpers/server.ts";

let server: RunningServer | undefined;
afterEach(async () => {
	await server?.stop();
	server = undefined;
});

const BIN = fileURLToPath(new URL("../../bin/hermes-dashboard.js", import.meta.url));

/** A Node older than 24 on this machine (Debian's), or null when there is none. */
function olderSystemNode(): string | null {
	for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
		try {
			const major = Number(
				execFileSync(candidate, ["--version"], { encoding: "utf8" }).trim().slice(1).split(".")[0],
			);
			if (major < 24) {
				return candidate;
			}
		} catch {
			// Not there.
		}
	}
	return null;
}

describe("hermes-dashboard CLI", () => {
	it("the package bin serves on the pinned Node 24 when started by an older system Node", async () => {
		const node = olderSystemNode() ?? process.execPath;
		server = await startServer({ command: [node, BIN], args: ["--home", copyFixtureHome()] });
		const status = await (await fetch(`${server.baseURL}/api/status`)).json();
		expect(status.config_version).toBe(33);
		const stopped = server.stop();
		await stopped;
		expect(server.child.exitCode ?? server.child.signalCode).not.toBeNull();
	});

	it("the package bin runs the server in its own process with glibc's malloc settings, keeping the user's", async () => {
		const environOf = (pid: number): Map<string, string> =>
			new Map(
				readFileSync(`/proc/${pid}/environ`, "utf8")
					.split("\0")
					.filter(Boolean)
					.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
			);
		const unset = {
			MALLOC_ARENA_MAX: undefined,
			MALLOC_MMAP_THRESHOLD_: undefined,
			MALLOC_TRIM_THRESHOLD_: undefined,
		};
		server = await startServer({
			command: [process.execPath, BIN],
			args: ["--home", copyFixtureHome()],
			env: unset,
		});
		// Re-executed in place: the pid the supervisor started is the one serving.
		const tuned = environOf(server.child.pid!);
		expect(tuned.get("MALLOC_ARENA_MAX")).toBe("2");
		expect(tuned.get("MALLOC_MMAP_THRESHOLD_")).toBe("131072");
		expect((await fetch(`${server.baseURL}/api/status`)).status).toBe(200);
		await server.stop();

		server = await startServer({
			command: [process.execPath, BIN],
			args: ["--home", copyFixtureHome()],
			env: { ...unset, MALLOC_ARENA_MAX: "4" },
		});
		const own = environOf(server.child.pid!);
		expect(own.get("MALLOC_ARENA_MAX")).toBe("4");
		expect(own.has("MALLOC_MMAP_THRESHOLD_")).toBe(false);
	});

	it("serves a fixture home on an ephemeral port and prints the ready line and URL", async () => {
		const home = copyFixtureHome();
		server = await startServer({ args: ["--home", home] });
		expect(server.port).toBeGreaterThan(0);
		expect(server.stdout()).toMatch(
			new RegExp(
				`^HERMES_DASHBOARD_READY port=${server.port}\\n  Hermes Web UI → http://127\\.0\\.0\\.1:${server.port}\\n`,
			),
		);
		const status = await (await fetch(`${server.baseURL}/api/status`)).json();
		expect(status.hermes_home).toBe(home);
		expect(status.config_version).toBe(33);
		expect(status.gateway_state).toBe("stopped");
	});

	it("rejects a rebinding Host header on the real server", async () => {
		server = await startServer({ args: ["--home", copyFixtureHome()] });
		const bad = await rawGet(`${server.baseURL}/api/status`, { Host: "attacker.example:9119" });
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.body).detail).toContain("Invalid Host header");
		expect((await rawGet(`${server.baseURL}/api/status`, { Host: `localhost:${server.port}` })).status).toBe(200);
	});

	it("reads the token from the page and calls a protected API with it", async () => {
		server = await startServer({ args: ["--home", copyFixtureHome()] });
		const html = await (await fetch(`${server.baseURL}/`)).text();
		const token = sessionTokenOf(html);
		expect((await fetch(`${server.baseURL}/ui/status`)).status).toBe(401);
		const ok = await fetch(`${server.baseURL}/ui/status`, { headers: { "X-Hermes-Session-Token": token } });
		expect(ok.status).toBe(200);
	});

	it("adopts HERMES_DASHBOARD_SESSION_TOKEN and writes HERMES_DESKTOP_READY_FILE", async () => {
		const dir = mkdtempSync(join(tmpdir(), "ready-"));
		const readyFile = join(dir, "ready.json");
		server = await startServer({
			args: ["--home", copyFixtureHome()],
			env: { HERMES_DASHBOARD_SESSION_TOKEN: "desktop-token-123", HERMES_DESKTOP_READY_FILE: readyFile },
		});
		expect(JSON.parse(readFileSync(readyFile, "utf8"))).toEqual({ port: server.port });
		const html = await (await fetch(`${server.baseURL}/`)).text();
		expect(html).toContain('window.__HERMES_SESSION_TOKEN__="desktop-token-123";');
	});

	it("creates a missing home with mode 0700 instead of failing", async () => {
		const home = join(mkdtempSync(join(tmpdir(), "newhome-")), "nested", ".hermes");
		server = await startServer({ args: ["--home", home] });
		expect(statSync(home).mode & 0o777).toBe(0o700);
		expect(existsSync(join(home, "logs"))).toBe(true);
		const status = await (await fetch(`${server.baseURL}/api/status`)).json();
		expect(status.active_sessions).toBe(0);
		expect(status.config_version).toBe(33);
	});

	it("uses HERMES_HOME when --home is absent, and ignores an empty one", async () => {
		const home = copyFixtureHome();
		server = await startServer({ env: { HERMES_HOME: home } });
		expect((await (await fetch(`${server.baseURL}/api/status`)).json()).hermes_home).toBe(home);
	});

	it("refuses a gated bind with no provider: exit 1 and the explanation", async () => {
		const result = await runCLI(["--home", copyFixtureHome(), "--host", "0.0.0.0", "--port", "0", "--no-open"], {
			HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
		});
		expect(result.code).toBe(1);
		expect(result.stdout).not.toContain("HERMES_DASHBOARD_READY");
		expect(result.stderr).toContain("Refusing to bind dashboard to 0.0.0.0");
		expect(result.stderr).toContain("no auth providers");
		expect(result.stderr).toContain("nous:");
		expect(result.stderr).toContain("HERMES_DASHBOARD_OAUTH_CLIENT_ID");
	});

	it("--insecure on a non-loopback bind serves in token mode with a loud warning", async () => {
		server = await startServer({ args: ["--home", copyFixtureHome(), "--host", "0.0.0.0", "--insecure"] });
		expect(server.stderr()).toContain("WARNING: --insecure on 0.0.0.0");
		const status = await (await fetch(`${server.baseURL}/api/status`)).json();
		expect(status.auth_required).toBe(false);
		expect((await fetch(`${server.baseURL}/ui/status`)).status).toBe(401);
	});

	it("--help, --version and a bad flag", async () => {
		const help = await runCLI(["--help"]);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain("--insecure");
		const version = await runCLI(["--version"]);
		expect(version.stdout).toMatch(/^hermes-dashboard \d+\.\d+\.\d+/);
		const bad = await runCLI(["--nope"]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain("Usage:");
	});
});
