import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, fakeEnv, startInProcess, until, type InProcessServer } from "../helpers/pty_client.ts";
import { groupAlive } from "../../src/pty/process_group.ts";

function pidIn(text: string, label: string): number {
	const match = new RegExp(`${label} (\\d+)`).exec(text);
	if (match === null) {
		throw new Error(`no ${label} in ${text}`);
	}
	return Number(match[1]);
}

async function gone(pid: number, timeoutMs = 3000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!groupAlive(pid)) {
			return true;
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return false;
}

describe("/api/pty with a stand-in TUI", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({
			env: fakeEnv({
				HERMES_DASHBOARD_SESSION_TOKEN: "leak-me-not",
				HERMES_DASHBOARD_OAUTH_CLIENT_SECRET: "oauth-secret",
				HERMES_DASHBOARD_COOKIE_SECRET: "cookie-secret",
				SMTP_PASSWORD: "pw",
				GITHUB_CLIENT_SECRET: "gh",
				OPENAI_API_KEY: "sk-kept",
				TERM: "",
			}),
		});
	});
	afterAll(async () => {
		await server.stop();
	});
	const token = (): string => server.context.sessionToken;

	it("spawns the TUI, echoes typed keys, applies resize frames and prints Unicode", async () => {
		const client = connect(server.wsURL("/api/pty", { token: token() }));
		await client.opened;
		await client.waitFor("FAKE_TUI ready");
		await client.waitFor("unicode: ✓ 你好 🚀");
		client.type("hello world\r");
		await client.waitFor("LINE hello world");
		client.type("\x1b[RESIZE:99;41]");
		await client.waitFor("RESIZED 99x41");
		client.type("size\r");
		await client.waitFor("SIZE 99x41");
		// Clamped to 2000×1000; a frame with more than the resize sequence is input.
		client.type("\x1b[RESIZE:5000;0]");
		await client.waitFor("RESIZED 2000x1");
		expect(client.frames.every((frame) => frame.binary)).toBe(true);
		client.type("exit\r");
		expect((await client.closed).code).toBe(1000);
	});

	it("delivers bulk output intact and in order (frames are gathered in reused buffers)", async () => {
		const key = "bulk-output";
		const client = connect(server.wsURL("/api/pty", { token: token(), attach: key }));
		await client.waitFor("FAKE_TUI ready");
		// The client stops reading for a while: frames queue in the server's send buffer,
		// where a frame buffer reused too early would be overwritten before it is sent.
		client.ws.pause();
		client.type("bulk 150000\r");
		// Past the high watermark the server stops reading the PTY: the queue is full.
		await until(() => server.layer.registry.get(key)?.session.paused === true);
		// waitFor rescans all output per frame; ~10 MB needs a cheaper end check.
		const done = new Promise<void>((resolve) => {
			let tail = "";
			client.ws.on("message", (data: Buffer) => {
				tail = (tail + data.toString("latin1")).slice(-32);
				if (tail.includes("BULK DONE")) {
					resolve();
				}
			});
		});
		client.ws.resume();
		await done;
		const text = client.text();
		const lines = text.split(/\r*\n/).filter((line) => line.startsWith("BULK ") && line !== "BULK DONE");
		expect(lines.length).toBe(150000);
		lines.forEach((line, i) => {
			if (line !== `BULK ${i} ${String(i).repeat(8).padEnd(60, "=")}`) {
				expect.fail(`line ${i} arrived as ${JSON.stringify(line)}`);
			}
		});
		client.type("exit\r");
		await client.closed;
	});

	it("gives the child the contract's env and none of the dashboard's secrets", async () => {
		const client = connect(server.wsURL("/api/pty", { token: token() }));
		await client.waitFor("FAKE_TUI ready");
		const wanted: Record<string, string> = {
			TERM: "xterm-256color",
			COLORTERM: "truecolor",
			HERMES_TUI_DASHBOARD: "1",
			HERMES_TUI_INLINE: "1",
			HERMES_TUI_DISABLE_MOUSE: "1",
			HERMES_HOME: server.context.home,
			OPENAI_API_KEY: "sk-kept",
			// The home's terminal backend (fixture config.yaml `terminal:`), as Hermes bridges it.
			TERMINAL_ENV: "local",
			TERMINAL_TIMEOUT: "300",
			TERMINAL_AUTO_SOURCE_BASHRC: "True",
			HERMES_TUI_GATEWAY_URL: `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(token())}`,
			HERMES_DASHBOARD_SESSION_TOKEN: "<unset>",
			HERMES_DASHBOARD_OAUTH_CLIENT_SECRET: "<unset>",
			HERMES_DASHBOARD_COOKIE_SECRET: "<unset>",
			SMTP_PASSWORD: "<unset>",
			GITHUB_CLIENT_SECRET: "<unset>",
		};
		for (const [name, value] of Object.entries(wanted)) {
			client.type(`env ${name}\r`);
			await client.waitFor(`ENV ${name}=${value}\r`);
		}
		client.type("envkeys\r");
		const text = await client.waitFor(/ENVKEYS [^\r]*\r/);
		expect(text).not.toContain("leak-me-not");
		expect(text).not.toContain("oauth-secret");
		client.ws.close();
		await client.closed;
	});

	it("passes ?resume= to the TUI and a channel gets a sidecar URL", async () => {
		const client = connect(server.wsURL("/api/pty", { token: token(), resume: "20260101_abc", channel: "chan-1" }));
		await client.waitFor("resume=20260101_abc");
		client.type("env HERMES_TUI_SIDECAR_URL\r");
		await client.waitFor(
			`ENV HERMES_TUI_SIDECAR_URL=ws://127.0.0.1:${server.port}/api/pub?token=${encodeURIComponent(token())}&channel=chan-1`,
		);
		client.type("env HERMES_TUI_GATEWAY_URL\r");
		await client.waitFor("ENV HERMES_TUI_GATEWAY_URL=<unset>");
		client.ws.close();
		await client.closed;
	});

	it("a channel resumes the session its TUI recorded; fresh=1 forgets it", async () => {
		const { writeFileSync, existsSync } = await import("node:fs");
		const { activeSessionFile } = await import("../../src/pty/resume.ts");
		const file = activeSessionFile(server.context.home, "chan-2");
		writeFileSync(file, JSON.stringify({ session_id: "recorded-session" }));
		const resumed = connect(server.wsURL("/api/pty", { token: token(), channel: "chan-2" }));
		await resumed.waitFor("resume=recorded-session");
		resumed.type("env HERMES_TUI_ACTIVE_SESSION_FILE\r");
		await resumed.waitFor(`ENV HERMES_TUI_ACTIVE_SESSION_FILE=${file}`);
		resumed.ws.close();
		const fresh = connect(server.wsURL("/api/pty", { token: token(), channel: "chan-2", fresh: "1" }));
		await fresh.waitFor("resume=- ");
		expect(existsSync(file)).toBe(false);
		fresh.ws.close();
		await Promise.all([resumed.closed, fresh.closed]);
	});

	it("closing the socket kills the child's whole process group", async () => {
		const client = connect(server.wsURL("/api/pty", { token: token() }));
		await client.waitFor("FAKE_TUI ready");
		client.type("pid\r");
		const pid = pidIn(await client.waitFor(/PID \d+/), "PID");
		client.type("spawn-sleeper\r");
		const sleeper = pidIn(await client.waitFor(/SLEEPER \d+/), "SLEEPER");
		expect(groupAlive(pid)).toBe(true);
		client.ws.terminate();
		expect(await gone(pid)).toBe(true);
		expect(() => process.kill(sleeper, 0)).toThrow();
	});

	it("keeps an attached session alive, replays its output on reattach, and supersedes with 4409", async () => {
		const key = "a".repeat(32);
		const first = connect(server.wsURL("/api/pty", { token: token(), attach: key }));
		await first.waitFor("FAKE_TUI ready");
		first.type("before-drop\r");
		await first.waitFor("LINE before-drop");
		first.ws.terminate();
		await first.closed;
		let second = connect(server.wsURL("/api/pty", { token: token(), attach: key, resume: "ignored" }));
		await second.waitFor("LINE before-drop");
		expect(second.frames[0]!.binary).toBe(true);
		expect(second.text()).not.toContain("resume=ignored");
		// Output written while no socket is attached is replayed on the next attach.
		second.type("later while-detached\r");
		await second.waitFor("later while-detached");
		second.ws.terminate();
		await second.closed;
		// The ring buffer holds the line the child printed while no socket was attached.
		await until(() =>
			new TextDecoder().decode(server.layer.registry.get(key)?.ring?.snapshot()).includes("LATER while-detached"),
		);
		const resumed = connect(server.wsURL("/api/pty", { token: token(), attach: key }));
		await resumed.waitFor("LATER while-detached");
		resumed.ws.terminate();
		await resumed.closed;
		const again = connect(server.wsURL("/api/pty", { token: token(), attach: key }));
		await again.waitFor("LATER while-detached");
		second = again;
		second.type("after-reattach\r");
		await second.waitFor("LINE after-reattach");
		const third = connect(server.wsURL("/api/pty", { token: token(), attach: key }));
		await third.waitFor("LINE after-reattach");
		expect(await second.closed).toEqual({ code: 4409, reason: "superseded" });
		third.type("exit\r");
		expect((await third.closed).code).toBe(4410);
		expect(server.layer.registry.get(key)).toBeUndefined();
	});
});

describe("/api/pty refusals", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({}, { maxSessions: 2 });
	});
	afterAll(async () => {
		await server.stop();
	});
	const token = (): string => server.context.sessionToken;

	it.each([
		[{}, {}, 4401, "auth: no_credential"],
		[{ token: "wrong" }, {}, 4401, "auth: token_mismatch"],
		[{ token: "" }, { host: "evil.example" }, 4401, "auth: no_credential"],
		["good", { host: "evil.example:80" }, 4403, "host_mismatch host=evil.example:80 bound=127.0.0.1"],
		["good", { origin: "http://evil.example" }, 4403, "origin_mismatch origin=http://evil.example bound=127.0.0.1"],
		["good", { origin: "http://" }, 4403, "origin_mismatch origin=http:// bound=127.0.0.1"],
	] as const)("query %j headers %j → %i", async (query, headers, code, reason) => {
		const params: Record<string, string> = query === "good" ? { token: token() } : { ...query };
		const client = connect(server.wsURL("/api/pty", params), { ...headers } as Record<string, string>);
		await client.opened;
		expect(await client.closed).toEqual({ code, reason });
	});

	it("accepts a packaged app's file:// Origin and localhost with another port", async () => {
		for (const headers of [
			{ origin: "file://" },
			{ origin: "null" },
			{ host: "localhost:5173", origin: "http://localhost:5173" },
		] as Array<Record<string, string>>) {
			const client = connect(server.wsURL("/api/pty", { token: token() }), headers);
			await client.waitFor("FAKE_TUI ready");
			client.ws.close();
			await client.closed;
		}
	});

	it("shows a red explanation and closes 1011 when the TUI command is missing", async () => {
		const saved = server.context.env.HERMES_DASHBOARD_TUI_COMMAND;
		server.context.env.HERMES_DASHBOARD_TUI_COMMAND = "definitely-not-hermes --tui";
		try {
			const client = connect(server.wsURL("/api/pty", { token: token() }));
			const closed = await client.closed;
			expect(closed.code).toBe(1011);
			expect(client.frames[0]!.binary).toBe(false);
			expect(client.text()).toContain(
				"\x1b[31mChat unavailable: `definitely-not-hermes` (from HERMES_DASHBOARD_TUI_COMMAND) was not found",
			);
		} finally {
			server.context.env.HERMES_DASHBOARD_TUI_COMMAND = saved;
		}
		delete server.context.env.HERMES_DASHBOARD_TUI_COMMAND;
		server.context.env.PATH = "/nonexistent";
		try {
			const client = connect(server.wsURL("/api/pty", { token: token() }));
			expect((await client.closed).code).toBe(1011);
			expect(client.text()).toContain("`hermes` was not found on PATH. Install Hermes Agent");
		} finally {
			server.context.env.HERMES_DASHBOARD_TUI_COMMAND = saved;
			server.context.env.PATH = process.env.PATH;
		}
	});

	it("points a profile's TUI at a gateway for that profile", async () => {
		const { mkdirSync } = await import("node:fs");
		mkdirSync(`${server.context.home}/profiles/work`, { recursive: true });
		const client = connect(server.wsURL("/api/pty", { token: token(), profile: "work" }));
		await client.waitFor("FAKE_TUI ready");
		client.type("env HERMES_TUI_GATEWAY_URL\r");
		const url = `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(token())}&profile=work`;
		await client.waitFor(`ENV HERMES_TUI_GATEWAY_URL=${url}\r`);
		// That URL's gateway runs with the profile's home.
		const gateway = connect(url);
		await gateway.opened;
		gateway.type(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "env", params: { name: "HERMES_HOME" } }));
		await gateway.waitFor(`"value":${JSON.stringify(`${server.context.home}/profiles/work`)}`);
		for (const socket of [client, gateway]) {
			socket.ws.close();
		}
		await Promise.all([client.closed, gateway.closed]);
	});

	it("refuses an unknown profile with 1011", async () => {
		const client = connect(server.wsURL("/api/pty", { token: token(), profile: "nope" }));
		expect((await client.closed).code).toBe(1011);
		expect(client.text()).toContain("Profile 'nope' does not exist.");
	});

	it("evicts the oldest detached session at capacity, and refuses when all are attached", async () => {
		const a = connect(server.wsURL("/api/pty", { token: token(), attach: "key-a" }));
		await a.waitFor("FAKE_TUI ready");
		const b = connect(server.wsURL("/api/pty", { token: token(), attach: "key-b" }));
		await b.waitFor("FAKE_TUI ready");
		const c = connect(server.wsURL("/api/pty", { token: token(), attach: "key-c" }));
		expect((await c.closed).code).toBe(1011);
		expect(c.text()).toContain("Chat unavailable: all 2 terminal sessions are in use");
		a.ws.close();
		await a.closed;
		const d = connect(server.wsURL("/api/pty", { token: token(), attach: "key-d" }));
		await d.waitFor("FAKE_TUI ready");
		expect(server.layer.registry.get("key-a")).toBeUndefined();
		b.ws.close();
		d.ws.close();
		await Promise.all([b.closed, d.closed]);
		// The reaper closes sessions detached for longer than the idle window.
		await server.layer.registry.reap(server.context.clock.now() + 31 * 60_000);
		expect(server.layer.registry.size).toBe(0);
	});

	it("counts one-socket terminals against the same cap", async () => {
		const legacy = connect(server.wsURL("/api/pty", { token: token() }));
		const keyed = connect(server.wsURL("/api/pty", { token: token(), attach: "key-mixed" }));
		await Promise.all([legacy.waitFor("FAKE_TUI ready"), keyed.waitFor("FAKE_TUI ready")]);
		const over = connect(server.wsURL("/api/pty", { token: token() }));
		expect((await over.closed).code).toBe(1011);
		expect(over.text()).toContain("Chat unavailable: all 2 terminal sessions are in use");
		legacy.ws.close();
		keyed.ws.close();
		await Promise.all([legacy.closed, keyed.closed]);
		await server.layer.registry.reap(server.context.clock.now() + 31 * 60_000);
	});

	it("a plain GET on /api/pty stays behind the HTTP token check", async () => {
		const response = await fetch(`http://127.0.0.1:${server.port}/api/pty`);
		expect(response.status).toBe(401);
	});
});

describe("/api/pty in gated mode", () => {
	let server: InProcessServer;
	beforeAll(async () => {
		server = await startInProcess({ host: "0.0.0.0", mode: "gated" });
	});
	afterAll(async () => {
		await server.stop();
	});

	it("takes a single-use ticket or the internal credential, never the token", async () => {
		const { ticket } = server.context.wsTickets.mint({ userId: "u", provider: "basic" });
		const ok = connect(server.wsURL("/api/pty", { ticket }));
		await ok.waitFor("FAKE_TUI ready");
		ok.type(`env HERMES_TUI_GATEWAY_URL\r`);
		await ok.waitFor(`/api/ws?internal=${encodeURIComponent(server.context.wsTickets.internalCredential)}`);
		ok.ws.close();
		const again = connect(server.wsURL("/api/pty", { ticket }));
		expect(await again.closed).toEqual({ code: 4401, reason: "auth: ticket_invalid" });
		const token = connect(server.wsURL("/api/pty", { token: server.context.sessionToken }));
		expect(await token.closed).toEqual({ code: 4401, reason: "auth: no_credential" });
		const badInternal = connect(server.wsURL("/api/pty", { internal: "x", ticket: "y" }));
		expect(await badInternal.closed).toEqual({ code: 4401, reason: "auth: internal_invalid" });
		const internal = connect(server.wsURL("/api/pty", { internal: server.context.wsTickets.internalCredential }), {
			host: "dash.example.com",
		});
		await internal.waitFor("FAKE_TUI ready");
		internal.ws.close();
		await Promise.all([ok.closed, internal.closed]);
	});
});
