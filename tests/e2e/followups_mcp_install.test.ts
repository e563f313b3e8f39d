/**
 * A git-bootstrap MCP catalog install in real Chromium, with a stand-in `hermes` on the
 * server's PATH: the card lists the bootstrap commands, Install saves the typed key to
 * .env, and the install's log streams into the card until its exit code shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

const FAKE_BIN = fileURLToPath(new URL("../fixtures/fake_hermes", import.meta.url));
let server: RunningServer;
let browser: Browser;
let home: string;
let release: string;
let argvLog: string;

beforeAll(async () => {
	home = copyFixtureHome();
	const root = mkdtempSync(join(tmpdir(), "hermes-install-"));
	mkdirSync(join(root, "hermes_cli"));
	writeFileSync(join(root, "hermes_cli", "__init__.py"), '__version__ = "0.18.2"\n');
	mkdirSync(join(root, "optional-mcps", "git-tool"), { recursive: true });
	writeFileSync(
		join(root, "optional-mcps", "git-tool", "manifest.yaml"),
		`manifest_version: 1
name: git-tool
description: Needs a clone and a build.
transport: {type: stdio, command: "\${INSTALL_DIR}/run.sh"}
auth:
  type: api_key
  env: [{name: GIT_TOOL_KEY, prompt: Git tool key}]
install:
  type: git
  url: https://example.com/git-tool.git
  ref: v1.2.3
  bootstrap: ["npm ci", "npm run build"]
`,
	);
	release = join(root, "release");
	argvLog = join(root, "argv.log");
	server = await startServer({
		args: ["--home", home],
		env: {
			HERMES_AGENT_DIR: root,
			PATH: `${FAKE_BIN}:${process.env.PATH}`,
			FAKE_HERMES_RELEASE: release,
			FAKE_HERMES_ARGV_LOG: argvLog,
			FAKE_HERMES_LINES: "2",
		},
	});
	browser = await openBrowser();
});

afterAll(async () => {
	writeFileSync(release, "");
	await browser?.close();
	await server?.stop();
});

describe("MCP catalog git-bootstrap install in Chromium", () => {
	it("shows the bootstrap, saves the key, streams the install's log and its outcome", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/mcp`);
		await page.waitForSelector("#mcp-page[data-ready]");
		await page.locator("#mcp-tab-catalog").click();
		const entry = page.locator("[data-testid=mcp-entry-git-tool]");
		await entry.waitFor();
		expect(await entry.locator("[data-testid=mcp-bootstrap] li").allTextContents()).toEqual([
			"npm ci",
			"npm run build",
		]);
		await entry.locator("input[data-env=GIT_TOOL_KEY]").fill("gk-secret-value-0123456789");
		await entry.locator("button[type=submit]").click();

		const panel = entry.locator("[data-testid=mcp-install-log]");
		await page.waitForSelector(
			"[data-testid=mcp-entry-git-tool] [data-testid=mcp-install-log][data-state=running]",
		);
		await panel.locator(".mcp-log-lines", { hasText: "step 2 of mcp install" }).waitFor();
		expect(parseEnv(readFileSync(join(home, ".env"), "utf8")).get("GIT_TOOL_KEY")).toBe(
			"gk-secret-value-0123456789",
		);
		expect(await entry.locator("input[data-env=GIT_TOOL_KEY]").inputValue()).toBe("");

		writeFileSync(release, "");
		await page.waitForSelector("[data-testid=mcp-entry-git-tool] [data-testid=mcp-install-log][data-state=ok]");
		expect(await panel.locator("[data-testid=mcp-install-status]").textContent()).toBe("Finished, exit code 0");
		expect(await panel.locator(".mcp-log-lines").textContent()).toContain("done");
		expect(readFileSync(argvLog, "utf8").trim()).toBe("mcp install git-tool");
		expect(browser.errors).toEqual([]);
	});
});
