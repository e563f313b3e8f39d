/**
 * Hermes Desktop's remote mode end to end (api-contract §E, B.1, B.4, 0.2), against the
 * real server process bound to a non-loopback name (127.0.0.2: not one of the three
 * loopback bind names, so the exact-host rule and remote behaviour apply, yet reachable
 * here). Token mode (`--insecure` with the token the user pasted into Desktop): the
 * credential-free probes, REST with the token header and `?profile=` appended — each
 * answer checked to be the profile's home, not the root —, writes landing in the
 * profile's files, and `/api/ws?token=` JSON-RPC with the stand-in gateway; plus the
 * refusals Desktop relies on. OAuth mode (gated, password provider): sign-in cookies,
 * `POST /api/auth/ws-ticket`, `/api/ws?ticket=`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { type Client, connect, FAKE_GATEWAY } from "../helpers/pty_client.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { desktopJson, desktopSend, gatewayURL } from "../helpers/desktop_client.ts";

const REMOTE_HOST = "127.0.0.2";
const TOKEN = "remote-token-pasted-into-desktop-0123456789";
const GATEWAY_ENV = { HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY}` };
const LAB_TITLE = "Only in the lab profile";

/**
 * A root home with a named profile `lab` (a fixture copy made different where each area
 * reads: its model, a session title, a skill removed, a cron job renamed, a .env key).
 */
function homes(): { root: string; lab: string; labSession: string } {
	const root = copyFixtureHome();
	const lab = join(root, "profiles", "lab");
	execFileSync("mkdir", ["-p", join(root, "profiles")]);
	renameSync(copyFixtureHome(), lab);
	const config = join(lab, "config.yaml");
	writeFileSync(config, readFileSync(config, "utf8").replace("default: claude-sonnet-4-6", "default: lab-model-1"));
	rmSync(join(lab, "skills", "writing"), { recursive: true });
	const jobs = join(lab, "cron", "jobs.json");
	writeFileSync(jobs, readFileSync(jobs, "utf8").replace('"Morning briefing"', '"Lab briefing"'));
	writeFileSync(join(lab, ".env"), `${readFileSync(join(lab, ".env"), "utf8")}LAB_ONLY_KEY=lab-value-123456\n`);
	const db = new DatabaseSync(join(lab, "state.db"));
	const { id } = db
		.prepare("SELECT id FROM sessions WHERE parent_session_id IS NULL ORDER BY started_at DESC LIMIT 1")
		.get() as {
		id: string;
	};
	db.prepare("UPDATE sessions SET title = ? WHERE id = ?").run(LAB_TITLE, id);
	db.close();
	return { root, lab, labSession: id };
}

/**
 * What a profile-scoped answer adds to the home's own (checked, then removed): session rows
 * and details tagged with the profile, the gateway start command naming it.
 */
function untagged(path: string, body: any, sessionPath: string): any {
	const rows = path.startsWith("/api/sessions?") ? body.sessions : path === sessionPath ? [body] : [];
	for (const row of rows) {
		expect(row.profile, path).toBe("lab");
		delete row.profile;
		delete row.is_default_profile;
	}
	if (path.startsWith("/api/messaging/")) {
		expect(body.gateway_start_command).toBe("hermes -p lab gateway start");
		delete body.gateway_start_command;
	}
	return body;
}

/** Sends one JSON-RPC request and resolves with its reply. */
async function rpc(client: Client, id: number, method: string, params: object = {}): Promise<any> {
	client.type(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
	await client.waitFor(`"id":${id}`);
	return client.frames.map((frame) => JSON.parse(frame.data.toString())).find((message) => message.id === id);
}

async function closeCode(url: string, headers: Record<string, string> = {}): Promise<number> {
	const client = connect(url, headers);
	client.ws.on("error", () => {});
	return (await client.closed).code;
}

describe("Desktop remote mode, token (--insecure on a non-loopback bind)", () => {
	let server: RunningServer;
	let base: string;
	let home: ReturnType<typeof homes>;
	const credential = { token: TOKEN };

	beforeAll(async () => {
		home = homes();
		server = await startServer({
			args: ["--home", home.root, "--host", REMOTE_HOST, "--insecure"],
			env: { HERMES_DASHBOARD_SESSION_TOKEN: TOKEN, ...GATEWAY_ENV },
		});
		base = `http://${REMOTE_HOST}:${server.port}`;
	});
	afterAll(() => server?.stop());

	it("passes the auth-mode probe and 'Test remote' as token mode", async () => {
		const probe = await desktopJson(base, null, "/api/status");
		expect(probe.auth_required).toBe(false);
		expect(typeof probe.version).toBe("string");
		expect((await desktopJson(base, credential, "/api/status")).auth_required).toBe(false);
	});

	it("answers every scoped call for the profile's home, as a server of that home would", async () => {
		// The reference: the same app serving the lab home as its own, in-process.
		const reference = testClient(makeContext({ home: home.lab }));
		const session = encodeURIComponent(home.labSession);
		const paths = [
			"/api/config",
			"/api/config/raw",
			"/api/model/info",
			`/api/sessions?limit=20&offset=0`,
			`/api/sessions/${session}`,
			`/api/sessions/${session}/messages`,
			"/api/sessions/search?q=the",
			"/api/sessions/stats",
			"/api/skills",
			"/api/tools/toolsets",
			"/api/env",
			"/api/mcp/servers",
			"/api/messaging/platforms",
			"/api/memory",
			"/api/analytics/usage?days=30",
			"/api/logs?file=agent&lines=50",
			"/api/model/auxiliary",
			"/api/model/moa",
		];
		const mismatches: string[] = [];
		for (const path of paths) {
			const remote = untagged(path, await desktopJson(base, credential, path, { profile: "lab" }), paths[4]!);
			const own = await (await reference(path)).json();
			if (path.startsWith("/api/messaging/")) delete own.gateway_start_command;
			if (JSON.stringify(remote) !== JSON.stringify(own)) mismatches.push(path);
		}
		expect(mismatches).toEqual([]);
		// And the calls that read what the lab changed differ from the root's answers.
		const differs = {
			"/api/config": (body: any) => body.model,
			"/api/model/info": (body: any) => body.model,
			"/api/sessions?limit=50": (body: any) => body.sessions.map((row: any) => row.title),
			"/api/skills": (body: any) => body.map((row: any) => row.name),
			"/api/cron/jobs": (body: any) => body.map((job: any) => job.name),
			"/api/env": (body: any) => Object.keys(body),
		};
		for (const [path, pick] of Object.entries(differs)) {
			const lab = pick(await desktopJson(base, credential, path, { profile: "lab" }));
			const root = pick(await desktopJson(base, credential, path));
			expect(lab, path).not.toEqual(root);
		}
		const sessions = await desktopJson(base, credential, "/api/sessions?limit=50", { profile: "lab" });
		expect(sessions.sessions.map((row: any) => row.title)).toContain(LAB_TITLE);
		const jobs = await desktopJson(base, credential, "/api/cron/jobs", { profile: "lab" });
		expect(jobs.map((job: any) => job.name)).toContain("Lab briefing");
		expect(jobs.every((job: any) => job.profile === "lab" && job.hermes_home === home.lab)).toBe(true);
		const status = await desktopJson(base, credential, "/api/status", { profile: "lab" });
		expect(status.hermes_home).toBe(home.lab);
		expect(status.config_path).toBe(join(home.lab, "config.yaml"));
	});

	it("writes into the profile's files only, with the methods and bodies Desktop sends", async () => {
		const rootConfig = readFileSync(join(home.root, "config.yaml"), "utf8");
		const config = await desktopJson(base, credential, "/api/config", { profile: "lab" });
		config.timezone = "Europe/Berlin";
		expect(
			await desktopJson(base, credential, "/api/config", { method: "PUT", body: { config }, profile: "lab" }),
		).toMatchObject({ ok: true });
		const labYaml = JSON.parse(
			execFileSync(
				"python3",
				[
					"-c",
					"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
					join(home.lab, "config.yaml"),
				],
				{ encoding: "utf8" },
			),
		);
		expect(labYaml).toMatchObject({ timezone: "Europe/Berlin", model: { default: "lab-model-1" } });
		expect(readFileSync(join(home.root, "config.yaml"), "utf8")).toBe(rootConfig);
		// A session rename, as Desktop's session intercept sends it: ?profile= and body.profile.
		const path = `/api/sessions/${encodeURIComponent(home.labSession)}`;
		const renamed = await desktopJson(base, credential, path, {
			method: "PATCH",
			body: { title: "Renamed from Desktop", profile: "lab" },
			profile: "lab",
		});
		expect(renamed).toMatchObject({ ok: true, title: "Renamed from Desktop" });
		expect((await desktopJson(base, credential, path, { profile: "lab" })).title).toBe("Renamed from Desktop");
		const rootSession = await desktopSend(base, credential, path);
		expect(rootSession.text).not.toContain("Renamed from Desktop");
		// DELETE carries a JSON body too.
		const deleted = await desktopJson(base, credential, path, {
			method: "DELETE",
			body: { profile: "lab" },
			profile: "lab",
		});
		expect(deleted).toMatchObject({ ok: true });
		await expect(desktopJson(base, credential, path, { profile: "lab" })).rejects.toThrow(/^404: /);
	});

	it("creates a profile that /api/status lists and Hermes's layout holds on disk", async () => {
		const created = await desktopJson(base, credential, "/api/profiles", {
			method: "POST",
			body: { name: "desk", no_skills: true },
		});
		expect(created).toMatchObject({ ok: true, name: "desk", path: join(home.root, "profiles", "desk") });
		for (const dir of ["memories", "sessions", "skills", "logs", "cron"]) {
			expect(existsSync(join(home.root, "profiles", "desk", dir)), dir).toBe(true);
		}
		expect((await desktopJson(base, credential, "/api/status")).profiles).toEqual(
			expect.arrayContaining(["default", "lab", "desk"]),
		);
		const listed = await desktopJson(base, credential, "/api/profiles");
		expect(JSON.stringify(listed)).toContain('"desk"');
		expect((await desktopJson(base, credential, "/api/sessions", { profile: "desk" })).total).toBe(0);
	});

	it("answers what Desktop reads as errors: JSON 404s, bad profiles, missing token, foreign Host", async () => {
		await expect(desktopJson(base, credential, "/api/no-such-area")).rejects.toThrow(
			'404: {"detail":"No such API endpoint: /api/no-such-area"}',
		);
		await expect(desktopJson(base, credential, "/api/config", { profile: "nope" })).rejects.toThrow(
			`404: {"detail":"Profile 'nope' does not exist."}`,
		);
		await expect(desktopJson(base, credential, "/api/config", { profile: "Bad Name" })).rejects.toThrow(/^400: /);
		await expect(desktopJson(base, null, "/api/sessions")).rejects.toThrow('401: {"detail":"Unauthorized"}');
		await expect(desktopJson(base, { token: `${TOKEN}x` }, "/api/sessions")).rejects.toThrow(/^401: /);
		const foreign = await desktopSend(base, null, "/api/status", {
			headers: { Host: `evil.example:${server.port}` },
		});
		expect(foreign.status).toBe(400);
	});

	it("opens /api/ws?token= from the packaged app: gateway.ready first, then JSON-RPC round trips", async () => {
		for (const origin of ["file://", "null", undefined]) {
			const client = connect(gatewayURL(base, credential), origin === undefined ? {} : { Origin: origin });
			await client.waitFor("gateway.ready");
			expect(JSON.parse(client.frames[0]!.data.toString())).toMatchObject({
				jsonrpc: "2.0",
				method: "event",
				params: { type: "gateway.ready", payload: { skin: { name: expect.any(String) } } },
			});
			expect((await rpc(client, 1, "commands.catalog")).result.pairs).toEqual([["/help", "Show commands"]]);
			expect((await rpc(client, 2, "session.list")).result).toEqual({ sessions: [] });
			expect((await rpc(client, 3, "env", { name: "HERMES_HOME" })).result.value).toBe(home.root);
			client.type("not json");
			await client.waitFor('"code":-32700');
			client.ws.close();
			await client.closed;
		}
	});

	it("runs the gateway of the profile named in the socket's query", async () => {
		const client = connect(gatewayURL(base, credential, "lab"), { Origin: "file://" });
		await client.waitFor("gateway.ready");
		expect((await rpc(client, 1, "env", { name: "HERMES_HOME" })).result.value).toBe(home.lab);
		client.ws.close();
		await client.closed;
		expect(await closeCode(gatewayURL(base, credential, "nope"))).toBe(4400);
	});

	it("refuses sockets Desktop must not get: missing or wrong token 4401, foreign Origin 4403", async () => {
		expect(await closeCode(`ws://${REMOTE_HOST}:${server.port}/api/ws`)).toBe(4401);
		expect(await closeCode(gatewayURL(base, { token: "wrong" }))).toBe(4401);
		expect(await closeCode(gatewayURL(base, credential), { Origin: "https://evil.example" })).toBe(4403);
		expect(await closeCode(gatewayURL(base, credential), { Origin: "http://" })).toBe(4403);
	});
});

describe("Desktop remote mode, OAuth (gated bind, password provider)", () => {
	let server: RunningServer;
	let base: string;
	let home: ReturnType<typeof homes>;
	let cookie: string;

	beforeAll(async () => {
		home = homes();
		server = await startServer({
			args: ["--home", home.root, "--host", REMOTE_HOST],
			env: {
				...GATEWAY_ENV,
				HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH: "",
				FLY_APP_NAME: "",
				HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "admin",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "desktop-pass-123",
			},
		});
		base = `http://${REMOTE_HOST}:${server.port}`;
	});
	afterAll(() => server?.stop());

	it("probes as OAuth mode, signs in through /login and keeps an AT cookie", async () => {
		expect((await desktopJson(base, null, "/api/status")).auth_required).toBe(true);
		expect(await desktopJson(base, null, "/api/auth/providers")).toEqual({
			providers: [{ name: "basic", display_name: expect.any(String), supports_password: true }],
		});
		const page = await desktopSend(base, null, "/login");
		expect(page.status).toBe(200);
		expect(page.text).toContain('data-provider="basic"');
		// What the sign-in window's form posts (same origin, JSON).
		const login = await desktopSend(base, null, "/auth/password-login", {
			method: "POST",
			body: { provider: "basic", username: "admin", password: "desktop-pass-123", next: "/" },
			headers: { Origin: base },
		});
		expect(login.status).toBe(200);
		cookie = login.setCookie.map((line) => line.split(";")[0]).join("; ");
		// Desktop's liveness check: one of the AT cookie's names, non-empty.
		expect(cookie).toMatch(/(?:^|; )(?:__Host-|__Secure-)?hermes_session_at=[^;]+/);
	});

	it("calls REST with the cookie (no token header), scoped by ?profile=", async () => {
		const sessions = await desktopJson(base, { cookie }, "/api/sessions?limit=50", { profile: "lab" });
		expect(sessions.sessions.map((row: any) => row.title)).toContain(LAB_TITLE);
		expect((await desktopJson(base, { cookie }, "/api/config", { profile: "lab" })).model).toBe("lab-model-1");
		await expect(desktopJson(base, null, "/api/sessions")).rejects.toThrow(/^401: /);
		// The token is no credential here.
		await expect(desktopJson(base, { token: TOKEN }, "/api/sessions")).rejects.toThrow(/^401: /);
	});

	it("mints a ws-ticket before each connect; the ticket opens /api/ws once", async () => {
		const minted = await desktopJson(base, { cookie }, "/api/auth/ws-ticket", { method: "POST" });
		expect(minted).toMatchObject({ ticket: expect.any(String), ttl_seconds: 30 });
		const url = gatewayURL(base, { ticket: minted.ticket }, "lab");
		const client = connect(url, { Origin: "file://" });
		await client.waitFor("gateway.ready");
		expect((await rpc(client, 1, "session.list")).result).toEqual({ sessions: [] });
		expect((await rpc(client, 2, "env", { name: "HERMES_HOME" })).result.value).toBe(home.lab);
		client.ws.close();
		await client.closed;
		// Single use: a reconnect with the same ticket is refused; Desktop mints a fresh one.
		expect(await closeCode(url)).toBe(4401);
		expect(await closeCode(gatewayURL(base, { token: TOKEN }))).toBe(4401);
		await expect(desktopJson(base, null, "/api/auth/ws-ticket", { method: "POST" })).rejects.toThrow(/^401: /);
	});
});
