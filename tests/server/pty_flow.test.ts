import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, roundTrip, startInProcess, until, type InProcessServer } from "../helpers/pty_client.ts";

describe("/api/pty flow control", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess();
	});
	afterAll(async () => {
		await server.stop();
	});
	const token = (): string => server.context.sessionToken;

	it("honours flow control on the control channel: nothing flows while paused", async () => {
		const key = "flow-control";
		const client = connect(server.wsURL("/api/pty", { token: token(), attach: key, control: "1" }));
		await client.waitFor("FAKE_TUI ready");
		const session = server.layer.registry.get(key)!.session;
		client.ws.send(JSON.stringify({ type: "pause" }));
		await until(() => session.paused);
		const marker = join(mkdtempSync(join(tmpdir(), "pty-flow-")), "marked");
		client.ws.send(new TextEncoder().encode(`mark ${marker}\r`));
		// The child printed MARKED and only then made the file; a ping's pong comes after
		// any output the server had already sent.
		await until(() => existsSync(marker));
		await roundTrip(client);
		expect(client.text()).not.toContain("MARKED");
		client.ws.send(JSON.stringify({ type: "resume" }));
		await client.waitFor("MARKED");
		client.ws.send(JSON.stringify({ type: "resize", cols: 77, rows: 22.5 }));
		await client.waitFor("RESIZED 77x22");
		client.ws.close();
		await client.closed;
	});

	it("a pasted flow-control sequence is input: it reaches the child and pauses nothing", async () => {
		const paste = "\x1b[FLOW:PAUSE]";
		// Our page: keystrokes and pastes are binary frames on the control channel.
		const page = connect(server.wsURL("/api/pty", { token: token(), control: "1" }));
		await page.waitFor("FAKE_TUI ready");
		page.ws.send(new TextEncoder().encode(paste));
		page.ws.send(new TextEncoder().encode("\r"));
		await page.waitFor(`LINE ${paste}`);
		page.ws.send(new TextEncoder().encode("after-paste\r"));
		await page.waitFor("LINE after-paste");
		// A Hermes client (text frames are keystrokes): the same text is input too.
		const hermes = connect(server.wsURL("/api/pty", { token: token() }));
		await hermes.waitFor("FAKE_TUI ready");
		hermes.type(paste);
		hermes.type("\r");
		await hermes.waitFor(`LINE ${paste}`);
		hermes.type("after-paste\r");
		await hermes.waitFor("LINE after-paste");
		page.ws.close();
		hermes.ws.close();
		await Promise.all([page.closed, hermes.closed]);
	});
});

describe("WebSocket heartbeat", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({}, {}, 150);
	});
	afterAll(async () => {
		await server.stop();
	});

	it("keeps answering peers open and drops a peer that stopped answering pings (its PTY detaches)", async () => {
		const quiet = connect(server.wsURL("/api/pty", { token: server.context.sessionToken, attach: "hb-quiet" }));
		const lively = connect(server.wsURL("/api/pty", { token: server.context.sessionToken, attach: "hb-lively" }));
		await quiet.waitFor("FAKE_TUI ready");
		await lively.waitFor("FAKE_TUI ready");
		// A paused client reads nothing, so it never sees the pings to answer them.
		quiet.ws.pause();
		await until(() => server.layer.registry.get("hb-quiet")?.socket === null);
		// The lively peer lived through the same ping rounds.
		expect(server.layer.registry.get("hb-quiet")?.alive).toBe(true);
		expect(server.layer.registry.get("hb-lively")?.socket).not.toBeNull();
		lively.ws.close();
		await lively.closed;
	});
});
