/**
 * A dashboard that stops while a Test is still waiting on a stdio server leaves no
 * server behind: the real CLI is started, a hanging server is probed with a long
 * deadline, and the dashboard is stopped mid-probe.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer } from "../helpers/server.ts";

const SERVER_SCRIPT = fileURLToPath(new URL("../fixtures/mcp_test_server.mjs", import.meta.url));
const TOKEN = "mcp-shutdown-token-0123456789abcdefghijklmno";

function processAlive(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
	} catch {
		return false;
	}
}

/** Resolves once `path` exists (watching its folder; no polling sleeps). */
function fileAppears(path: string): Promise<void> {
	return new Promise((resolve) => {
		const dir = join(path, "..");
		const watcher = watch(dir, () => {
			if (existsSync(path) && readFileSync(path, "utf8").includes(" ")) {
				watcher.close();
				resolve();
			}
		});
		if (existsSync(path) && readFileSync(path, "utf8").includes(" ")) {
			watcher.close();
			resolve();
		}
	});
}

describe("dashboard shutdown during a Test", () => {
	it("kills the probed server's process group", async () => {
		const home = copyFixtureHome();
		const pidFile = join(mkdtempSync(join(tmpdir(), "mcp-shutdown-")), "pids");
		const configPath = join(home, "config.yaml");
		writeFileSync(
			configPath,
			readFileSync(configPath, "utf8").replace(
				"mcp_servers:\n",
				`mcp_servers:\n  hang:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(SERVER_SCRIPT)}, --hang]\n    env: {MCP_HANG_PID_FILE: ${JSON.stringify(pidFile)}}\n    connect_timeout: 300\n`,
			),
		);
		const server = await startServer({ args: ["--home", home], env: { HERMES_DASHBOARD_SESSION_TOKEN: TOKEN } });
		const appeared = fileAppears(pidFile);
		const probe = fetch(`${server.baseURL}/api/mcp/servers/hang/test`, {
			method: "POST",
			headers: { "X-Hermes-Session-Token": TOKEN },
		}).catch(() => null);
		await appeared;
		const pids = readFileSync(pidFile, "utf8").trim().split(" ").map(Number);
		try {
			expect(pids.filter(processAlive)).toHaveLength(2);
			await server.stop();
			await probe;
			expect(pids.filter(processAlive)).toEqual([]);
		} finally {
			// Should the assertion fail, leave nothing running behind the test either.
			for (const pid of pids.filter(processAlive)) {
				process.kill(pid, "SIGKILL");
			}
			await server.stop();
		}
	});
});
