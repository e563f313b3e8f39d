import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";

describe("GET /api/status", () => {
	it("reports the fixture home's facts in token mode", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await request("/api/status", { token: false });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.config_version).toBe(33);
		expect(body.latest_config_version).toBe(33);
		expect(body.gateway_running).toBe(false);
		expect(body.gateway_state).toBe("stopped");
		expect(body.gateway_platforms).toEqual({});
		expect(body.auth_required).toBe(false);
		expect(body.auth_providers).toEqual([]);
		expect(body.profiles).toEqual(["default"]);
		expect(body.gateway_mode).toBe("none");
		expect(body.hermes_home).toBe(context.home);
		expect(body.config_path).toBe(join(context.home, "config.yaml"));
		expect(body.env_path).toBe(join(context.home, ".env"));
		expect(body.gateway_pid).toBeNull();
		expect(body.gateways).toEqual([]);
		for (const key of [
			"version",
			"release_date",
			"can_update_hermes",
			"active_agents",
			"gateway_busy",
			"gateway_drainable",
			"restart_drain_timeout",
			"active_sessions",
			"nous_session_valid",
			"gateway_exit_reason",
			"gateway_updated_at",
		]) {
			expect(body).toHaveProperty(key);
		}
	});

	it("sees a live gateway from gateway.pid and gateway_state.json, filtered to configured platforms", async () => {
		const context = makeContext();
		writeFileSync(
			join(context.home, "gateway.pid"),
			JSON.stringify({ pid: process.pid, kind: "hermes-gateway", argv: ["hermes", "gateway", "run"] }),
		);
		writeFileSync(
			join(context.home, "gateway_state.json"),
			JSON.stringify({
				pid: process.pid,
				gateway_state: "running",
				active_agents: 2,
				platforms: {
					telegram: {
						state: "connected",
						error_code: null,
						error_message: null,
						updated_at: "2026-11-23T23:00:00+00:00",
					},
					slack: { state: "connected" },
				},
				updated_at: "2026-11-23T23:00:00+00:00",
			}),
		);
		const body = await (await testClient(context)("/api/status")).json();
		expect(body.gateway_running).toBe(true);
		expect(body.gateway_pid).toBe(process.pid);
		expect(body.gateway_state).toBe("running");
		expect(Object.keys(body.gateway_platforms)).toEqual(["telegram"]);
		expect(body.active_agents).toBe(2);
		expect(body.gateway_busy).toBe(true);
		expect(body.gateway_drainable).toBe(true);
		expect(body.gateway_mode).toBe("single");
		expect(body.gateways).toEqual([{ profile: "default", ports: { webhook: 8644 } }]);
	});

	it("treats a dead PID as stopped and a corrupt active_agents as 0", async () => {
		const context = makeContext();
		writeFileSync(join(context.home, "gateway.pid"), "999999999");
		writeFileSync(join(context.home, "gateway_state.json"), '{"gateway_state":"running","active_agents":"lots"}');
		const body = await (await testClient(context)("/api/status")).json();
		expect(body.gateway_running).toBe(false);
		expect(body.gateway_state).toBe("stopped");
		expect(body.active_agents).toBe(0);
	});
});
