/**
 * A profile's gateway is stopped before the profile is deleted: SIGTERM first, SIGKILL
 * after the grace period for one that ignores it. Stand-in gateways are child processes
 * named in the profile's gateway.pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { stopProfileGateway } from "../../src/hermes/profiles/gateway_stop.ts";

const children: ChildProcess[] = [];

/** A stand-in gateway; resolves once its SIGTERM handling is in place. */
async function standInGateway(ignoreTerm: boolean): Promise<ChildProcess> {
	const script = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ""} setInterval(() => {}, 1000); console.log('ready');`;
	const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "ignore"] });
	children.push(child);
	await once(child.stdout!, "data");
	return child;
}

afterEach(() => {
	for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("stopping a profile's gateway", () => {
	it("DELETE stops the running gateway, then removes the profile", async () => {
		const context = makeContext();
		const request = testClient(context);
		const dir = join(context.home, "profiles", "bot");
		mkdirSync(dir, { recursive: true });
		const gateway = await standInGateway(false);
		writeFileSync(join(dir, "gateway.pid"), String(gateway.pid));
		const list = (await (await request("/api/profiles")).json()) as {
			profiles: { name: string; gateway_running: boolean }[];
		};
		expect(list.profiles.find((row) => row.name === "bot")?.gateway_running).toBe(true);
		const exit = once(gateway, "exit");
		const response = await request("/api/profiles/bot", { method: "DELETE" });
		expect(response.status).toBe(200);
		const [, signal] = await exit;
		expect(signal).toBe("SIGTERM");
	});

	it("forces a gateway that ignores SIGTERM after the grace period", async () => {
		const home = join(copyFixtureHome(), "profiles", "stubborn");
		mkdirSync(home, { recursive: true });
		const gateway = await standInGateway(true);
		writeFileSync(join(home, "gateway.pid"), JSON.stringify({ pid: gateway.pid }));
		const exit = once(gateway, "exit");
		expect(await stopProfileGateway(home, 300)).toBe(gateway.pid);
		const [, signal] = await exit;
		expect(signal).toBe("SIGKILL");
		expect(await stopProfileGateway(home, 300)).toBeNull();
	});
});
