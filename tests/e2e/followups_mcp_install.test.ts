/**
 * A git-bootstrap MCP catalog install in real Chromium, with a stand-in `hermes` on the
 * server's PATH: the card lists the bootstrap commands, Install saves the typed key to
 * .env, and the install's log streams into the card until its exit code shows.
 */
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { pipInstall } from "../helpers/hermes_install.ts";
import { fakeHermes } from "../helpers/fake_hermes.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

/** A Hermes install whose catalog holds one git-bootstrap entry needing a key. */
function installWithGitTool(): string {
	return pipInstall({
		"git-tool": `manifest_version: 1
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
	});
}

const fake = fakeHermes({ HERMES_AGENT_DIR: installWithGitTool(), FAKE_HERMES_LINES: "2" });
const dash = useDashboardInBrowser({ env: fake.env });

afterAll(() => {
	// Lets an install still waiting end before the server stops.
	writeFileSync(fake.release, "");
});

describe("MCP catalog git-bootstrap install in Chromium", () => {
	it("shows the bootstrap, saves the key, streams the install's log and its outcome", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/mcp`);
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
		expect(parseEnv(readFileSync(join(dash.home, ".env"), "utf8")).get("GIT_TOOL_KEY")).toBe(
			"gk-secret-value-0123456789",
		);
		expect(await entry.locator("input[data-env=GIT_TOOL_KEY]").inputValue()).toBe("");

		writeFileSync(fake.release, "");
		await page.waitForSelector("[data-testid=mcp-entry-git-tool] [data-testid=mcp-install-log][data-state=ok]");
		expect(await panel.locator("[data-testid=mcp-install-status]").textContent()).toBe("Finished, exit code 0");
		expect(await panel.locator(".mcp-log-lines").textContent()).toContain("done");
		expect(readFileSync(fake.argvLog, "utf8").trim()).toBe("mcp install git-tool");
		expect(dash.browser.errors).toEqual([]);
	});
});
