/**
 * Real processes: the fail-closed start on non-loopback binds, gated starts with the
 * basic provider and with a provider plugin, and `hash-password` reading stdin.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { MAIN, PROJECT_ROOT, runCLI, startServer } from "../helpers/server.ts";
import { verifyPassword } from "../../src/auth/password_hash.ts";

const CLEAN_ENV = {
	HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
	HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "",
	HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "",
	HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH: "",
	FLY_APP_NAME: "",
};

function hashViaCLI(password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [MAIN, "hash-password"], {
			cwd: PROJECT_ROOT,
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
		child.once("exit", (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(`${password}\n`);
	});
}

describe("fail-closed start", () => {
	it.each(["0.0.0.0", "192.168.1.5"])(
		"--host %s with no provider refuses and lists each provider's reason",
		async (host) => {
			const home = copyFixtureHome();
			const result = await runCLI(["--home", home, "--host", host, "--port", "0", "--no-open"], CLEAN_ENV);
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`Refusing to bind dashboard to ${host}`);
			expect(result.stderr).toContain("no auth providers are registered");
			expect(result.stderr).toMatch(/• nous: .*HERMES_DASHBOARD_OAUTH_CLIENT_ID/);
			expect(result.stderr).toMatch(/• basic: .*username/);
			expect(result.stdout).not.toContain("HERMES_DASHBOARD_READY");
		},
	);

	it("reports a broken auth plugin at start", async () => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "plugins", "broken"), { recursive: true });
		writeFileSync(
			join(home, "plugins", "broken", "dashboard_auth.mjs"),
			"export function register(ctx) { throw new Error('boom in plugin'); }\n",
		);
		const result = await runCLI(["--home", home, "--host", "0.0.0.0", "--port", "0", "--no-open"], CLEAN_ENV);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain("auth plugin broken: register() failed: boom in plugin");
	});
});

describe("gated starts", () => {
	it("starts with the basic provider from env and logs in over HTTP", async () => {
		const home = copyFixtureHome();
		const server = await startServer({
			args: ["--home", home, "--host", "0.0.0.0"],
			env: {
				...CLEAN_ENV,
				HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "admin",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "pw-123456",
			},
		});
		try {
			const status = (await (await fetch(`${server.baseURL}/api/status`)).json()) as {
				auth_required: boolean;
				auth_providers: string[];
			};
			expect(status).toMatchObject({ auth_required: true, auth_providers: ["basic"] });
			const denied = await fetch(`${server.baseURL}/api/auth/me`);
			expect(denied.status).toBe(401);
			const login = await fetch(`${server.baseURL}/auth/password-login`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ provider: "basic", username: "admin", password: "pw-123456" }),
			});
			expect(login.status).toBe(200);
			const cookie = login.headers
				.getSetCookie()
				.map((c) => c.split(";")[0])
				.join("; ");
			const me = await fetch(`${server.baseURL}/api/auth/me`, { headers: { cookie } });
			expect(await me.json()).toMatchObject({ user_id: "admin", provider: "basic" });
		} finally {
			await server.stop();
		}
	});

	it("registers a password provider plugin that implements only completePasswordLogin", async () => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "plugins", "team-login"), { recursive: true });
		writeFileSync(
			join(home, "plugins", "team-login", "dashboard_auth.mjs"),
			`
export function register(ctx) {
	ctx.registerDashboardAuthProvider({
		name: "team",
		displayName: "Team login",
		supportsPassword: true,
		async completePasswordLogin(username, password) {
			if (username !== "ops" || password !== "letmein-please") throw new ctx.errors.InvalidCredentialsError("nope");
			return { userId: "ops", email: "ops@example.test", displayName: "Ops", orgId: "", provider: "team", expiresAt: 0, accessToken: "", refreshToken: "" };
		},
	});
}
`,
		);
		const server = await startServer({ args: ["--home", home, "--host", "0.0.0.0"], env: CLEAN_ENV });
		try {
			const providers = await (await fetch(`${server.baseURL}/api/auth/providers`)).json();
			expect(providers).toEqual({
				providers: [{ name: "team", display_name: "Team login", supports_password: true }],
			});
			const bad = await fetch(`${server.baseURL}/auth/password-login`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ provider: "team", username: "ops", password: "wrong" }),
			});
			expect(bad.status).toBe(401);
			const login = await fetch(`${server.baseURL}/auth/password-login`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ provider: "team", username: "ops", password: "letmein-please" }),
			});
			const cookie = login.headers
				.getSetCookie()
				.map((c) => c.split(";")[0])
				.join("; ");
			const me = await fetch(`${server.baseURL}/api/auth/me`, { headers: { cookie } });
			expect(await me.json()).toMatchObject({ user_id: "ops", provider: "team", email: "ops@example.test" });
		} finally {
			await server.stop();
		}
	});
});

describe("hash-password", () => {
	it("hashes a password read from stdin and refuses argv passwords", async () => {
		const result = await hashViaCLI("from-stdin-pw");
		expect(result.code).toBe(0);
		const hash = result.stdout.trim();
		expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
		expect(await verifyPassword("from-stdin-pw", hash)).toBe(true);
		const argv = await runCLI(["hash-password", "secret-on-argv"]);
		expect(argv.code).toBe(2);
		expect(argv.stdout).not.toContain("scrypt$");
	});
});
