import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN, startServer, type RunningServer } from "../helpers/server.ts";
import { copyFixtureHome, TEST_TOKEN } from "../helpers/app.ts";
import { connect, FAKE_GATEWAY, FAKE_TUI, type Client } from "../helpers/pty_client.ts";

/** What became of one socket: a bridge that answered a request, or a close. */
type Outcome = { kind: "bridge" } | { kind: "closed"; code: number; reason: string };

async function outcome(client: Client, id: number): Promise<Outcome> {
	const answered = client.waitFor(`"id":${id}`, 30_000).then(() => ({ kind: "bridge" }) as const);
	const closed = client.closed.then(({ code, reason }) => ({ kind: "closed", code, reason }) as const);
	return Promise.race([answered, closed]);
}

describe("WebSockets under a low file-descriptor limit", () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({
			// 64 fds: enough to boot and bridge a few gateways, far too few for 80.
			command: ["bash", "-c", 'ulimit -n 64 && exec "$0" "$@"', process.execPath, MAIN],
			args: ["--home", copyFixtureHome()],
			env: {
				HERMES_DASHBOARD_SESSION_TOKEN: TEST_TOKEN,
				HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY}`,
				HERMES_DASHBOARD_TUI_COMMAND: `${process.execPath} ${FAKE_TUI}`,
			},
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	it("stays up and gives each of 80 sockets a working bridge or a clean close", async () => {
		const url = `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(TEST_TOKEN)}`;
		const clients: Client[] = [];
		const outcomes: Array<Promise<Outcome>> = [];
		// One handshake at a time: 80 at once would overflow the accept queue itself,
		// before any route runs. Every bridge stays open while the next socket comes.
		for (let id = 0; id < 80; id++) {
			const client = connect(url);
			clients.push(client);
			outcomes.push(outcome(client, id));
			await Promise.race([client.opened.catch(() => {}), client.closed]);
			if (client.ws.readyState === client.ws.OPEN) {
				client.type(JSON.stringify({ jsonrpc: "2.0", id, method: "echo", params: {} }));
			}
		}
		const results = await Promise.all(outcomes);
		expect(server.child.exitCode).toBeNull();
		const health = await fetch(`${server.baseURL}/healthz`);
		expect(health.status).toBe(200);
		const bridged = results.filter((result) => result.kind === "bridge").length;
		expect(bridged).toBeGreaterThan(0);
		for (const result of results) {
			if (result.kind === "closed") {
				expect(result.code).toBe(1011);
				expect(result.reason).not.toBe("");
			}
		}
		for (const client of clients) {
			client.ws.close();
		}
		await Promise.all(clients.map((client) => client.closed));
	});

	it("gives each of 40 terminal sockets a terminal or the red banner and 1011", async () => {
		const url = `ws://127.0.0.1:${server.port}/api/pty?token=${encodeURIComponent(TEST_TOKEN)}`;
		const clients: Client[] = [];
		const outcomes: Array<Promise<Outcome>> = [];
		for (let i = 0; i < 40; i++) {
			const client = connect(url);
			clients.push(client);
			const ready = client.waitFor("FAKE_TUI ready", 30_000).then(() => ({ kind: "bridge" }) as const);
			const closed = client.closed.then(({ code, reason }) => ({ kind: "closed", code, reason }) as const);
			outcomes.push(Promise.race([ready, closed]));
			await Promise.race([client.opened.catch(() => {}), client.closed]);
		}
		const results = await Promise.all(outcomes);
		expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
		expect(results.filter((result) => result.kind === "bridge").length).toBeGreaterThan(0);
		clients.forEach((client, i) => {
			const result = results[i]!;
			if (result.kind === "closed") {
				expect(result.code).toBe(1011);
				const banner = client.text();
				expect(
					banner.startsWith("\r\n\x1b[31mChat unavailable: ") ||
						banner.startsWith("\r\n\x1b[31mChat failed to start: "),
				).toBe(true);
			}
		});
		for (const client of clients) {
			client.ws.close();
		}
		await Promise.all(clients.map((client) => client.closed));
	});
});
