/**
 * The Channels page in real Chromium on a copy of the fixture home: configure Slack in
 * its drawer, enable it, watch its badge follow the gateway's state, and Test it.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { fakeRunningGateway } from "../helpers/gateway.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

const dash = useDashboardInBrowser();

const BOT_TOKEN = "xoxb-e2e-1111-2222-secretvalue";
const APP_TOKEN = "xapp-e2e-3333-4444-secretvalue";

describe("Channels page in Chromium", () => {
	it("configures and enables Slack and shows its live badge", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/channels`);
		await page.waitForSelector("#channels-page[data-ready]");
		expect(await page.locator(".channel-card").count()).toBe(31);
		expect(await page.locator("[data-testid=gateway-command]").textContent()).toBe("hermes gateway start");
		const slack = page.locator("[data-testid=channel-slack]");
		const badge = slack.locator("[data-testid=channel-state]");
		expect(await badge.getAttribute("data-state")).toBe("disabled");
		expect(await slack.locator("a", { hasText: "Setup guide" }).getAttribute("href")).toBe(
			"https://api.slack.com/apps",
		);
		// Telegram's stored token is only ever shown masked.
		expect(await page.content()).not.toContain("AAFIXTURE-not-a-real-telegram-token");

		await slack.locator("summary").click();
		const form = slack.locator("form.channel-form");
		expect(await form.locator("input[name=SLACK_BOT_TOKEN]").getAttribute("type")).toBe("password");
		expect(await form.locator("input[name=SLACK_ALLOWED_USERS]").getAttribute("type")).toBe("text");
		expect(await form.locator("[data-testid=required-SLACK_BOT_TOKEN]").count()).toBe(1);
		expect(await form.locator("[data-testid=required-SLACK_ALLOWED_USERS]").count()).toBe(0);
		expect(
			await form.locator(".channel-field").evaluateAll((fields) => fields.map((f) => f.getAttribute("data-key"))),
		).toEqual(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_ALLOWED_USERS"]);

		// A token in the wrong field gets Hermes's message and writes nothing.
		await form.locator("input[name=SLACK_BOT_TOKEN]").fill(APP_TOKEN);
		await form.locator("button[type=submit]").click();
		await expect
			.poll(() => slack.locator("[data-testid=channel-message]").textContent())
			.toContain("must start with xoxb-");
		expect(parseEnv(readFileSync(join(dash.home, ".env"), "utf8")).has("SLACK_BOT_TOKEN")).toBe(false);
		dash.browser.errors.length = 0; // the deliberate 400 logs a console error

		await form.locator("input[name=SLACK_BOT_TOKEN]").fill(BOT_TOKEN);
		await form.locator("input[name=SLACK_APP_TOKEN]").fill(APP_TOKEN);
		await form.locator("button[type=submit]").click();
		await expect.poll(() => slack.locator("[data-testid=channel-message]").textContent()).toContain("Saved");
		const env = parseEnv(readFileSync(join(dash.home, ".env"), "utf8"));
		expect(env.get("SLACK_BOT_TOKEN")).toBe(BOT_TOKEN);
		expect(env.get("SLACK_APP_TOKEN")).toBe(APP_TOKEN);
		expect(await page.content()).not.toContain(BOT_TOKEN);
		// "Saved" shows before the cards are re-rendered: wait for the new drawer.
		await expect
			.poll(() => slack.locator("input[name=SLACK_BOT_TOKEN]").getAttribute("placeholder"))
			.toContain("xoxb...alue");

		// A set bot token enables Slack implicitly (as the gateway does); the switch writes it explicitly.
		const toggle = slack.locator("input[data-action=toggle]");
		await expect.poll(() => badge.getAttribute("data-state")).toBe("gateway_stopped");
		expect(await toggle.isChecked()).toBe(true);
		await toggle.uncheck();
		await expect.poll(() => badge.getAttribute("data-state")).toBe("disabled");
		expect(readFileSync(join(dash.home, "config.yaml"), "utf8")).toContain("  slack:\n    enabled: false\n");
		await toggle.check();
		await expect.poll(() => badge.getAttribute("data-state")).toBe("gateway_stopped");
		expect(readFileSync(join(dash.home, "config.yaml"), "utf8")).toContain("  slack:\n    enabled: true\n");

		// The gateway comes up and reports Slack connected: the badge follows.
		fakeRunningGateway(dash.home, { platforms: { slack: { state: "connected" } } }, dash.server.child.pid);
		await page.reload();
		await page.waitForSelector("#channels-page[data-ready]");
		await expect.poll(() => badge.getAttribute("data-state")).toBe("connected");
		expect(await badge.textContent()).toBe("Connected");
		await slack.locator("button[data-action=test]").click();
		await expect
			.poll(() => slack.locator("[data-testid=channel-message]").textContent())
			.toBe("Slack is connected.");
		expect(dash.server.stdout() + dash.server.stderr()).not.toContain(BOT_TOKEN);
		expect(dash.browser.errors).toEqual([]);
	});
});
