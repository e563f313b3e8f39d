/**
 * Chromium end to end on a gated server (bound to 0.0.0.0): the full Nous-style OAuth
 * PKCE round trip against a stand-in portal (auto-SSO, deep link, API access, expiry →
 * transparent refresh with rotation, logout), and password login through the form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { startPortal, type Portal } from "../helpers/oauth_portal.ts";
import { CLOCK_TOLERANCE_SECONDS } from "../../src/auth/jwt.ts";

const ACCESS_TTL_SECONDS = 1;
/** Long enough for an access token to be past its `exp` and the verifier's clock tolerance. */
const UNTIL_EXPIRED_MS = (ACCESS_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS + 1) * 1000;

const CLEAN_ENV = {
	HERMES_DASHBOARD_OAUTH_CLIENT_ID: "",
	HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "",
	HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "",
	HERMES_DASHBOARD_BASIC_AUTH_PASSWORD_HASH: "",
	FLY_APP_NAME: "",
	// Sign-in talks to a portal and a browser on real time: no pinned clock here.
	HERMES_DASHBOARD_NOW: "",
};

async function apiStatus(browser: Browser, path: string, method = "GET"): Promise<{ status: number; body: unknown }> {
	return browser.page.evaluate(
		async ([url, verb]) => {
			const response = await fetch(url!, { method: verb, credentials: "same-origin" });
			return { status: response.status, body: await response.json().catch(() => null) };
		},
		[path, method],
	);
}

describe("OAuth PKCE against a stand-in portal", () => {
	let portal: Portal;
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		portal = await startPortal({
			clientID: "agent:e2e-instance",
			accessTTL: ACCESS_TTL_SECONDS,
			extraClaims: { agent_instance_id: "e2e-instance" },
		});
		server = await startServer({
			args: ["--home", copyFixtureHome(), "--host", "0.0.0.0"],
			env: {
				...CLEAN_ENV,
				HERMES_DASHBOARD_OAUTH_CLIENT_ID: "agent:e2e-instance",
				HERMES_DASHBOARD_PORTAL_URL: portal.url,
			},
		});
		browser = await openBrowser();
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await portal?.close();
	});

	it("logs in, follows the deep link, refreshes transparently and logs out", async () => {
		const { page, context } = browser;
		await page.goto(`${server.baseURL}/?view=deep`);
		// Auto-SSO → portal authorize (PKCE) → callback → the deep link.
		await page.waitForURL(`${server.baseURL}/?view=deep`);
		const authorize = portal.authorizeCalls.at(-1)!;
		expect(authorize.get("code_challenge_method")).toBe("S256");
		expect(authorize.get("redirect_uri")).toBe(`${server.baseURL}/auth/callback`);
		expect(await page.locator("#topbar-right .auth-user-name").textContent()).toBe("Portal User");

		const me = await apiStatus(browser, "/api/auth/me");
		expect(me.status).toBe(200);
		expect(me.body).toMatchObject({ user_id: "user-1", org_id: "org-9", provider: "nous" });
		const rtBefore = (await context.cookies()).find((c) => c.name === "hermes_session_rt")!.value;
		expect((await context.cookies()).find((c) => c.name === "hermes_session_at")!.httpOnly).toBe(true);

		// Park on a script-free page (the status page refreshes itself), let the 1 s access
		// token expire: the next request refreshes and rotates the RT.
		await page.goto(`${server.baseURL}/healthz`);
		await new Promise((resolve) => setTimeout(resolve, UNTIL_EXPIRED_MS));
		const refreshesBefore = portal.tokenCalls.filter((call) => call.grant === "refresh_token").length;
		const after = await apiStatus(browser, "/api/auth/me");
		expect(after.status).toBe(200);
		const refreshes = portal.tokenCalls.filter((call) => call.grant === "refresh_token");
		expect(refreshes.length).toBe(refreshesBefore + 1);
		expect(refreshes.at(-1)!.headerRT).toBe(rtBefore);
		const rtAfter = (await context.cookies()).find((c) => c.name === "hermes_session_rt")!.value;
		expect(rtAfter).not.toBe(rtBefore);
		expect((await apiStatus(browser, "/api/auth/me")).status).toBe(200);

		// Several requests at once with the same refresh token spend it only once.
		await new Promise((resolve) => setTimeout(resolve, UNTIL_EXPIRED_MS));
		const burst = await page.evaluate(() =>
			Promise.all([1, 2, 3, 4].map(() => fetch("/api/auth/me").then((r) => r.status))),
		);
		expect(burst).toEqual([200, 200, 200, 200]);
		expect(portal.tokenCalls.filter((call) => call.grant === "refresh_token").length).toBe(refreshes.length + 1);

		await page.goto(`${server.baseURL}/`);
		await page.locator(".auth-logout button").click();
		await page.waitForURL(`${server.baseURL}/login`);
		expect(await page.locator("a.provider-btn").textContent()).toContain("Nous Research");
		expect((await apiStatus(browser, "/api/auth/me")).status).toBe(401);
		// The deliberate 401 above is logged by Chromium; nothing else may be.
		expect(browser.errors.filter((error) => !error.includes("status of 401"))).toEqual([]);
	}, 60_000);
});

describe("password login in the browser", () => {
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startServer({
			args: ["--home", copyFixtureHome(), "--host", "0.0.0.0"],
			env: {
				...CLEAN_ENV,
				HERMES_DASHBOARD_BASIC_AUTH_USERNAME: "admin",
				HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "browser-pw-1",
			},
		});
		browser = await openBrowser();
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it("shows the error for a wrong password, then signs in and lands on the page asked for", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/?from=deep`);
		await page.waitForURL(/\/login\?next=/);
		const form = page.locator('form.provider-form[data-provider="basic"]');
		await form.locator('input[name="username"]').fill("admin");
		await form.locator('input[name="password"]').fill("wrong-password");
		await form.locator('button[type="submit"]').click();
		await expect
			.poll(() => form.locator(".form-error").textContent(), { timeout: 20_000 })
			.toBe("Invalid username or password.");
		await form.locator('input[name="password"]').fill("browser-pw-1");
		await form.locator('button[type="submit"]').click();
		await page.waitForURL(`${server.baseURL}/?from=deep`);
		expect(await page.locator("#topbar-right .auth-user-name").textContent()).toBe("admin");
		expect((await apiStatus(browser, "/api/auth/me")).status).toBe(200);
		const errors = browser.errors.filter((error) => !error.includes("status of 401"));
		expect(errors).toEqual([]);
	}, 60_000);
});
