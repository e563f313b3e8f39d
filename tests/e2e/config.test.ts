/**
 * Config page in real Chromium against a real server on a copy of the fixture home.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";

describe("config page", () => {
	let server: RunningServer;
	let browser: Browser;
	let home: string;
	let path: string;

	beforeAll(async () => {
		home = copyFixtureHome();
		path = join(home, "config.yaml");
		server = await startServer({ args: ["--home", home] });
		browser = await openBrowser();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it("changes a select and a toggle, shows the diff, saves only those bytes", async () => {
		const { page } = browser;
		const before = readFileSync(path, "utf8");
		await page.goto(`${server.baseURL}/config`);
		// The first category arrives with the page; a tab switch brings the other 500-odd fields.
		expect(await page.locator(".cfg-field").count()).toBeLessThan(200);
		await page.getByRole("tab", { name: /^Security/ }).click();
		await expect.poll(() => page.locator(".cfg-field").count()).toBeGreaterThan(550);
		await page.locator('.cfg-field[data-key="approvals.mode"] select').selectOption("manual");
		await page.getByRole("tab", { name: /^Display/ }).click();
		const toggle = page.locator('.cfg-field[data-key="display.compact"] input[type="checkbox"]');
		await toggle.check();
		await expect.poll(() => page.locator(".cfg-field.dirty").count()).toBe(2);
		await page.locator("#config-save").click();
		const dialog = page.locator("#config-dialog");
		await dialog.waitFor({ state: "visible" });
		const diff = await page.locator("#config-diff").textContent();
		expect(diff).toContain("+  mode: manual");
		expect(diff).toContain("+  compact: true");
		await page.locator("#config-dialog-confirm").click();
		await expect.poll(() => page.locator("#config-status").textContent()).toBe("Saved.");
		expect(readFileSync(path, "utf8")).toBe(
			before
				.replace("approvals:\n  mode: smart", "approvals:\n  mode: manual")
				.replace("  compact: false\n", "  compact: true\n"),
		);
		expect(await page.locator(".cfg-field.dirty").count()).toBe(0);
		expect(await page.locator('.cfg-field[data-key="display.compact"]').getAttribute("class")).toContain("custom");
		expect(browser.errors).toEqual([]);
	});

	it("searches across tabs", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/config`);
		await page.locator("#config-search").fill("max_turns");
		const shown = () =>
			page
				.locator(".cfg-field:visible")
				.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.key));
		// The search first brings the other categories' fields, then filters them all.
		await expect.poll(shown).toEqual(expect.arrayContaining(["agent.max_turns", "goals.max_turns"]));
		const visible = await shown();
		expect(visible.every((key) => key!.includes("max_turns"))).toBe(true);
	});

	it("offers a diff and reload when the file changed since the page loaded", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/config`);
		writeFileSync(path, readFileSync(path, "utf8").replace("max_turns: 60", "max_turns: 61"));
		await page.getByRole("tab", { name: /^Logging/ }).click();
		await page.locator('.cfg-field[data-key="logging.level"] select').selectOption("DEBUG");
		await page.locator("#config-save").click();
		await page.locator("#config-dialog-confirm").click();
		await expect.poll(() => page.locator("#config-dialog-title").textContent()).toBe("The file changed on disk");
		expect(await page.locator("#config-dialog-reload").isVisible()).toBe(true);
		expect(await page.locator("#config-diff").textContent()).toContain("+  level: DEBUG");
		expect(readFileSync(path, "utf8")).toContain("level: INFO");
		const reloaded = page.waitForEvent("load");
		await page.locator("#config-dialog-reload").click();
		await reloaded;
		await page.getByRole("tab", { name: /^Agent/ }).click();
		expect(await page.locator('.cfg-field[data-key="agent.max_turns"] input').inputValue()).toBe("61");
	});

	it("resets to defaults locally, exports and imports JSON with a diff before saving", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/config`);
		const before = readFileSync(path, "utf8");
		await page.locator("#config-reset").click();
		expect(await page.locator('.cfg-field[data-key="agent.max_turns"] input').inputValue()).toBe("90");
		expect(await page.locator('.cfg-field[data-key="agent.max_turns"]').getAttribute("class")).toContain("dirty");
		expect(readFileSync(path, "utf8")).toBe(before);
		await page.reload();
		const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#config-export").click()]);
		const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
		expect(exported.agent.max_turns).toBe(61);
		expect(exported.dashboard.basic_auth.password).toBeUndefined();
		await page.locator("#config-import").setInputFiles({
			name: "bad.json",
			mimeType: "application/json",
			buffer: Buffer.from('{"agent":{"max_turns":"lots"}}'),
		});
		await expect
			.poll(() => page.locator("#config-status").textContent())
			.toMatch(/Import refused: agent.max_turns should be number/);
		await page.locator("#config-import").setInputFiles({
			name: "good.json",
			mimeType: "application/json",
			buffer: Buffer.from('{"agent":{"max_turns":77},"tts":{"provider":"openai"},"unknown":{"x":1}}'),
		});
		await page.locator("#config-dialog").waitFor({ state: "visible" });
		const diff = await page.locator("#config-diff").textContent();
		expect(diff).toContain("+  max_turns: 77");
		expect(diff).toContain("+  provider: openai");
		await page.locator("#config-dialog-confirm").click();
		await expect.poll(() => page.locator("#config-status").textContent()).toBe("Saved.");
		expect(readFileSync(path, "utf8")).toContain("max_turns: 77");
		expect(readFileSync(path, "utf8")).not.toContain("\nunknown:");
	});

	it("lists saved versions with a diff and restores one", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/config`);
		await page.getByRole("tab", { name: /^History/ }).click();
		const rows = page.locator("tr[data-history]");
		await expect.poll(() => rows.count()).toBeGreaterThan(2);
		const last = rows.last();
		await last.getByRole("button", { name: "Diff" }).click();
		await expect.poll(() => page.locator("#config-history-diff").textContent()).toMatch(/^--- current/m);
		const id = await last.getAttribute("data-history");
		const text = readFileSync(join(path + ".history", `${id}.yaml`), "utf8");
		const reloaded = page.waitForEvent("load");
		await last.getByRole("button", { name: "Restore" }).click();
		await reloaded;
		expect(readFileSync(path, "utf8")).toBe(text);
	});

	it("shows a parse error and opens the raw editor for a broken file", async () => {
		const { page } = browser;
		const broken = "agent:\n  max_turns: [60\n";
		writeFileSync(path, broken);
		await page.goto(`${server.baseURL}/config`);
		expect(await page.locator("[data-testid=config-parse-error]").textContent()).toMatch(/line \d+, column \d+/);
		await expect.poll(() => page.locator("#config-raw").inputValue()).toBe(broken);
		expect(await page.locator("#config-save").isDisabled()).toBe(true);
		await page.locator("#config-raw").fill("agent:\n  max_turns: 60\n");
		await page.locator("#config-raw-save").click();
		const reloaded = page.waitForEvent("load");
		await page.locator("#config-dialog-confirm").click();
		await reloaded;
		await expect.poll(() => readFileSync(path, "utf8")).toBe("agent:\n  max_turns: 60\n");
	});
});
