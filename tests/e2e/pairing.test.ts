/**
 * The Pairing page in real Chromium on a copy of the fixture home: approve a pending
 * request by typing its code, then revoke the user, then clear what is still pending.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { FIXTURE_ANCHOR_SECONDS, startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

let server: RunningServer;
let browser: Browser;
let home: string;
const CODE = "K7MPQ2XR";

beforeAll(async () => {
	home = copyFixtureHome();
	// A pending request as the gateway stores it: salted hash, never the code.
	const salt = randomBytes(16);
	const pendingPath = join(home, "platforms", "pairing", "telegram-pending.json");
	const pending = JSON.parse(readFileSync(pendingPath, "utf8"));
	pending["00aa11bb22cc33dd"] = {
		hash: createHash("sha256").update(salt).update(CODE).digest("hex"),
		salt: salt.toString("hex"),
		user_id: "424242",
		user_name: "Margaret H.",
		created_at: FIXTURE_ANCHOR_SECONDS - 300,
	};
	writeFileSync(pendingPath, JSON.stringify(pending, null, 2));
	server = await startServer({ args: ["--home", home] });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function store(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join(home, "platforms", "pairing", name), "utf8"));
}

describe("Pairing page in Chromium", () => {
	it("approves by code, revokes, and clears pending requests", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/pairing`);
		await page.waitForSelector("#pairing-page[data-ready]");
		const telegram = page.locator("[data-testid=pairing-telegram]");
		expect(await telegram.locator("[data-testid=pending-424242]").textContent()).toContain("Margaret H.");
		expect(await telegram.locator("[data-testid=pending-424242]").textContent()).toContain("5 min");

		// A wrong code shows Hermes's message and approves nobody.
		await telegram.locator("input[name=code]").fill("WRONG234");
		await telegram.locator("button[type=submit]").click();
		await expect.poll(() => telegram.locator(".form-error").textContent()).toContain("not found or expired");
		browser.errors.length = 0; // the deliberate 404 logs a console error

		await telegram.locator("input[name=code]").fill(CODE.toLowerCase());
		await telegram.locator("button[type=submit]").click();
		const approved = telegram.locator("[data-testid=approved-424242]");
		await approved.waitFor();
		expect(await telegram.locator("[data-testid=pending-424242]").count()).toBe(0);
		expect(store("telegram-approved.json")).toHaveProperty("424242");
		expect(parseEnv(readFileSync(join(home, ".env"), "utf8")).get("TELEGRAM_ALLOWED_USERS")).toBe(
			"123456789,987654321,424242",
		);

		page.once("dialog", (dialog) => void dialog.accept());
		await approved.locator("button[data-action=revoke]").click();
		await approved.waitFor({ state: "detached" });
		expect(store("telegram-approved.json")).not.toHaveProperty("424242");
		expect(parseEnv(readFileSync(join(home, ".env"), "utf8")).get("TELEGRAM_ALLOWED_USERS")).toBe(
			"123456789,987654321",
		);

		// Dismissing the confirmation clears nothing; accepting clears both platforms.
		page.once("dialog", (dialog) => void dialog.dismiss());
		await page.locator("button[data-action=clear-pending]").click();
		expect(Object.keys(store("discord-pending.json"))).toHaveLength(1);
		page.once("dialog", (dialog) => void dialog.accept());
		await page.locator("button[data-action=clear-pending]").click();
		await expect.poll(() => page.locator("#pairing-status").textContent()).toBe("2");
		await page.locator("[data-testid=pending-111222333]").waitFor({ state: "detached" });
		expect(store("telegram-pending.json")).toEqual({});
		expect(store("discord-pending.json")).toEqual({});
		expect(browser.errors).toEqual([]);
	});
});
