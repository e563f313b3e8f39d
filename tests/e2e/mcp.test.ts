/**
 * The MCP page in real Chromium on a copy of the fixture home: add the SDK-built test
 * server (stdio) through the form, test it (tools with descriptions), disable, remove;
 * test an HTTP server; open the Catalog tab and install an entry with its key prompt.
 * config.yaml and .env are read back after each step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureHome } from "../helpers/app.ts";
import { pipInstall } from "../helpers/hermes_install.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";
import { parseConfigText } from "../../src/hermes/config/yaml.ts";
import { startHttpServer } from "../fixtures/mcp_test_server.mjs";

const SERVER_SCRIPT = fileURLToPath(new URL("../fixtures/mcp_test_server.mjs", import.meta.url));
const FAKE_BROWSER = fileURLToPath(new URL("../fixtures/mcp_fake_browser.mjs", import.meta.url));

let dashboard: RunningServer;
let browser: Browser;
let home: string;
let httpServer: Awaited<ReturnType<typeof startHttpServer>>;
let openServer: Awaited<ReturnType<typeof startHttpServer>>;
let oauthServer: Awaited<ReturnType<typeof startHttpServer>>;

/** A Hermes install holding one catalog entry that prompts for a key. */
function fakeInstall(): string {
	return pipInstall({
		"notes-stdio": `manifest_version: 1
name: notes-stdio
description: Keep notes in a local folder.
transport: {type: stdio, command: uvx, args: ["notes-mcp==2.0.1"]}
auth:
  type: api_key
  env: [{name: NOTES_API_KEY, prompt: Notes API key}]
`,
	});
}

beforeAll(async () => {
	home = copyFixtureHome();
	httpServer = await startHttpServer({ token: "fixture-notes-token" });
	openServer = await startHttpServer();
	oauthServer = await startHttpServer({ oauth: true });
	// Point the fixture's own HTTP server at the test server (its bearer comes from .env).
	const configPath = join(home, "config.yaml");
	writeFileSync(
		configPath,
		readFileSync(configPath, "utf8").replace(
			"http://127.0.0.1:8931/mcp",
			`http://127.0.0.1:${httpServer.port}/mcp`,
		),
	);
	// $BROWSER stands in for the user's browser during OAuth sign-in (it follows the consent redirect).
	dashboard = await startServer({
		args: ["--home", home],
		env: { HERMES_AGENT_DIR: fakeInstall(), BROWSER: `${process.execPath} ${FAKE_BROWSER}` },
	});
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await dashboard?.stop();
	await httpServer?.close();
	await openServer?.close();
	await oauthServer?.close();
});

function servers(): Record<string, Record<string, unknown>> {
	return parseConfigText(readFileSync(join(home, "config.yaml"), "utf8")).mcp_servers as Record<
		string,
		Record<string, unknown>
	>;
}

describe("MCP page in Chromium", () => {
	it("adds the stdio test server, tests it, disables and removes it", async () => {
		const { page } = browser;
		await page.goto(`${dashboard.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		expect(await page.locator("nav a[aria-current=page]").textContent()).toContain("MCP");

		const form = page.locator("#mcp-add");
		await form.locator("input[name=name]").fill("test-stdio");
		await form.locator("input[name=kind][value=command]").check();
		await form.locator("input[name=command]").fill(process.execPath);
		await form.locator("textarea[name=args]").fill(`${SERVER_SCRIPT}\n--stdio`);
		await form.locator("textarea[name=env]").fill("TEST_SECRET=very-secret-value-0123456789");
		await form.locator("button[type=submit]").click();

		const card = page.locator("[data-testid=mcp-server-test-stdio]");
		await card.waitFor();
		expect(await card.locator("[data-testid=mcp-transport]").textContent()).toBe("stdio");
		expect(await card.locator(".mcp-env").textContent()).toContain("very...6789");
		expect(await page.content()).not.toContain("very-secret-value-0123456789");
		expect(servers()["test-stdio"]).toEqual({
			command: process.execPath,
			args: [SERVER_SCRIPT, "--stdio"],
			env: { TEST_SECRET: "very-secret-value-0123456789" },
		});

		await card.locator("[data-testid=mcp-test]").click();
		const result = card.locator("[data-testid=mcp-result]");
		await expect.poll(() => result.locator(".mcp-tools li").count(), { timeout: 20_000 }).toBe(2);
		expect(await result.textContent()).toContain("echo_text — Echo back the text it is given");
		expect(await result.textContent()).toContain("add_note — Store a short note for later");

		await card.locator("[data-testid=mcp-enabled]").uncheck();
		await expect.poll(() => card.locator("[data-testid=mcp-state]").textContent()).toBe("Disabled");
		expect(servers()["test-stdio"]!.enabled).toBe(false);

		page.once("dialog", (dialog) => void dialog.accept());
		await card.locator("[data-testid=mcp-remove]").click();
		await expect.poll(() => card.count()).toBe(0);
		expect(Object.keys(servers())).toEqual(["local-notes"]);
		expect(browser.errors).toEqual([]);
	});

	it("tests the fixture's HTTP server with its bearer from .env", async () => {
		const { page } = browser;
		await page.goto(`${dashboard.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		const card = page.locator("[data-testid=mcp-server-local-notes]");
		expect(await card.locator("[data-testid=mcp-transport]").textContent()).toBe("http");
		await card.locator("[data-testid=mcp-test]").click();
		await expect
			.poll(() => card.locator("[data-testid=mcp-result] .mcp-tools li").count(), { timeout: 20_000 })
			.toBe(2);
	});

	it("adds a streamable HTTP server by URL, tests, disables and removes it", async () => {
		const { page } = browser;
		await page.goto(`${dashboard.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		const url = `http://127.0.0.1:${openServer.port}/mcp`;
		const form = page.locator("#mcp-add");
		await form.locator("input[name=name]").fill("test-http");
		await form.locator("input[name=url]").fill(url);
		await form.locator("button[type=submit]").click();
		const card = page.locator("[data-testid=mcp-server-test-http]");
		await card.waitFor();
		expect(await card.locator("[data-testid=mcp-transport]").textContent()).toBe("http");
		expect(servers()["test-http"]).toEqual({ url });
		await card.locator("[data-testid=mcp-test]").click();
		await expect
			.poll(() => card.locator("[data-testid=mcp-result] .mcp-tools li").count(), { timeout: 20_000 })
			.toBe(2);
		await card.locator("[data-testid=mcp-enabled]").uncheck();
		await expect.poll(() => card.locator("[data-testid=mcp-state]").textContent()).toBe("Disabled");
		expect(servers()["test-http"]!.enabled).toBe(false);
		page.once("dialog", (dialog) => void dialog.accept());
		await card.locator("[data-testid=mcp-remove]").click();
		await expect.poll(() => card.count()).toBe(0);
		expect(servers()["test-http"]).toBeUndefined();
		expect(browser.errors).toEqual([]);
	});

	it("signs in to an OAuth server, after which Test lists its tools", async () => {
		const { page } = browser;
		await page.goto(`${dashboard.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		const form = page.locator("#mcp-add");
		await form.locator("input[name=name]").fill("board");
		await form.locator("input[name=url]").fill(`http://127.0.0.1:${oauthServer.port}/mcp`);
		await form.locator("select[name=auth]").selectOption("oauth");
		await form.locator("button[type=submit]").click();
		const card = page.locator("[data-testid=mcp-server-board]");
		await card.waitFor();
		const result = card.locator("[data-testid=mcp-result]");
		await card.locator("[data-testid=mcp-test]").click();
		await expect.poll(() => result.textContent()).toContain("OAuth authentication required");

		await card.locator("[data-testid=mcp-signin]").click();
		await expect.poll(() => result.locator(".mcp-tools li").count(), { timeout: 20_000 }).toBe(2);
		const tokens = JSON.parse(readFileSync(join(home, "mcp-tokens", "board.json"), "utf8"));
		expect(tokens.access_token).toBe(oauthServer.oauth!.accessToken);
		expect(await page.content()).not.toContain(oauthServer.oauth!.accessToken);

		await card.locator("[data-testid=mcp-test]").click();
		await expect.poll(() => result.textContent()).toContain("1 resources");
		expect(browser.errors).toEqual([]);
	});

	it("installs a catalog entry with its key prompt", async () => {
		const { page } = browser;
		await page.goto(`${dashboard.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		await page.locator("#mcp-tab-catalog").click();
		const entry = page.locator("[data-testid=mcp-entry-notes-stdio]");
		await entry.waitFor();
		await entry.locator("input[data-env=NOTES_API_KEY]").fill("notes-key-abcdef-0123456789");
		await entry.locator("button[type=submit]").click();
		await page.locator("[data-testid=mcp-entry-notes-stdio] [data-testid=mcp-entry-installed]").waitFor();
		expect(parseEnv(readFileSync(join(home, ".env"), "utf8")).get("NOTES_API_KEY")).toBe(
			"notes-key-abcdef-0123456789",
		);
		expect(servers()["notes-stdio"]).toEqual({ command: "uvx", args: ["notes-mcp==2.0.1"], enabled: true });
		// The Servers tab shows it without a reload.
		await page.locator("#mcp-tab-servers").click();
		await page.locator("[data-testid=mcp-server-notes-stdio]").waitFor();
		expect(browser.errors).toEqual([]);
	});
});
