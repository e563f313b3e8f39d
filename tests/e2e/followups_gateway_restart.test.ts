/**
 * Gateway restart from the Channels and Webhooks pages in real Chromium, with a stand-in
 * `hermes` on the server's PATH: the button starts the restart, its log streams into the
 * panel while it runs, and the outcome shows once it has exited.
 */
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { copyFixtureHome } from "../helpers/app.ts";
import { disableWebhookPlatform } from "../helpers/gateway.ts";
import { startServer } from "../helpers/server.ts";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { fakeHermes } from "../helpers/fake_hermes.ts";

const fake = fakeHermes({ FAKE_HERMES_LINES: "2" });
const dash = useDashboardInBrowser({ env: fake.env });

afterAll(() => {
	// Lets a restart still waiting end before the server stops.
	writeFileSync(fake.release, "");
});

describe("Gateway restart panel in Chromium", () => {
	it("Channels: Restart gateway shows the running restart's log, then its outcome", async () => {
		const { page } = dash.browser;
		rmSync(fake.release, { force: true });
		await page.goto(`${dash.server.baseURL}/channels`);
		await page.waitForSelector("#channels-page[data-ready]");
		const panel = page.locator("[data-testid=gateway-restart]");
		await panel.locator("button[data-action=restart-gateway]").click();
		await page.waitForSelector("#gateway-restart[data-state=running]");
		const log = panel.locator("[data-testid=restart-log]");
		await log.filter({ hasText: "step 2 of gateway restart" }).waitFor();
		expect(await panel.locator("button[data-action=restart-gateway]").isDisabled()).toBe(true);
		expect(await panel.getAttribute("data-state")).toBe("running");

		writeFileSync(fake.release, "");
		await page.waitForSelector("#gateway-restart[data-state=ok]");
		expect(await log.textContent()).toContain("done");
		expect(await panel.locator("[data-testid=restart-outcome]").textContent()).toBe("Gateway restart finished.");
		expect(await panel.locator("button[data-action=restart-gateway]").isEnabled()).toBe(true);
		expect(readFileSync(fake.argvLog, "utf8").trim().split("\n")).toEqual(["gateway restart"]);
	});

	it("Webhooks: enabling the platform follows the restart the server started", async () => {
		const { page } = dash.browser;
		rmSync(fake.release, { force: true });
		const config = disableWebhookPlatform(dash.home);
		await page.goto(`${dash.server.baseURL}/webhooks`);
		await page.waitForSelector("#webhooks-page[data-ready]");
		await page.locator("[data-testid=webhooks-off] button[data-action=enable-platform]").click();
		await page.waitForSelector("#gateway-restart[data-state=running]");
		expect(readFileSync(config, "utf8")).toContain("  webhook:\n    enabled: true");
		// The restart ran, so the manual-restart hint stays hidden.
		expect(await page.locator("#webhooks-restart").isVisible()).toBe(false);
		writeFileSync(fake.release, "");
		await page.waitForSelector("#gateway-restart[data-state=ok]");
		expect(await page.locator("[data-testid=restart-log]").textContent()).toContain("done");
		expect(readFileSync(fake.argvLog, "utf8").trim().split("\n")).toEqual(["gateway restart", "gateway restart"]);
	});

	it("Channels: a restart that fails shows its exit code and re-enables the button", async () => {
		const failing = await startServer({
			args: ["--home", copyFixtureHome()],
			env: fakeHermes({ FAKE_HERMES_EXIT: "3", FAKE_HERMES_LINES: "1" }, { gated: false }).env,
		});
		try {
			const { page } = dash.browser;
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
