/**
 * The live tail in the real Node server: when clients go away, the follower closes its
 * file (checked through the server's open descriptors in /proc), so nothing leaks; and a
 * FIFO in logs/ is refused at once instead of blocking the event loop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";

const TOKEN = "server-test-token-0123456789abcdefghijklmno";
let server: RunningServer;
let home: string;

beforeAll(async () => {
	home = copyFixtureHome();
	server = await startServer({ args: ["--home", home], env: { HERMES_DASHBOARD_SESSION_TOKEN: TOKEN } });
});

afterAll(async () => {
	await server?.stop();
});

function openLogDescriptors(): number {
	const dir = `/proc/${server.child.pid}/fd`;
	let count = 0;
	for (const fd of readdirSync(dir)) {
		try {
			if (readlinkSync(join(dir, fd)) === join(home, "logs", "agent.log")) {
				count++;
			}
		} catch {
			// Closed while listing.
		}
	}
	return count;
}

describe("SSE tail in the Node server", () => {
	it("releases every follower when its client disconnects", async () => {
		const clients = await Promise.all(
			Array.from({ length: 5 }, async () => {
				const controller = new AbortController();
				const response = await fetch(`${server.baseURL}/api/logs/stream`, {
					headers: { "X-Hermes-Session-Token": TOKEN },
					signal: controller.signal,
				});
				const reader = response.body!.getReader();
				await reader.read(); // the ready event
				return controller;
			}),
		);
		expect(openLogDescriptors()).toBe(5);
		for (const controller of clients) {
			controller.abort();
		}
		await expect.poll(openLogDescriptors, { timeout: 3000 }).toBe(0);
	});

	it("refuses a FIFO in logs/ with a 400 while /healthz keeps answering", async () => {
		// No writer ever opens it: a blocking open would wait forever.
		execFileSync("mkfifo", [join(home, "logs", "gui.log")]);
		const get = (path: string) =>
			fetch(`${server.baseURL}${path}`, {
				headers: { "X-Hermes-Session-Token": TOKEN },
				signal: AbortSignal.timeout(5000),
			});
		const [logs, stream, health] = await Promise.all([
			get("/api/logs?file=gui"),
			get("/api/logs/stream?file=gui"),
			get("/healthz"),
		]);
		expect(logs.status).toBe(400);
		expect(await logs.json()).toEqual({ detail: "Log file gui is not a regular file" });
		expect(stream.status).toBe(400);
		expect(await stream.json()).toEqual({ detail: "Log file gui is not a regular file" });
		expect(health.status).toBe(200);
		expect((await get("/healthz")).status).toBe(200);
	});
});
