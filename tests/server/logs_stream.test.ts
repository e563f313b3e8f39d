/**
 * The live tail in the real Node server: when clients go away, the follower closes its
 * file (checked through the server's open descriptors in /proc), so nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
