/**
 * Gateway liveness from its lock (hermes-home §12): a gateway holds `flock` on
 * `gateway.lock` for its lifetime. A Python process stands in for it (fcntl.flock, as
 * Hermes takes it); a stale PID file pointing at some live process must not count.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { copyFixtureHome } from "../helpers/app.ts";
import { gatewayLockHolder, readGatewayStatus } from "../../src/hermes/gateway/runtime.ts";

const HOLDER = `
import fcntl, sys
lock = open(sys.argv[1], "a+")
fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("locked", flush=True)
sys.stdin.read()
`;

describe("gateway lock", () => {
	it("held ⇒ running with the holder's PID; released ⇒ stopped despite a live PID file", async () => {
		const home = copyFixtureHome();
		const lockPath = join(home, "gateway.lock");
		// A PID file naming a live process that is not a gateway (this test runner).
		writeFileSync(
			join(home, "gateway.pid"),
			JSON.stringify({ pid: process.pid, kind: "hermes-gateway", argv: [] }),
		);
		writeFileSync(lockPath, "");
		expect(gatewayLockHolder(lockPath)).toBeNull();
		expect(readGatewayStatus(home, {}).running).toBe(false);

		const python = spawn("python3", ["-c", HOLDER, lockPath], { stdio: ["pipe", "pipe", "inherit"] });
		const [chunk] = await once(python.stdout, "data");
		expect(String(chunk)).toContain("locked");
		expect(gatewayLockHolder(lockPath)).toBe(python.pid);
		const status = readGatewayStatus(home, {});
		expect(status).toMatchObject({ running: true, pid: python.pid });

		python.stdin.end();
		await once(python, "close");
		expect(gatewayLockHolder(lockPath)).toBeNull();
		expect(readGatewayStatus(home, {}).running).toBe(false);
	});

	it("no lock file: the PID-file rules apply as before", () => {
		const home = copyFixtureHome();
		expect(gatewayLockHolder(join(home, "gateway.lock"))).toBeUndefined();
		writeFileSync(join(home, "gateway.pid"), String(process.pid));
		expect(readGatewayStatus(home, {})).toMatchObject({ running: true, pid: process.pid });
	});
});
