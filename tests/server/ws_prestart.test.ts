/**
 * `/api/ws` with a gateway that takes 1 s to start, as Hermes's Python one does: the
 * registry's pre-started spare answers the next chat at once, carries the gateway's own
 * ready payload, is dropped when the config changed, reaped when idle, and counted
 * against the cap.
 */
import { afterEach, describe, expect, it } from "vitest";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
	type Client,
	connect,
	FAKE_GATEWAY,
	fakeEnv,
	startInProcess,
	until,
	type InProcessServer,
} from "../helpers/pty_client.ts";
import type { LayerOptions } from "../../src/server/websocket.ts";
import { startServer } from "../helpers/server.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import { groupAlive } from "../../src/pty/process_group.ts";

const SLOW_START_MS = 1000;

let server: InProcessServer | undefined;
afterEach(async () => {
	await server?.stop();
	server = undefined;
});

async function start(gatewayArgs: string, options: LayerOptions = {}): Promise<InProcessServer> {
	const env = fakeEnv({ HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY} ${gatewayArgs}` });
	server = await startInProcess({ env }, options);
	return server;
}

function chatURL(running: InProcessServer, profile?: string): string {
	const query: Record<string, string> = { token: running.context.sessionToken };
	if (profile !== undefined) {
		query.profile = profile;
	}
	return running.wsURL("/api/ws", query);
}

/** Sends one request and resolves with its result. */
async function call(client: Client, id: number, method: string): Promise<Record<string, unknown>> {
	await client.opened;
	client.type(JSON.stringify({ jsonrpc: "2.0", id, method, params: {} }));
	await client.waitFor(`"id":${id}`);
	const reply = client.frames
		.map((frame) => JSON.parse(frame.data.toString()) as { id?: number; result?: Record<string, unknown> })
		.find((message) => message.id === id);
	return reply?.result ?? {};
}

function firstFrame(client: Client): { params: { type: string; payload: { skin: Record<string, unknown> } } } {
	return JSON.parse(client.frames[0]!.data.toString());
}

/** Milliseconds from opening a socket to the reply of the TUI's `commands.catalog`. */
async function catalogTime(running: InProcessServer): Promise<{ ms: number; client: Client }> {
	const began = performance.now();
	const client = connect(chatURL(running));
	await call(client, 1, "commands.catalog");
	return { ms: performance.now() - began, client };
}

async function closeAll(...clients: Client[]): Promise<void> {
	for (const client of clients) {
		client.ws.close();
	}
	await Promise.all(clients.map((client) => client.closed));
}

function setSkin(home: string, skin: string): void {
	const path = join(home, "config.yaml");
	writeFileSync(path, readFileSync(path, "utf8").replace(/^( {2}skin:) .*$/m, `$1 ${skin}`));
}

describe("/api/ws pre-started gateways", () => {
	it("answers the second chat's commands.catalog within 150 ms (plus CI margin) with a 1 s gateway", async () => {
		const running = await start(`--delay ${SLOW_START_MS}`);
		const cold = await catalogTime(running);
		expect(cold.ms).toBeGreaterThanOrEqual(SLOW_START_MS);
		await until(() => running.layer.gateways.spare(running.context.home)?.readyLine != null, 5000);
		const sparePid = running.layer.gateways.spare(running.context.home)!.pid;
		const warm = await catalogTime(running);
		expect(warm.ms).toBeLessThan(400);
		// The client still saw the ready event first, and the chat runs on the spare.
		expect(firstFrame(warm.client).params.type).toBe("gateway.ready");
		expect((await call(warm.client, 2, "pid")).pid).toBe(sparePid);
		// Two sockets and the next spare, started as soon as the warm one was taken (a chat
		// right after this one finds it a second closer to ready).
		expect(running.layer.gateways.spare(running.context.home)?.pid).not.toBe(sparePid);
		expect(running.layer.gateways.spare(running.context.home)?.usable).toBe(true);
		expect(running.layer.gateways.size).toBe(3);
		await closeAll(cold.client, warm.client);
	});

	it("without pre-starting, every chat waits for its gateway (the check above can fail)", async () => {
		const running = await start(`--delay ${SLOW_START_MS}`, { prestartGateways: false });
		const first = await catalogTime(running);
		const second = await catalogTime(running);
		expect(second.ms).toBeGreaterThanOrEqual(SLOW_START_MS);
		expect(running.layer.gateways.spare(running.context.home)).toBeUndefined();
		await closeAll(first.client, second.client);
	});

	it("HERMES_DASHBOARD_GATEWAY_PRESTART=0 turns pre-starting off", async () => {
		const running = await start("");
		running.context.env.HERMES_DASHBOARD_GATEWAY_PRESTART = "0";
		const client = connect(chatURL(running));
		await client.waitFor("gateway.ready");
		// A spare starts as the taken gateway announces readiness, before the client hears it.
		expect(running.layer.gateways.spare(running.context.home)).toBeUndefined();
		expect(running.layer.gateways.size).toBe(1);
		await closeAll(client);
	});

	it("forwards the gateway's own gateway.ready payload (a custom skin) as the first frame", async () => {
		const running = await start("");
		setSkin(running.context.home, "ares");
		const client = connect(chatURL(running));
		await client.waitFor("gateway.ready");
		expect(firstFrame(client)).toEqual({
			jsonrpc: "2.0",
			method: "event",
			params: {
				type: "gateway.ready",
				payload: {
					skin: {
						name: "ares",
						colors: { banner_title: "#C7A96B" },
						branding: { agent_name: "ares agent", help_header: "ares commands" },
						banner_logo: "[ares]",
						banner_hero: "",
						tool_prefix: "┊",
						help_header: "ares commands",
					},
				},
			},
		});
		await closeAll(client);
	});

	it("holds the bridge's own replies behind the gateway's ready event", async () => {
		const running = await start("--delay 300", { prestartGateways: false });
		const client = connect(chatURL(running));
		await client.opened;
		client.type("{not json");
		await client.waitFor("-32700");
		expect(firstFrame(client).params.type).toBe("gateway.ready");
		await closeAll(client);
	});

	for (const file of ["config.yaml", ".env"]) {
		it(`discards a spare started before ${file} changed`, async () => {
			const running = await start("");
			const home = running.context.home;
			const first = connect(chatURL(running));
			await first.waitFor("gateway.ready");
			await until(() => running.layer.gateways.spare(home)?.readyLine != null);
			const stalePid = running.layer.gateways.spare(home)!.pid!;
			if (file === "config.yaml") {
				setSkin(home, "ares");
			} else {
				appendFileSync(join(home, ".env"), "\nOPENROUTER_API_KEY=changed\n");
			}
			const second = connect(chatURL(running));
			const pid = (await call(second, 1, "pid")).pid;
			expect(pid).not.toBe(stalePid);
			if (file === "config.yaml") {
				expect(firstFrame(second).params.payload.skin.name).toBe("ares");
			}
			await until(() => !groupAlive(stalePid));
			await closeAll(first, second);
		});
	}

	it("reaps an unused spare: its process is gone and its slot freed", async () => {
		const running = await start("", { spareIdleMs: 300 });
		const home = running.context.home;
		const client = connect(chatURL(running));
		const ownPid = (await call(client, 1, "pid")).pid as number;
		await until(() => running.layer.gateways.spare(home) !== undefined);
		const sparePid = running.layer.gateways.spare(home)!.pid!;
		expect(running.layer.gateways.size).toBe(2);
		await until(() => running.layer.gateways.spare(home) === undefined);
		await until(() => !groupAlive(sparePid));
		expect(running.layer.gateways.size).toBe(1);
		await closeAll(client);
		await until(() => !groupAlive(ownPid));
		expect(running.layer.gateways.size).toBe(0);
	});

	it("keeps the cap: a spare gives its slot to a socket, and a full cap still refuses", async () => {
		const running = await start("", { maxGateways: 2 });
		mkdirSync(join(running.context.home, "profiles", "work"), { recursive: true });
		const a = connect(chatURL(running));
		await a.waitFor("gateway.ready");
		await until(() => running.layer.gateways.spare(running.context.home) !== undefined);
		const sparePid = running.layer.gateways.spare(running.context.home)!.pid!;
		expect(running.layer.gateways.size).toBe(2);
		// Another profile has no spare and the cap is full: the idle spare makes room.
		const b = connect(chatURL(running, "work"));
		await call(b, 1, "echo");
		expect(running.layer.gateways.size).toBe(2);
		await until(() => !groupAlive(sparePid));
		const over = connect(chatURL(running));
		expect(await over.closed).toEqual({
			code: 1011,
			reason: "gateway failed to start: all 2 gateway connections are in use; close one and retry.",
		});
		expect(running.layer.gateways.size).toBe(2);
		await closeAll(a, b);
	});

	it("a pre-start that fails leaves the live socket working", async () => {
		const counter = join(mkdtempSync(join(tmpdir(), "hermes-gw-starts-")), "starts");
		const running = await start(`--starts ${counter} 1`);
		const client = connect(chatURL(running));
		await client.waitFor("gateway.ready");
		// The spare was the second start: refused, and dropped.
		await until(() => readFileSync(counter, "utf8") === "2");
		await until(
			() => running.layer.gateways.size === 1 && running.layer.gateways.spare(running.context.home) === undefined,
		);
		expect(await call(client, 5, "echo")).toEqual({ echo: {} });
		expect(client.ws.readyState).toBe(client.ws.OPEN);
		await closeAll(client);
	});

	it("closes 1011 when the gateway never announces readiness, and ends its process", async () => {
		const running = await start("--never-ready", { readyTimeoutMs: 300 });
		const client = connect(chatURL(running));
		expect(await client.closed).toEqual({ code: 1011, reason: "gateway not ready after 0.3 s" });
		expect(client.text()).toBe("");
		await until(() => running.layer.gateways.size === 0);
		expect(running.layer.gateways.spare(running.context.home)).toBeUndefined();
	});
});

describe("/api/ws pre-start in the real server process", () => {
	it("with its default settings, the second chat is answered without waiting for a 1 s gateway", async () => {
		const token = "prestart-token-0123456789abcdefghijklmnopqrstu";
		const readyLog = join(mkdtempSync(join(tmpdir(), "hermes-gw-ready-")), "ready");
		const real = await startServer({
			args: ["--home", copyFixtureHome()],
			env: {
				HERMES_DASHBOARD_SESSION_TOKEN: token,
				HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY} --delay ${SLOW_START_MS} --ready-log ${readyLog}`,
			},
		});
		try {
			const url = `ws://127.0.0.1:${real.port}/api/ws?token=${token}`;
			const time = async (): Promise<{ ms: number; client: Client }> => {
				const began = performance.now();
				const client = connect(url);
				await call(client, 1, "commands.catalog");
				return { ms: performance.now() - began, client };
			};
			const cold = await time();
			expect(cold.ms).toBeGreaterThanOrEqual(SLOW_START_MS);
			// The spare starts once the first gateway is ready; the test waits until it
			// announced readiness too (it logs its pid then).
			const readyPids = (): string[] => {
				try {
					return readFileSync(readyLog, "utf8").trim().split("\n");
				} catch {
					return [];
				}
			};
			await until(() => readyPids().length === 2, 5000);
			const warm = await time();
			expect(warm.ms).toBeLessThan(400);
			// The warm chat took the spare, and the next spare is starting: shutting the
			// server down (SIGTERM) ends every gateway, spares included.
			await until(() => readyPids().length === 3, 5000);
			await real.stop();
			for (const pid of readyPids()) {
				expect(groupAlive(Number(pid))).toBe(false);
			}
		} finally {
			await real.stop();
		}
	});
});
