/**
 * The Profiles page and the header profile switcher in real Chromium: create a profile,
 * edit its SOUL.md, make it active, rename it, scope another page by the switcher, and
 * delete it after confirming; every step read back from the home on disk. The server's
 * HOME is a temporary folder, so wrapper scripts never land in the real ~/.local/bin.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";

let home = "";
let userHome = "";
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	home = copyFixtureHome();
	userHome = mkdtempSync(join(tmpdir(), "hermes-user-"));
	server = await startServer({ args: ["--home", home], env: { HOME: userHome } });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const activeMarker = () => {
	try {
		return readFileSync(join(home, "active_profile"), "utf8");
	} catch {
		return null;
	}
};

describe("Profiles page in Chromium", () => {
	it("lists the default profile with its model and session count", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/profiles`);
		const card = page.getByTestId("profile-card").filter({ hasText: "default" });
		expect(await card.getByTestId("profile-model").textContent()).toBe("claude-sonnet-4-6 · anthropic");
		expect(Number(await card.getByTestId("profile-sessions").textContent())).toBeGreaterThan(20);
		expect(await card.getByTestId("profile-active").count()).toBe(1);
	});

	it("creates a profile, edits its SOUL.md and makes it active", async () => {
		const { page } = browser;
		await page.getByTestId("profile-new-name").fill("scout");
		await page.locator("#profile-create input[name=description]").fill("Looks things up");
		await page.getByTestId("profile-create").click();
		const card = page
			.getByTestId("profile-card")
			.filter({ has: page.getByTestId("profile-name").getByText("scout", { exact: true }) });
		await card.waitFor();
		expect(existsSync(join(home, "profiles", "scout", "SOUL.md"))).toBe(true);
		expect(await card.textContent()).toContain("Looks things up");

		await card.getByRole("button", { name: "Edit SOUL.md" }).click();
		const soul = page.getByTestId("profile-soul-text");
		await expect.poll(() => soul.isEnabled()).toBe(true);
		expect(await soul.inputValue()).toBe(readFileSync(join(home, "profiles", "scout", "SOUL.md"), "utf8"));
		await soul.fill("You are Scout. Find sources first.");
		await page.getByTestId("profile-soul-save").click();
		await expect
			.poll(() => readFileSync(join(home, "profiles", "scout", "SOUL.md"), "utf8"))
			.toBe("You are Scout. Find sources first.");

		await card.getByRole("button", { name: "Make active" }).click();
		await card.getByTestId("profile-active").waitFor();
		expect(activeMarker()).toBe("scout\n");
	});

	it("renames the profile; the active marker follows", async () => {
		const { page } = browser;
		const card = page
			.getByTestId("profile-card")
			.filter({ has: page.getByTestId("profile-name").getByText("scout", { exact: true }) });
		await card.locator("[data-testid=more-actions] summary").click();
		await card.getByRole("button", { name: "Rename" }).click();
		await page.getByTestId("profile-rename-input").fill("ranger");
		await page.getByTestId("profile-rename-save").click();
		await page.getByTestId("profile-name").getByText("ranger", { exact: true }).waitFor();
		expect(existsSync(join(home, "profiles", "ranger"))).toBe(true);
		expect(existsSync(join(home, "profiles", "scout"))).toBe(false);
		expect(activeMarker()).toBe("ranger\n");
		expect(readFileSync(join(userHome, ".local", "bin", "ranger"), "utf8")).toContain("-p ranger ");
	});

	it("the header switcher scopes pages by ?profile= and carries it on the sidebar", async () => {
		const { page } = browser;
		const switcher = page.getByTestId("profile-switcher");
		await expect.poll(() => switcher.isVisible()).toBe(true);
		await switcher.selectOption("ranger");
		await page.waitForURL(/[?&]profile=ranger/);
		expect(await page.locator('.sidebar a[href^="/models"]').getAttribute("href")).toBe("/models?profile=ranger");
		await page.locator('.sidebar a[href^="/models"]').click();
		await page.waitForURL(/\/models\?profile=ranger/);
		expect(await page.getByTestId("models-current-model").textContent()).toBe("not set");
		expect(await page.getByTestId("profile-switcher").inputValue()).toBe("ranger");
	});

	it("deletes the profile only after confirming", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/profiles`);
		const card = page
			.getByTestId("profile-card")
			.filter({ has: page.getByTestId("profile-name").getByText("ranger", { exact: true }) });
		await card.locator("[data-testid=more-actions] summary").click();
		await card.getByRole("button", { name: "Delete" }).click();
		await page.locator("#profile-delete").getByRole("button", { name: "Cancel" }).click();
		expect(existsSync(join(home, "profiles", "ranger"))).toBe(true);
		await card.locator("[data-testid=more-actions] summary").click();
		await card.getByRole("button", { name: "Delete" }).click();
		await page.getByTestId("profile-delete-confirm").click();
		await card.waitFor({ state: "detached" });
		expect(existsSync(join(home, "profiles", "ranger"))).toBe(false);
		expect(activeMarker()).toBeNull();
		expect(browser.errors).toEqual([]);
	});
});
