import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { checkUpgrade } from "../../src/server/ws_guard.ts";
import { classifyFrame, clampReason, errorBanner, parseResize } from "../../src/pty/protocol.ts";
import { RingBuffer } from "../../src/pty/ring_buffer.ts";
import { childEnv, isDashboardSecret, splitCommand, tuiCommand } from "../../src/pty/command.ts";
import { makeContext } from "../helpers/app.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("PTY frame protocol", () => {
	it("parses only whole resize frames and clamps them", () => {
		expect(parseResize("\x1b[RESIZE:99;41]")).toEqual({ cols: 99, rows: 41 });
		expect(parseResize("\x1b[RESIZE:0;5000]")).toEqual({ cols: 1, rows: 1000 });
		expect(parseResize("x\x1b[RESIZE:99;41]")).toBeNull();
		expect(parseResize("\x1b[RESIZE:99;41]x")).toBeNull();
		expect(parseResize("\x1b[RESIZE:-1;41]")).toBeNull();
		expect(classifyFrame(bytes("\x1b[RESIZE:10;20]"), true)).toEqual({ kind: "resize", cols: 10, rows: 20 });
		// Without the control channel every other frame is input, whatever it looks like.
		expect(classifyFrame(bytes("\x1b[FLOW:PAUSE]"), false)).toEqual({ kind: "input", data: "\x1b[FLOW:PAUSE]" });
		expect(classifyFrame(bytes('{"type":"pause"}'), false)).toEqual({ kind: "input", data: '{"type":"pause"}' });
		expect(classifyFrame(bytes("\x1b[A"), false)).toEqual({ kind: "input", data: "\x1b[A" });
		expect(classifyFrame(bytes("ls"), true)).toEqual({ kind: "input", data: bytes("ls") });
	});

	it("on the control channel, text frames are control messages and binary frames input", () => {
		expect(classifyFrame(bytes('{"type":"pause"}'), false, true)).toEqual({ kind: "pause" });
		expect(classifyFrame(bytes('{"type":"resume"}'), false, true)).toEqual({ kind: "resume" });
		expect(classifyFrame(bytes('{"type":"resize","cols":5000,"rows":0}'), false, true)).toEqual({
			kind: "resize",
			cols: 2000,
			rows: 1,
		});
		for (const junk of ["\x1b[FLOW:PAUSE]", "hello", "null", '{"type":"resize","cols":"9"}', "[]"]) {
			expect(classifyFrame(bytes(junk), false, true)).toEqual({ kind: "ignored" });
		}
		expect(classifyFrame(bytes('{"type":"pause"}'), true, true)).toEqual({
			kind: "input",
			data: bytes('{"type":"pause"}'),
		});
		// Hermes's in-band resize frame still works there.
		expect(classifyFrame(bytes("\x1b[RESIZE:10;20]"), true, true)).toEqual({ kind: "resize", cols: 10, rows: 20 });
	});

	it("clamps close reasons to 123 UTF-8 bytes and formats the red banner", () => {
		expect(clampReason("short")).toBe("short");
		const long = clampReason(`host_mismatch host=${"é".repeat(100)}`);
		expect(new TextEncoder().encode(long).byteLength).toBeLessThanOrEqual(123);
		expect(long.endsWith("...")).toBe(true);
		expect(errorBanner("unavailable", "no pty")).toBe("\r\n\x1b[31mChat unavailable: no pty\x1b[0m\r\n");
		expect(errorBanner("failed", "boom")).toContain("Chat failed to start: boom");
	});

	it("keeps only the newest bytes in the ring buffer", () => {
		const ring = new RingBuffer(8);
		ring.push(bytes("abcde"));
		ring.push(bytes("fghij"));
		expect(new TextDecoder().decode(ring.snapshot())).toBe("cdefghij");
		ring.push(bytes("0123456789"));
		expect(new TextDecoder().decode(ring.snapshot())).toBe("23456789");
		expect(ring.size).toBe(8);
	});
});

describe("TUI command and child env", () => {
	it("splits command lines like a shell would", () => {
		expect(splitCommand(`node '/path with space/tui.js' --flag="a b" x\\ y`)).toEqual([
			"node",
			"/path with space/tui.js",
			"--flag=a b",
			"x y",
		]);
	});

	it("takes the command from env, then config, then `hermes --tui`", () => {
		const context = makeContext({ env: {} });
		expect(tuiCommand(context)).toEqual({ argv: ["hermes", "--tui"], source: "default" });
		writeFileSync(join(context.home, "config.yaml"), "dashboard:\n  tui_command: [my-hermes, tui]\n");
		expect(tuiCommand(context)).toEqual({ argv: ["my-hermes", "tui"], source: "dashboard.tui_command" });
		context.env.HERMES_DASHBOARD_TUI_COMMAND = "other --tui";
		expect(tuiCommand(context).argv).toEqual(["other", "--tui"]);
	});

	it("recognises the dashboard's secrets", () => {
		for (const name of [
			"HERMES_DASHBOARD_SESSION_TOKEN",
			"HERMES_DASHBOARD_OAUTH_CLIENT_SECRET",
			"HERMES_DASHBOARD_BASIC_PASSWORD",
			"SMTP_PASSWORD",
			"GOOGLE_CLIENT_SECRET",
		]) {
			expect(isDashboardSecret(name)).toBe(true);
		}
		for (const name of ["PATH", "OPENAI_API_KEY", "HERMES_HOME", "HERMES_DASHBOARD_TUI_COMMAND"]) {
			expect(isDashboardSecret(name)).toBe(false);
		}
		const env = childEnv(makeContext({ env: { COLORTERM: "24bit", HERMES_TUI_DASHBOARD: "0" } }), { home: "/h" });
		expect(env.COLORTERM).toBe("24bit");
		expect(env.HERMES_TUI_DASHBOARD).toBe("1");
		expect(env.HERMES_TUI_GATEWAY_URL).toBe(
			"ws://127.0.0.1:9119/api/ws?token=test-session-token-0123456789abcdefghijklmnop",
		);
	});
});

describe("WebSocket upgrade checks", () => {
	function verdict(
		contextHost: string,
		peer: string | undefined,
		query = "token=test-session-token-0123456789abcdefghijklmnop",
		kind: "pty" | "bridge" = "pty",
	) {
		const context = makeContext({ host: contextHost });
		const app = new Hono();
		app.get("/api/pty", (c) => c.json(checkUpgrade(c, context, kind)));
		const env = peer === undefined ? {} : { incoming: { socket: { remoteAddress: peer } } };
		return Promise.resolve(
			app.request(`http://x/api/pty?${query}`, { headers: { host: "127.0.0.1:9119" } }, env),
		).then((r) => r.json());
	}

	it("refuses non-loopback and unknown peers on a loopback bind with 4408 (bare 4403 for bridges)", async () => {
		expect(await verdict("127.0.0.1", "10.0.0.5")).toEqual({
			ok: false,
			code: 4408,
			reason: "peer_not_loopback peer=10.0.0.5 bound=127.0.0.1",
		});
		expect(await verdict("127.0.0.1", undefined)).toEqual({
			ok: false,
			code: 4408,
			reason: "missing_or_empty_peer bound=127.0.0.1",
		});
		expect(await verdict("127.0.0.1", "10.0.0.5", undefined, "bridge")).toEqual({
			ok: false,
			code: 4403,
			reason: "",
		});
		expect(await verdict("127.0.0.1", "::1")).toEqual({ ok: true });
	});

	it("checks the credential before the peer (so a ticket is consumed first)", async () => {
		expect(await verdict("127.0.0.1", "10.0.0.5", "token=nope")).toEqual({
			ok: false,
			code: 4401,
			reason: "auth: token_mismatch",
		});
	});
});

describe("resume targets", () => {
	it("follows compression continuations to the newest leaf, and stops at other edges", async () => {
		const { DatabaseSync } = await import("node:sqlite");
		const { mkdtempSync } = await import("node:fs");
		const { tmpdir } = await import("node:os");
		const { newestLeaf } = await import("../../src/pty/resume.ts");
		const home = mkdtempSync(join(tmpdir(), "hermes-resume-"));
		const db = new DatabaseSync(join(home, "state.db"));
		db.exec(
			"CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, end_reason TEXT, started_at REAL)",
		);
		const insert = db.prepare("INSERT INTO sessions VALUES (?, ?, ?, ?)");
		insert.run("root", null, "compression", 1);
		insert.run("old-child", "root", null, 2);
		insert.run("child", "root", "compression", 3);
		insert.run("leaf", "child", null, 4);
		insert.run("branch", "leaf", null, 5);
		db.close();
		expect(newestLeaf(home, "root")).toBe("leaf");
		expect(newestLeaf(home, "leaf")).toBe("leaf");
		expect(newestLeaf(home, "unknown")).toBe("unknown");
		expect(newestLeaf(join(home, "missing"), "root")).toBe("root");
	});
});
