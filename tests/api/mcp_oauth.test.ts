/**
 * `POST /api/mcp/servers/{name}/auth`: the OAuth sign-in against the test server's own
 * authorization server, with a stand-in browser ($BROWSER) that follows the consent
 * redirect to the dashboard's callback listener. Tokens land in `mcp-tokens/` in
 * Hermes's layout; a refused consent puts the previous token back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { parseConfigText } from "../../src/hermes/config/yaml.ts";
import { startHttpServer } from "../fixtures/mcp_test_server.mjs";

const FAKE_BROWSER = fileURLToPath(new URL("../fixtures/mcp_fake_browser.mjs", import.meta.url));

function json(method: string, body: unknown): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

let server: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
	server = await startHttpServer({ oauth: true });
});
afterAll(async () => {
	await server.close();
});

function setup() {
	const context = makeContext({ env: { BROWSER: `${process.execPath} ${FAKE_BROWSER}` } });
	return { context, request: testClient(context) };
}

function entry(home: string, name: string): Record<string, unknown> {
	const config = parseConfigText(readFileSync(join(home, "config.yaml"), "utf8"));
	return (config.mcp_servers as Record<string, Record<string, unknown>>)[name]!;
}

describe("OAuth sign-in", () => {
	it("registers, consents, stores Hermes's token files, saves `auth: oauth` and lists the tools", async () => {
		const { context, request } = setup();
		server.oauth!.deny = false;
		const url = `http://127.0.0.1:${server.port}/mcp`;
		await request("/api/mcp/servers", json("POST", { name: "board", url }));
		const before = await (await request("/api/mcp/servers/board/test", { method: "POST" })).json();
		expect(before.ok).toBe(false);

		const response = await request("/api/mcp/servers/board/auth", { method: "POST" });
		const text = await response.text();
		expect(JSON.parse(text)).toEqual({
			ok: true,
			tools: [
				{ name: "echo_text", description: "Echo back the text it is given" },
				{ name: "add_note", description: "Store a short note for later" },
			],
		});
		expect(text).not.toContain(server.oauth!.accessToken);

		const tokensPath = join(context.home, "mcp-tokens", "board.json");
		const tokens = JSON.parse(readFileSync(tokensPath, "utf8"));
		expect(tokens).toMatchObject({
			access_token: server.oauth!.accessToken,
			token_type: "Bearer",
			expires_in: 3600,
		});
		expect(tokens.expires_at).toBe(FIXTURE_NOW_MS / 1000 + 3600);
		expect(statSync(tokensPath).mode & 0o777).toBe(0o600);
		const client = JSON.parse(readFileSync(join(context.home, "mcp-tokens", "board.client.json"), "utf8"));
		expect(client.client_id).toMatch(/^client-\d+$/);
		expect(server.oauth!.registered.at(-1)).toMatchObject({
			client_name: "Hermes Agent",
			grant_types: ["authorization_code", "refresh_token"],
			token_endpoint_auth_method: "none",
		});
		expect(entry(context.home, "board")).toEqual({ url, auth: "oauth" });

		const after = await (await request("/api/mcp/servers/board/test", { method: "POST" })).json();
		expect(after).toMatchObject({ ok: true });
	});

	it("a refused consent answers ok:false and puts the previous token back", async () => {
		const { context, request } = setup();
		server.oauth!.deny = true;
		const url = `http://127.0.0.1:${server.port}/mcp`;
		await request("/api/mcp/servers", json("POST", { name: "board", url }));
		mkdirSync(join(context.home, "mcp-tokens"));
		const previous = '{"access_token": "older-token", "token_type": "Bearer"}\n';
		writeFileSync(join(context.home, "mcp-tokens", "board.json"), previous);

		const body = await (await request("/api/mcp/servers/board/auth", { method: "POST" })).json();
		expect(body).toMatchObject({ ok: false, tools: [] });
		expect(body.error).toContain("access_denied");
		expect(readFileSync(join(context.home, "mcp-tokens", "board.json"), "utf8")).toBe(previous);
		expect(entry(context.home, "board")).toEqual({ url });
	});

	it("without a browser on the host it says where to sign in instead", async () => {
		const context = makeContext();
		const request = testClient(context);
		await request("/api/mcp/servers", json("POST", { name: "board", url: `http://127.0.0.1:${server.port}/mcp` }));
		const body = await (await request("/api/mcp/servers/board/auth", { method: "POST" })).json();
		expect(body).toMatchObject({ ok: false, tools: [] });
		expect(body.error).toContain("hermes mcp login board");
	});
});
