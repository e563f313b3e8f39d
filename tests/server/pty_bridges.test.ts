import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, roundTrip, startInProcess, until, type InProcessServer } from "../helpers/pty_client.ts";
import { groupAlive } from "../../src/pty/process_group.ts";

describe("/api/ws with a stand-in JSON-RPC gateway", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess();
	});
	afterAll(async () => {
		await server.stop();
	});
	const url = (): string => server.wsURL("/api/ws", { token: server.context.sessionToken });

	function messages(text: string): Array<Record<string, unknown>> {
		return text.split(/(?<=})(?={)/).map((part) => JSON.parse(part) as Record<string, unknown>);
	}

	it("announces gateway.ready first, relays requests and events, reports parse errors", async () => {
		const client = connect(url());
		await client.waitFor("gateway.ready");
		const first = JSON.parse(client.frames[0]!.data.toString());
		// The gateway's own announcement, skin colours and branding included (not a fixed one).
		expect(first).toMatchObject({
			jsonrpc: "2.0",
			method: "event",
			params: {
				type: "gateway.ready",
				payload: { skin: { name: "default", colors: { banner_title: "#FFD700" }, banner_logo: "[default]" } },
			},
		});
		client.type(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: { hi: "there" } }));
		await client.waitFor('"id":1');
		client.type("{not json");
		await client.waitFor("-32700");
		// Newline-delimited frames and blank lines are tolerated.
		client.type(
			`\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "session.create", params: {} })}\n\n${JSON.stringify({ jsonrpc: "2.0", id: 3, method: "boom" })}\n`,
		);
		await client.waitFor('"id":3');
		const all = client.frames.map((frame) => JSON.parse(frame.data.toString()) as Record<string, unknown>);
		expect(all.filter((m) => (m.params as { type?: string } | undefined)?.type === "gateway.ready")).toHaveLength(
			1,
		);
		expect(all).toContainEqual({ jsonrpc: "2.0", id: 1, result: { echo: { hi: "there" } } });
		expect(all).toContainEqual({ jsonrpc: "2.0", error: { code: -32700, message: "parse error" }, id: null });
		expect(all).toContainEqual({
			jsonrpc: "2.0",
			method: "event",
			params: { type: "session.created", session_id: "s1", payload: {} },
		});
		expect(all).toContainEqual({ jsonrpc: "2.0", id: 3, error: { code: -32603, message: "internal error" } });
		expect(client.frames.every((frame) => !frame.binary)).toBe(true);
		expect(messages(client.text()).length).toBe(all.length);
		const created = all.find((m) => m.id === 2) as { result: { pid: number } };
		client.ws.close();
		await client.closed;
		const deadline = Date.now() + 3000;
		while (groupAlive(created.result.pid) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(groupAlive(created.result.pid)).toBe(false);
	});

	it("keeps the dashboard's secrets from the gateway", async () => {
		server.context.env.HERMES_DASHBOARD_SESSION_TOKEN = "secret-token";
		const client = connect(url());
		await client.waitFor("gateway.ready");
		client.type(
			JSON.stringify({
				jsonrpc: "2.0",
				id: 7,
				method: "env",
				params: { name: "HERMES_DASHBOARD_SESSION_TOKEN" },
			}),
		);
		await client.waitFor('"id":7');
		expect(client.text()).toContain('"value":null');
		client.ws.close();
		await client.closed;
		delete server.context.env.HERMES_DASHBOARD_SESSION_TOKEN;
	});

	it("closes 1011 when the gateway cannot start", async () => {
		server.context.env.HERMES_DASHBOARD_GATEWAY_COMMAND = "/nonexistent/python -m tui_gateway.entry";
		try {
			const client = connect(url());
			const closed = await client.closed;
			expect(closed.code).toBe(1011);
			expect(closed.reason).toContain("ENOENT");
		} finally {
			delete server.context.env.HERMES_DASHBOARD_GATEWAY_COMMAND;
		}
	});

	it("refuses bad credentials with 4401 and a foreign Host with a bare 4403", async () => {
		expect((await connect(server.wsURL("/api/ws", { token: "x" })).closed).code).toBe(4401);
		expect(await connect(url(), { host: "evil.example" }).closed).toEqual({ code: 4403, reason: "" });
		expect(await connect(url(), { origin: "https://evil.example" }).closed).toEqual({ code: 4403, reason: "" });
	});
});

describe("/api/ws gateway cap", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({}, { maxGateways: 2 });
	});
	afterAll(async () => {
		await server.stop();
	});

	it("closes a socket over the cap with 1011 and frees the slot once a gateway is gone", async () => {
		const url = server.wsURL("/api/ws", { token: server.context.sessionToken });
		const a = connect(url);
		const b = connect(url);
		await Promise.all([a.waitFor("gateway.ready"), b.waitFor("gateway.ready")]);
		const over = connect(url);
		expect(await over.closed).toEqual({
			code: 1011,
			reason: "gateway failed to start: all 2 gateway connections are in use; close one and retry.",
		});
		expect(over.text()).toBe("");
		expect(server.layer.gateways.size).toBe(2);
		a.ws.close();
		await a.closed;
		await until(() => server.layer.gateways.size === 1);
		const c = connect(url);
		await c.waitFor("gateway.ready");
		c.type(JSON.stringify({ jsonrpc: "2.0", id: 9, method: "echo", params: {} }));
		await c.waitFor('"id":9');
		for (const client of [b, c]) {
			client.ws.close();
		}
		await Promise.all([b.closed, c.closed]);
	});
});

describe("/api/pub → /api/events", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess();
	});
	afterAll(async () => {
		await server.stop();
	});
	const url = (path: string, channel?: string): string =>
		server.wsURL(
			path,
			channel === undefined
				? { token: server.context.sessionToken }
				: { token: server.context.sessionToken, channel },
		);

	it("fans a publisher's frames out verbatim to every subscriber of the channel only", async () => {
		const a = connect(url("/api/events", "room.1"));
		const b = connect(url("/api/events", "room.1"));
		const other = connect(url("/api/events", "room-2"));
		await Promise.all([a.opened, b.opened, other.opened]);
		await until(() => server.layer.hub.channelCount === 2);
		const pub = connect(url("/api/pub", "room.1"));
		await pub.opened;
		const line = '{"jsonrpc":"2.0","method":"event","params":{"type":"message.delta","payload":{"text":"hé"}}}';
		pub.type(line);
		await a.waitFor("message.delta");
		await b.waitFor("message.delta");
		expect(a.text()).toBe(line);
		expect(b.frames[0]!.binary).toBe(false);
		// The hub sent to every subscriber in one pass before a and b got the frame; a pong
		// to a later ping comes after anything that pass sent to `other`.
		await roundTrip(other);
		expect(other.text()).toBe("");
		for (const client of [a, b, other, pub]) {
			client.ws.close();
		}
		await Promise.all([a.closed, b.closed, other.closed, pub.closed]);
		expect(server.layer.hub.channelCount).toBe(0);
	});

	it("closes 4400 without a valid channel, 4401 without a credential, 4403 for a foreign Host", async () => {
		expect(await connect(url("/api/events")).closed).toEqual({ code: 4400, reason: "invalid channel" });
		expect((await connect(url("/api/pub", "bad channel!")).closed).code).toBe(4400);
		expect((await connect(server.wsURL("/api/events", { channel: "c" })).closed).code).toBe(4401);
		expect((await connect(url("/api/events", "c"), { host: "evil.example" }).closed).code).toBe(4403);
		expect(
			await connect(url("/api/events", "c"), { host: "localhost:9119", origin: "http://localhost:9119" }).opened,
		).toBeUndefined();
	});
});
