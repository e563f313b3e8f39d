/**
 * The API Keys page in real Chromium on a copy of the fixture home: set a key through
 * the page, reveal it, delete it, and check the file after each step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

let server: RunningServer;
let browser: Browser;
let home: string;

beforeAll(async () => {
	home = copyFixtureHome();
	chmodSync(join(home, ".env"), 0o600);
	server = await startServer({ args: ["--home", home] });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function envFile(): Map<string, string> {
	return parseEnv(readFileSync(join(home, ".env"), "utf8"));
}

describe("API Keys page in Chromium", () => {
	it("sets, reveals and deletes a key", async () => {
		const { page } = browser;
		const secret = "exa-e2e-secret-value-0123456789";
		await page.goto(`${server.baseURL}/env`);
		await page.waitForSelector("#env-page[data-ready]");
		expect(await page.locator("nav a[aria-current=page]").textContent()).toContain("API Keys");
		const row = page.locator("[data-testid=env-row-EXA_API_KEY]");
		expect(await row.locator("[data-testid=env-state]").textContent()).toBe("Not set");

		// Set.
		await row.locator("input[name=value]").fill(secret);
		await row.locator("button[type=submit]").click();
		await expect.poll(() => row.locator("[data-testid=env-state]").textContent()).toBe("Set");
		expect(await row.locator("[data-testid=env-preview]").textContent()).toBe("exa-...6789");
		expect(envFile().get("EXA_API_KEY")).toBe(secret);
		expect(statSync(join(home, ".env")).mode & 0o777).toBe(0o600);
		expect(await page.content()).not.toContain(secret);

		// Reveal, then hide again.
		await row.locator("button[data-action=reveal]").click();
		await expect.poll(() => row.locator("[data-testid=env-preview]").textContent()).toBe(secret);
		await row.locator("button[data-action=reveal]").click();
		await expect.poll(() => row.locator("[data-testid=env-preview]").textContent()).toBe("exa-...6789");
		// The reveal is audited (key name only) in the home's audit log, never on the console.
		const audit = readFileSync(join(home, "logs", "dashboard-auth.log"), "utf8");
		expect(audit).toContain('"event":"env_reveal"');
		expect(audit).toContain('"EXA_API_KEY"');
		expect(audit).not.toContain(secret);
		expect(server.stdout() + server.stderr()).not.toContain(secret);

		// Saving the masked preview is refused with a visible message.
		await row.locator("input[name=value]").fill("exa-...6789");
		await row.locator("button[type=submit]").click();
		await expect.poll(() => row.locator(".env-error").textContent()).toContain("masked");
		expect(envFile().get("EXA_API_KEY")).toBe(secret);
		browser.errors.length = 0; // the deliberate 400 logs a console error

		// Delete (confirm dialog accepted).
		page.once("dialog", (dialog) => void dialog.accept());
		await row.locator("button[data-action=delete]").click();
		await expect.poll(() => row.locator("[data-testid=env-state]").textContent()).toBe("Not set");
		expect(envFile().has("EXA_API_KEY")).toBe(false);
		// The fixture's other keys are untouched.
		expect(envFile().has("OPENAI_API_KEY")).toBe(true);
	});

	it("adds a custom variable and hides advanced keys behind the toggle", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/env`);
		await page.waitForSelector("#env-page[data-ready]");
		await page.locator("#env-add input[name=key]").fill("MY_CUSTOM_VAR");
		await page.locator("#env-add input[name=value]").fill("custom # value");
		await page.locator("#env-add button[type=submit]").click();
		await page.locator("[data-testid=env-row-MY_CUSTOM_VAR]").waitFor();
		expect(envFile().get("MY_CUSTOM_VAR")).toBe("custom # value");
		const advanced = page.locator("[data-testid=env-row-NOUS_BASE_URL]");
		expect(await advanced.isVisible()).toBe(false);
		await page.locator("#env-show-advanced").check();
		expect(await advanced.isVisible()).toBe(true);
	});

	it("ran without console errors or CSP violations", () => {
		expect(browser.errors).toEqual([]);
	});
});
