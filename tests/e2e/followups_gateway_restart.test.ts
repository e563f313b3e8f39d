/**
 * Gateway restart from the Channels and Webhooks pages in real Chromium, with a stand-in
 * `hermes` on the server's PATH: the button starts the restart, its log streams into the
 * panel while it runs, and the outcome shows once it has exited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";

const FAKE_BIN = fileURLToPath(new URL("../fixtures/fake_hermes", import.meta.url));
let server: RunningServer;
let browser: Browser;
let home: string;
let release: string;
let argvLog: string;

beforeAll(async () => {
	home = copyFixtureHome();
	const dir = mkdtempSync(join(tmpdir(), "gateway-restart-e2e-"));
	release = join(dir, "release");
	argvLog = join(dir, "argv.log");
	server = await startServer({
		args: ["--home", home],
		env: {
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

describe("Gateway restart panel in Chromium", () => {
	it("Channels: Restart gateway shows the running restart's log, then its outcome", async () => {
		const { page } = browser;
		rmSync(release, { force: true });
		await page.goto(`${server.baseURL}/channels`);
		await page.waitForSelector("#channels-page[data-ready]");
		const panel = page.locator("[data-testid=gateway-restart]");
		await panel.locator("button[data-action=restart-gateway]").click();
		await page.waitForSelector("#gateway-restart[data-state=running]");
		const log = panel.locator("[data-testid=restart-log]");
		await log.filter({ hasText: "step 2 of gateway restart" }).waitFor();
		expect(await panel.locator("button[data-action=restart-gateway]").isDisabled()).toBe(true);
		expect(await panel.getAttribute("data-state")).toBe("running");

		writeFileSync(release, "");
		await page.waitForSelector("#gateway-restart[data-state=ok]");
		expect(await log.textContent()).toContain("done");
		expect(await panel.locator("[data-testid=restart-outcome]").textContent()).toBe("Gateway restart finished.");
		expect(await panel.locator("button[data-action=restart-gateway]").isEnabled()).toBe(true);
		expect(readFileSync(argvLog, "utf8").trim().split("\n")).toEqual(["gateway restart"]);
	});

	it("Webhooks: enabling the platform follows the restart the server started", async () => {
		const { page } = browser;
		rmSync(release, { force: true });
		const config = join(home, "config.yaml");
		writeFileSync(
			config,
			readFileSync(config, "utf8").replace("  webhook:\n    enabled: true", "  webhook:\n    enabled: false"),
		);
		await page.goto(`${server.baseURL}/webhooks`);
		await page.waitForSelector("#webhooks-page[data-ready]");
		await page.locator("[data-testid=webhooks-off] button[data-action=enable-platform]").click();
		await page.waitForSelector("#gateway-restart[data-state=running]");
		expect(readFileSync(config, "utf8")).toContain("  webhook:\n    enabled: true");
		// The restart ran, so the manual-restart hint stays hidden.
		expect(await page.locator("#webhooks-restart").isVisible()).toBe(false);
		writeFileSync(release, "");
		await page.waitForSelector("#gateway-restart[data-state=ok]");
		expect(await page.locator("[data-testid=restart-log]").textContent()).toContain("done");
		expect(readFileSync(argvLog, "utf8").trim().split("\n")).toEqual(["gateway restart", "gateway restart"]);
	});

	it("Channels: a restart that fails shows its exit code and re-enables the button", async () => {
		const failing = await startServer({
			args: ["--home", copyFixtureHome()],
			env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_HERMES_EXIT: "3", FAKE_HERMES_LINES: "1" },
		});
		try {
			const { page } = browser;
			await page.goto(`${failing.baseURL}/channels`);
			await page.waitForSelector("#channels-page[data-ready]");
			await page.locator("button[data-action=restart-gateway]").click();
			await page.waitForSelector("#gateway-restart[data-state=failed]");
			expect(await page.locator("[data-testid=restart-outcome]").textContent()).toBe(
				"Gateway restart failed, exit code 3",
			);
			expect(await page.locator("[data-testid=restart-log]").textContent()).toContain(
				"step 1 of gateway restart",
			);
			expect(await page.locator("button[data-action=restart-gateway]").isEnabled()).toBe(true);
		} finally {
			await failing.stop();
		}
	});
});
