/**
 * `POST /api/mcp/servers/{name}/test` with a real MCP client against the SDK-built test
 * server (tests/fixtures/mcp_test_server.mjs): stdio, streamable HTTP (bearer header
 * expanded from .env) and legacy SSE are added, tested, disabled and removed through
 * the API; a hanging server times out within its limit and leaves no process behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeContext, testClient } from "../helpers/app.ts";
import { startHttpServer } from "../fixtures/mcp_test_server.mjs";

const SERVER_SCRIPT = fileURLToPath(new URL("../fixtures/mcp_test_server.mjs", import.meta.url));
const TOOLS = [
	{ name: "echo_text", description: "Echo back the text it is given" },
	{ name: "add_note", description: "Store a short note for later" },
];

function json(method: string, body: unknown): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** Alive and not a zombie waiting for a parent that will never reap it. */
function processAlive(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
	} catch {
		return false;
	}
}

describe("Test over stdio", () => {
	it("adds, tests (tools, prompts, resources), disables and removes the SDK test server", async () => {
		const context = makeContext();
		const request = testClient(context);
		const added = await request(
			"/api/mcp/servers",
			json("POST", { name: "test-stdio", command: process.execPath, args: [SERVER_SCRIPT, "--stdio"] }),
		);
		expect(added.status).toBe(200);
		const tested = await request("/api/mcp/servers/test-stdio/test", { method: "POST" });
		expect(tested.status).toBe(200);
		expect(await tested.json()).toEqual({ ok: true, tools: TOOLS, prompts: 1, resources: 1 });
		// The server's stderr went where Hermes sends it.
		expect(readFileSync(join(context.home, "logs", "mcp-stderr.log"), "utf8")).toContain(
			"test server starting on stdio",
		);
		const off = await request("/api/mcp/servers/test-stdio/enabled", json("PUT", { enabled: false }));
		expect(await off.json()).toEqual({ ok: true, name: "test-stdio", enabled: false });
		const listed = await (await request("/api/mcp/servers")).json();
		expect(listed.servers.find((s: { name: string }) => s.name === "test-stdio")).toMatchObject({
			transport: "stdio",
			enabled: false,
		});
		expect((await request("/api/mcp/servers/test-stdio", { method: "DELETE" })).status).toBe(200);
		expect((await request("/api/mcp/servers/test-stdio/test", { method: "POST" })).status).toBe(404);
	});

	it("a command that cannot start is a 200 {ok:false} for that request only", async () => {
		const context = makeContext();
		const request = testClient(context);
		await request("/api/mcp/servers", json("POST", { name: "ghost", command: "/nonexistent/mcp-server" }));
		const response = await request("/api/mcp/servers/ghost/test", { method: "POST" });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ ok: false, tools: [] });
		expect(body.error).toContain("ENOENT");
		expect((await request("/api/mcp/servers")).status).toBe(200);
	});

	it("a hanging server is reported as a timeout within its limit and its process tree is gone", async () => {
		const context = makeContext();
		const request = testClient(context);
		const pidFile = join(mkdtempSync(join(tmpdir(), "mcp-hang-")), "pids");
		await request(
			"/api/mcp/servers",
			json("PUT", {
				servers: {
					hang: {
						command: process.execPath,
						args: [SERVER_SCRIPT, "--hang"],
						env: { MCP_HANG_PID_FILE: pidFile },
						connect_timeout: 2,
					},
				},
			}),
		);
		const started = performance.now();
		const response = await request("/api/mcp/servers/hang/test", { method: "POST" });
		const elapsed = performance.now() - started;
		expect(await response.json()).toEqual({
			ok: false,
			error: "Timed out after 2 s waiting for MCP server 'hang'",
			tools: [],
		});
		// The 2 s limit, plus at most the shutdown grace (stdin close, SIGTERM, SIGKILL).
		expect(elapsed).toBeGreaterThanOrEqual(1900);
		expect(elapsed).toBeLessThan(5000);
		expect(existsSync(pidFile)).toBe(true);
		const pids = readFileSync(pidFile, "utf8").trim().split(" ").map(Number);
		expect(pids).toHaveLength(2);
		expect(pids.filter(processAlive)).toEqual([]);
	});

	it("a pre-planted suspicious entry is refused before anything is spawned", async () => {
		const context = makeContext();
		const request = testClient(context);
		const config = join(context.home, "config.yaml");
		const marker = join(context.home, "spawned");
		writeFileSync(
			config,
			readFileSync(config, "utf8").replace(
				"mcp_servers:\n",
				`mcp_servers:\n  planted:\n    command: sh\n    args: ['-c', 'touch ${marker}; curl https://e.example']\n`,
			),
		);
		const body = await (await request("/api/mcp/servers/planted/test", { method: "POST" })).json();
		expect(body).toEqual({
			ok: false,
			error: "MCP server 'planted' uses shell interpreter 'sh' with network egress in args",
			tools: [],
		});
		expect(existsSync(marker)).toBe(false);
	});
});

describe("Test over HTTP", () => {
	let server: Awaited<ReturnType<typeof startHttpServer>>;
	let openServer: Awaited<ReturnType<typeof startHttpServer>>;
	let sseServer: Awaited<ReturnType<typeof startHttpServer>>;

	beforeAll(async () => {
		// The fixture home's .env holds NOTES_MCP_TOKEN; the server only answers with it.
		server = await startHttpServer({ token: "fixture-notes-token" });
		openServer = await startHttpServer();
		sseServer = await startHttpServer({ sse: true });
	});
	afterAll(async () => {
		await server.close();
		await openServer.close();
		await sseServer.close();
	});

	it("adds, tests, disables and removes a streamable HTTP server", async () => {
		const context = makeContext();
		const request = testClient(context);
		const url = `http://127.0.0.1:${openServer.port}/mcp`;
		const added = await request("/api/mcp/servers", json("POST", { name: "test-http", url }));
		expect(await added.json()).toMatchObject({ name: "test-http", transport: "http", url, enabled: true });
		const tested = await request("/api/mcp/servers/test-http/test", { method: "POST" });
		expect(await tested.json()).toEqual({ ok: true, tools: TOOLS, prompts: 1, resources: 1 });
		await request("/api/mcp/servers/test-http/enabled", json("PUT", { enabled: false }));
		const listed = await (await request("/api/mcp/servers")).json();
		expect(listed.servers.find((s: { name: string }) => s.name === "test-http").enabled).toBe(false);
		expect(await (await request("/api/mcp/servers/test-http", { method: "DELETE" })).json()).toEqual({ ok: true });
		const after = await (await request("/api/mcp/servers")).json();
		expect(after.servers.map((s: { name: string }) => s.name)).toEqual(["local-notes"]);
	});

	it("streamable HTTP with `Authorization: Bearer ${NOTES_MCP_TOKEN}` expanded from .env", async () => {
		const context = makeContext();
		const request = testClient(context);
		const servers = {
			"local-notes": {
				url: `http://127.0.0.1:${server.port}/mcp`,
				headers: { Authorization: "Bearer ${NOTES_MCP_TOKEN}" },
			},
			"no-key": { url: `http://127.0.0.1:${server.port}/mcp` },
		};
		await request("/api/mcp/servers", json("PUT", { servers }));
		const ok = await request("/api/mcp/servers/local-notes/test", { method: "POST" });
		expect(await ok.json()).toEqual({ ok: true, tools: TOOLS, prompts: 1, resources: 1 });
		const refused = await (await request("/api/mcp/servers/no-key/test", { method: "POST" })).json();
		expect(refused.ok).toBe(false);
		expect(refused.error).toContain("unauthorized");
	});

	it("a credential the server echoes back in its error is masked in the answer", async () => {
		const context = makeContext();
		const request = testClient(context);
		const sent = "wrong-but-secret-token-0123456789";
		writeFileSync(
			join(context.home, ".env"),
			`${readFileSync(join(context.home, ".env"), "utf8")}ECHO_TOKEN=${sent}\n`,
		);
		await request(
			"/api/mcp/servers",
			json("PUT", {
				servers: {
					echo: { url: `http://127.0.0.1:${server.port}/mcp`, headers: { "X-Api-Key": "${ECHO_TOKEN}" } },
					bearer: {
						url: `http://127.0.0.1:${server.port}/mcp`,
						headers: { Authorization: "Bearer ${ECHO_TOKEN}" },
					},
				},
			}),
		);
		for (const name of ["echo", "bearer"]) {
			const response = await request(`/api/mcp/servers/${name}/test`, { method: "POST" });
			const text = await response.text();
			expect(JSON.parse(text)).toMatchObject({ ok: false, tools: [] });
			expect(text).not.toContain(sent);
		}
	});

	it("legacy SSE when the entry says `transport: sse`", async () => {
		const context = makeContext();
		const request = testClient(context);
		await request(
			"/api/mcp/servers",
			json("PUT", { servers: { legacy: { url: `http://127.0.0.1:${sseServer.port}/sse`, transport: "sse" } } }),
		);
		const body = await (await request("/api/mcp/servers/legacy/test", { method: "POST" })).json();
		expect(body).toEqual({ ok: true, tools: TOOLS, prompts: 1, resources: 1 });
	});

	it("an OAuth server needs a stored token; with one, it is sent as the bearer", async () => {
		const context = makeContext();
		const request = testClient(context);
		await request(
			"/api/mcp/servers",
			json("POST", { name: "oauth-notes", url: `http://127.0.0.1:${server.port}/mcp`, auth: "oauth" }),
		);
		expect(await (await request("/api/mcp/servers/oauth-notes/test", { method: "POST" })).json()).toEqual({
			ok: false,
			error: "OAuth authentication required — no token found.",
			tools: [],
		});
		mkdirSync(join(context.home, "mcp-tokens"), { recursive: true });
		writeFileSync(
			join(context.home, "mcp-tokens", "oauth-notes.json"),
			JSON.stringify({ access_token: "fixture-notes-token", token_type: "Bearer" }),
		);
		const body = await (await request("/api/mcp/servers/oauth-notes/test", { method: "POST" })).json();
		expect(body).toMatchObject({ ok: true, tools: TOOLS });
	});
});

describe("POST /api/mcp/servers/{name}/auth", () => {
	it("answers Hermes's refusals (unknown, header-auth and stdio servers)", async () => {
		const context = makeContext();
		const request = testClient(context);
		expect((await request("/api/mcp/servers/nope/auth", { method: "POST" })).status).toBe(404);
		const header = await request("/api/mcp/servers/local-notes/auth", { method: "POST" });
		expect(header.status).toBe(400);
		expect(await header.json()).toEqual({
			detail: "This server uses header/API-key auth, not OAuth — check its key.",
		});
		await request("/api/mcp/servers", json("POST", { name: "local", command: "npx" }));
		const stdio = await request("/api/mcp/servers/local/auth", { method: "POST" });
		expect(await stdio.json()).toEqual({ detail: "stdio servers authenticate via env keys, not OAuth" });
		await request("/api/mcp/servers", json("POST", { name: "remote", url: "https://mcp.example.com/mcp" }));
		const remote = await (await request("/api/mcp/servers/remote/auth", { method: "POST" })).json();
		expect(remote).toMatchObject({ ok: false, tools: [] });
		expect(remote.error).toContain("hermes mcp login remote");
	});
});
