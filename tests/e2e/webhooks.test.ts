/**
 * The Webhooks page in real Chromium on a copy of the fixture home: create a route, copy
 * its one-time secret, disable and delete it, and enable the platform from the hint.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { disableWebhookPlatform } from "../helpers/gateway.ts";

const dash = useDashboardInBrowser();

beforeAll(async () => {
	await dash.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: dash.server.baseURL });
});

function routes(): Record<string, Record<string, unknown>> {
	return JSON.parse(readFileSync(join(dash.home, "webhook_subscriptions.json"), "utf8"));
}

describe("Webhooks page in Chromium", () => {
	it("creates a route, copies its secret once, disables and deletes it", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/webhooks`);
		await page.waitForSelector("#webhooks-page[data-ready]");
		expect(await page.locator("[data-testid=webhook-github-push]").count()).toBe(1);
		expect(await page.content()).not.toContain("fixture-webhook-secret-do-not-use");

		const form = page.locator("#webhook-create");
		await form.locator("input[name=name]").fill("E2E Hook");
		await form.locator("input[name=events]").fill("push, release");
		await form.locator("textarea[name=prompt]").fill("Summarise {payload}");
		await form.locator("button[type=submit]").click();

		const panel = page.locator("[data-testid=webhook-secret]");
		await panel.waitFor({ state: "visible" });
		const secret = await page.locator("#webhook-secret-value").inputValue();
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(routes()["e2e-hook"]).toMatchObject({
			secret,
			events: ["push", "release"],
			prompt: "Summarise {payload}",
		});
		expect(await page.locator("#webhook-secret-url").textContent()).toBe("http://localhost:8644/webhooks/e2e-hook");

		await panel.locator("button[data-action=copy-secret]").click();
		await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
		await panel.locator("button[data-action=dismiss-secret]").click();
		await panel.waitFor({ state: "hidden" });
		expect(await page.locator("#webhook-secret-value").inputValue()).toBe("");

		const row = page.locator("[data-testid=webhook-e2e-hook]");
		await row.waitFor();
		expect(await row.locator("[data-testid=webhook-url]").textContent()).toBe(
			"http://localhost:8644/webhooks/e2e-hook",
		);
		// After a reload the secret is gone for good.
		await page.reload();
		await page.waitForSelector("#webhooks-page[data-ready]");
		expect(await page.content()).not.toContain(secret);

		await row.locator("input[data-action=toggle]").uncheck();
		await expect.poll(() => row.locator("[data-testid=webhook-state]").textContent()).toContain("403");
		expect(routes()["e2e-hook"]?.enabled).toBe(false);

		page.once("dialog", (dialog) => void dialog.accept());
		await row.locator("button[data-action=delete]").click();
		await row.waitFor({ state: "detached" });
		expect(Object.keys(routes())).toEqual(["github-push"]);
		expect(dash.server.stdout() + dash.server.stderr()).not.toContain(secret);
		expect(dash.browser.errors).toEqual([]);
	});

	it("offers a one-click enable when the webhook platform is off", async () => {
		const { page } = dash.browser;
		const config = disableWebhookPlatform(dash.home);
		await page.goto(`${dash.server.baseURL}/webhooks`);
		await page.waitForSelector("#webhooks-page[data-ready]");
		const hint = page.locator("[data-testid=webhooks-off]");
		await hint.waitFor();
		await hint.locator("button[data-action=enable-platform]").click();
		await hint.waitFor({ state: "detached" });
		expect(await page.locator("#webhooks-restart").isVisible()).toBe(true);
		expect(readFileSync(config, "utf8")).toContain("  webhook:\n    enabled: true");
	});
});
