/**
 * Body limits on the real Node server (gated bind, unauthenticated): an oversized login
 * body is answered 413 while the client is still sending, and the process keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Socket } from "node:net";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({
		args: ["--home", copyFixtureHome(), "--host", "0.0.0.0"],
		env: {
			HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
			HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "admin",
			HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "pw-123456",
			HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH: "",
			FLY_APP_NAME: "",
		},
	});
});

afterAll(async () => {
	await server?.stop();
});

/**
 * Sends `head`, then body chunks of `chunk` bytes (waiting for drain) until the server
 * answers or `limit` bytes went out. Resolves with the status line and the bytes sent.
 */
function sendUntilAnswered(
	head: string,
	chunk: (size: number) => Buffer,
	limit: number,
): Promise<{ status: string; sent: number }> {
	return new Promise((resolve, reject) => {
		const socket: Socket = connect(server.port, "127.0.0.1");
		let answer = "";
		let sent = 0;
		socket.on("error", (error) => (answer === "" ? reject(error) : undefined));
		socket.setEncoding("latin1").on("data", (data: string) => {
			answer += data;
			const line = answer.split("\r\n")[0];
			if (line !== undefined && answer.includes("\r\n")) {
				socket.destroy();
				resolve({ status: line, sent });
			}
		});
		socket.on("connect", async () => {
			socket.write(head);
			while (answer === "" && sent < limit && !socket.destroyed) {
				const data = chunk(64 * 1024);
				sent += data.length;
				if (!socket.write(data)) {
					await new Promise((drained) => socket.once("drain", drained));
				}
			}
		});
	});
}

describe("body limits on the real server", () => {
	it("a declared 200 MB login body → 413 before the body is sent", async () => {
		const head =
			"POST /auth/password-login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
			`Content-Length: ${200 * 1024 * 1024}\r\n\r\n`;
		const result = await sendUntilAnswered(head, (size) => Buffer.alloc(size, 0x20), 8 * 1024 * 1024);
		expect(result.status).toBe("HTTP/1.1 413 Payload Too Large");
	});

	it("a chunked login body → 413 once past the limit; the server keeps answering", async () => {
		const head =
			"POST /auth/password-login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
			"Transfer-Encoding: chunked\r\n\r\n";
		const chunk = (size: number) =>
			Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x20), Buffer.from("\r\n")]);
		const result = await sendUntilAnswered(head, chunk, 8 * 1024 * 1024);
		expect(result.status).toBe("HTTP/1.1 413 Payload Too Large");
		expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
	});
});
