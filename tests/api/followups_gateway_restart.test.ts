/**
 * Gateway restarts started from the Webhooks and Channels pages (api-contract A.10, A.12,
 * A.13) with a stand-in `hermes` on PATH: enabling the webhook platform starts
 * `hermes gateway restart` through the action runner, and the restart's status and log
 * are read back from `/api/actions/gateway-restart/status`.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { disableWebhookPlatform } from "../helpers/gateway.ts";
import { fakeHermes, stopActionsAfterEach } from "../helpers/fake_hermes.ts";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";

const track = stopActionsAfterEach();

function setup(extraEnv: Record<string, string> = {}) {
	const { argvLog, release, env } = fakeHermes({ FAKE_HERMES_LINES: "2", ...extraEnv }, { path: "/usr/bin:/bin" });
	const context = track(makeContext({ env }));
	const config = disableWebhookPlatform(context.home);
	return { context, argvLog, release, config, request: testClient(context) };
}

async function status(request: ReturnType<typeof testClient>) {
	return (await request("/api/actions/gateway-restart/status?lines=50")).json();
}

describe("POST /api/webhooks/enable restarts the gateway", () => {
	it("saves, starts `hermes gateway restart` and reports the action; its outcome is readable", async () => {
		const { context, argvLog, release, config, request } = setup();
		const response = await request("/api/webhooks/enable", { method: "POST" });
		expect(response.status).toBe(200);
		const answer = await response.json();
		expect(answer).toEqual({
			ok: true,
			platform: "webhook",
			enabled: true,
			needs_restart: false,
			restart_started: true,
			restart_action: "gateway-restart",
			restart_pid: expect.any(Number),
		});
		expect(readFileSync(config, "utf8")).toContain("  webhook:\n    enabled: true");
		const running = await status(request);
		expect(running).toMatchObject({ name: "gateway-restart", running: true, pid: answer.restart_pid });

		// A second enable while the restart runs reuses it (one process, same pid).
		const again = await (await request("/api/webhooks/enable", { method: "POST" })).json();
		expect(again.restart_pid).toBe(answer.restart_pid);

		writeFileSync(release, "");
		await actionRunnerFor(context).settled("gateway-restart");
		const done = await status(request);
		expect(done).toMatchObject({ running: false, exit_code: 0 });
		expect(done.lines).toContain("done");
		expect(readFileSync(join(context.home, "logs", "gateway-restart.log"), "utf8")).toMatch(
			/=== gateway-restart started .* ===\n/,
		);
		expect(readFileSync(argvLog, "utf8").trim().split("\n")).toEqual(["gateway restart"]);
	});

	it("a failing restart is reported by its exit code", async () => {
		const { context, release, request } = setup({ FAKE_HERMES_EXIT: "4" });
		writeFileSync(release, "");
		expect((await (await request("/api/webhooks/enable", { method: "POST" })).json()).restart_started).toBe(true);
		await actionRunnerFor(context).settled("gateway-restart");
		expect(await status(request)).toMatchObject({ running: false, exit_code: 4 });
	});

	it("without Hermes installed the save stands and the answer says why no restart ran", async () => {
		const { config, request } = setup({ PATH: "/nonexistent" });
		const answer = await (await request("/api/webhooks/enable", { method: "POST" })).json();
		expect(answer).toMatchObject({ ok: true, needs_restart: true, restart_started: false });
		expect(answer.restart_error).toMatch(/Hermes Agent is not installed/);
		expect(answer).not.toHaveProperty("restart_pid");
		expect(readFileSync(config, "utf8")).toContain("  webhook:\n    enabled: true");
	});
});

describe("POST /api/gateway/restart (the Channels page's button) runs as a tracked action", () => {
	it("status follows the run from running to its exit code", async () => {
		const { context, release, request } = setup();
		const started = await (await request("/api/gateway/restart", { method: "POST" })).json();
		expect(started).toEqual({ ok: true, pid: expect.any(Number), name: "gateway-restart" });
		expect(await status(request)).toMatchObject({ running: true, pid: started.pid });
		writeFileSync(release, "");
		await actionRunnerFor(context).settled("gateway-restart");
		expect(await status(request)).toMatchObject({ running: false, exit_code: 0, pid: started.pid });
	});
});
