/**
 * System page APIs on copies of the fixture home: host stats, the update check (a local
 * git checkout with its own "origin"), Nous Portal, the curator, gateway lifecycle with a
 * stand-in `hermes` on PATH, and the drain marker.
 */
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { gitInstallBehind } from "../helpers/hermes_install.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

const JSON_HEADERS = { "content-type": "application/json" };
const started: number[] = [];

afterAll(() => {
	for (const pid of started) {
		try {
			process.kill(-pid, "SIGKILL");
		} catch {
			// Already gone.
		}
	}
});

function git(cwd: string, ...args: string[]): string {
	return execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], {
		cwd,
		encoding: "utf8",
	});
}

describe("GET /api/system/stats", () => {
	it("has the identity fields and the live figures of this host", async () => {
		const request = testClient(makeContext());
		const response = await request("/api/system/stats");
		expect(response.status).toBe(200);
		const stats = await response.json();
		for (const key of [
			"os",
			"os_release",
			"os_version",
			"platform",
			"arch",
			"hostname",
			"python_version",
			"python_impl",
		]) {
			expect(typeof stats[key], key).toBe("string");
		}
		expect(stats.cpu_count).toBeGreaterThan(0);
		expect(stats.memory.total).toBeGreaterThan(stats.memory.available);
		expect(stats.disk.total).toBeGreaterThan(0);
		expect(stats.cpu_percent).toBeGreaterThanOrEqual(0);
		expect(stats.cpu_percent).toBeLessThanOrEqual(100);
		expect(stats.load_avg).toHaveLength(3);
		expect(stats.process.pid).toBe(process.pid);
		expect(stats.psutil).toBe(true);
	});
});

describe("GET /api/hermes/update/check", () => {
	it("counts the commits a git install is behind, caches them 6 h, and force re-checks", async () => {
		const root = gitInstallBehind(3);
		const clock = fixedClock(Date.UTC(2026, 10, 23));
		const context = makeContext({ env: { HERMES_AGENT_DIR: root }, clock });
		const request = testClient(context);
		const first = await (await request("/api/hermes/update/check")).json();
		expect(first).toMatchObject({
			install_method: "git",
			current_version: "0.18.2",
			behind: 3,
			update_available: true,
			can_apply: true,
			update_command: "hermes update",
		});
		expect(first.commits.map((commit: { summary: string }) => commit.summary)).toEqual([
			"upstream change 3",
			"upstream change 2",
			"upstream change 1",
		]);
		expect(first.commits[0].sha).toMatch(/^[0-9a-f]{7}$/);
		const cache = JSON.parse(readFileSync(join(context.home, ".update_check"), "utf8"));
		expect(cache).toMatchObject({ ts: Date.UTC(2026, 10, 23) / 1000, behind: 3 });

		// Catch up locally: the cached count still answers until forced or 6 h pass.
		git(root, "pull", "-q", "origin", "main");
		expect((await (await request("/api/hermes/update/check")).json()).behind).toBe(3);
		const forced = await (await request("/api/hermes/update/check?force=true")).json();
		expect(forced).toMatchObject({ behind: 0, update_available: false, message: "You're on the latest version." });
		expect(forced.commits).toBeUndefined();
	});

	it("expires the cache after 6 hours on the app clock", async () => {
		const root = gitInstallBehind(1);
		const clock = fixedClock(Date.UTC(2026, 10, 23));
		const request = testClient(makeContext({ env: { HERMES_AGENT_DIR: root }, clock }));
		expect((await (await request("/api/hermes/update/check")).json()).behind).toBe(1);
		git(root, "pull", "-q", "origin", "main");
		clock.advance(6 * 3600 * 1000 - 1000);
		expect((await (await request("/api/hermes/update/check")).json()).behind).toBe(1);
		clock.advance(2000);
		expect((await (await request("/api/hermes/update/check")).json()).behind).toBe(0);
	});

	it("a failed fetch is behind null with Hermes's message", async () => {
		const root = gitInstallBehind(0);
		git(root, "remote", "set-url", "origin", join(root, "no-such-origin"));
		const request = testClient(makeContext({ env: { HERMES_AGENT_DIR: root } }));
		const check = await (await request("/api/hermes/update/check")).json();
		expect(check).toMatchObject({
			behind: null,
			update_available: false,
			message: "Couldn't reach the update source — try again later.",
		});
	});

	it("a docker/managed marker inside a container is managed outside the dashboard; bad force is 422", async () => {
		const root = gitInstallBehind(0);
		writeFileSync(join(root, ".install_method"), "docker\n");
		const request = testClient(makeContext({ env: { HERMES_AGENT_DIR: root, HERMES_CONTAINER: "1" } }));
		const check = await (await request("/api/hermes/update/check")).json();
		expect(check).toEqual({
			install_method: "managed-runtime",
			current_version: "0.18.2",
			behind: null,
			update_available: false,
			can_apply: false,
			update_command: "managed outside dashboard",
			message: "Hermes updates are managed outside this dashboard in containerized environments.",
		});
		expect((await request("/api/hermes/update/check?force=maybe")).status).toBe(422);
	});

	it("no Hermes install: a clear message, nothing to apply", async () => {
		const request = testClient(makeContext({ env: { PATH: "/nonexistent" } }));
		const check = await (await request("/api/hermes/update/check")).json();
		expect(check).toMatchObject({ install_method: "unknown", can_apply: false, behind: null });
		expect(check.message).toContain("not installed");
	});
});

describe("GET /api/portal", () => {
	it("reads the login from auth.json and the provider from config", async () => {
		const context = makeContext();
		const request = testClient(context);
		const portal = await (await request("/api/portal")).json();
		expect(portal).toMatchObject({
			logged_in: false,
			portal_url: null,
			provider: "anthropic",
			subscription_url: "https://portal.nousresearch.com/manage-subscription",
		});
		expect(portal.features.map((f: { label: string }) => f.label)).toContain("Web tools");
		const auth = JSON.parse(readFileSync(join(context.home, "auth.json"), "utf8"));
		auth.providers.nous = { refresh_token: "r".repeat(20), portal_base_url: "https://portal.example" };
		writeFileSync(join(context.home, "auth.json"), JSON.stringify(auth));
		const after = await (await request("/api/portal")).json();
		expect(after).toMatchObject({ logged_in: true, portal_url: "https://portal.example" });
		expect(JSON.stringify(after)).not.toContain("rrrrrrrr");
	});
});

describe("curator", () => {
	it("GET reads config and state; PUT paused rewrites the state file sorted", async () => {
		const context = makeContext();
		const request = testClient(context);
		expect(await (await request("/api/curator")).json()).toEqual({
			enabled: true,
			paused: false,
			interval_hours: 168,
			last_run_at: null,
			min_idle_hours: 2,
			stale_after_days: 30,
			archive_after_days: 90,
		});
		const statePath = join(context.home, "skills", ".curator_state");
		writeFileSync(statePath, JSON.stringify({ run_count: 2, last_run_at: "2026-11-20T00:00:00+00:00" }));
		const put = await request("/api/curator/paused", {
			method: "PUT",
			headers: JSON_HEADERS,
			body: '{"paused": true}',
		});
		expect(await put.json()).toEqual({ ok: true, paused: true });
		expect(readFileSync(statePath, "utf8")).toBe(
			'{\n  "last_run_at": "2026-11-20T00:00:00+00:00",\n  "paused": true,\n  "run_count": 2\n}',
		);
		expect((await (await request("/api/curator")).json()).paused).toBe(true);
		const missing = await request("/api/curator/paused", { method: "PUT", headers: JSON_HEADERS, body: "{}" });
		expect(missing.status).toBe(422);
		expect((await missing.json()).detail[0]).toMatchObject({ type: "missing", loc: ["body", "paused"] });
	});
});

describe("gateway lifecycle", () => {
	const bin = mkdtempSync(join(tmpdir(), "hermes-bin-"));
	const marker = join(bin, "calls.log");
	writeFileSync(join(bin, "hermes"), `#!/bin/sh\necho "$HERMES_HOME $*" >> ${marker}\nexec sleep 30\n`);
	chmodSync(join(bin, "hermes"), 0o755);
	const env = { PATH: `${bin}:/usr/bin:/bin` };

	it("start spawns `hermes gateway start` with its log; restart is reused; another profile is refused", async () => {
		const context = makeContext({ env });
		mkdirSync(join(context.home, "profiles", "work"), { recursive: true });
		const request = testClient(context);
		const start = await (await request("/api/gateway/start", { method: "POST" })).json();
		expect(start).toMatchObject({ ok: true, name: "gateway-start" });
		started.push(start.pid);
		const log = readFileSync(join(context.home, "logs", "gateway-start.log"), "utf8");
		expect(log).toMatch(/\n=== gateway-start started 2026-11-23 23:19:46 ===\n/);

		const first = await (await request("/api/gateway/restart", { method: "POST" })).json();
		started.push(first.pid);
		const second = await (await request("/api/gateway/restart", { method: "POST" })).json();
		expect(second).toEqual({ ok: true, pid: first.pid, name: "gateway-restart" });
		const other = await request("/api/gateway/restart?profile=work", { method: "POST" });
		expect(other.status).toBe(500);
		expect(await other.json()).toEqual({
			detail: "Failed to restart gateway: gateway restart already in progress for another profile",
		});
		const calls = () => readFileSync(marker, "utf8");
		await expect.poll(calls).toContain(`${context.home} gateway restart`);
		expect(calls().match(/gateway restart/g)).toHaveLength(1);
		expect(calls()).toContain(`${context.home} gateway start`);
		expect(calls()).not.toContain("-p work");
		const stop = await (await request("/api/gateway/stop?profile=work", { method: "POST" })).json();
		started.push(stop.pid);
		await expect.poll(calls).toContain(`${context.home} -p work gateway stop`);
	});

	it("without Hermes installed, start fails with what to install; the server keeps answering", async () => {
		const request = testClient(makeContext({ env: { PATH: "/nonexistent" } }));
		const response = await request("/api/gateway/stop", { method: "POST" });
		expect(response.status).toBe(409);
		expect((await response.json()).detail).toMatch(/^Failed to stop gateway: Hermes Agent is not installed/);
		expect((await request("/api/gateway/start?profile=nope", { method: "POST" })).status).toBe(404);
		expect((await request("/api/system/stats")).status).toBe(200);
	});

	it("a launcher that cannot run fails that one request", async () => {
		const broken = mkdtempSync(join(tmpdir(), "hermes-bin-"));
		writeFileSync(join(broken, "hermes"), "not executable");
		const request = testClient(makeContext({ env: { PATH: broken } }));
		const response = await request("/api/gateway/start", { method: "POST" });
		expect(response.status).toBe(500);
		expect((await response.json()).detail).toMatch(/^Failed to start gateway: .*EACCES/);
	});

	it("drain writes the marker, cancel removes it, anything else is 400", async () => {
		const context = makeContext();
		const request = testClient(context);
		const drain = await (
			await request("/api/gateway/drain", { method: "POST", headers: JSON_HEADERS, body: "{}" })
		).json();
		expect(drain).toEqual({
			ok: true,
			action: "drain",
			requested_at: "2026-11-23T23:19:46.000+00:00",
			draining: true,
			suppress_notification: false,
		});
		const markerFile = JSON.parse(readFileSync(join(context.home, ".drain_request.json"), "utf8"));
		expect(markerFile).toMatchObject({ action: "drain", principal: "dashboard" });
		const cancel = await request("/api/gateway/drain", {
			method: "POST",
			headers: JSON_HEADERS,
			body: '{"action":"cancel"}',
		});
		expect(await cancel.json()).toEqual({ ok: true, action: "cancel", was_draining: true });
		expect(existsSync(join(context.home, ".drain_request.json"))).toBe(false);
		const bad = await request("/api/gateway/drain", {
			method: "POST",
			headers: JSON_HEADERS,
			body: '{"action":"Pause"}',
		});
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ detail: "Unknown drain action 'pause'; expected 'drain' or 'cancel'" });
	});
});
