/**
 * The Files page in real Chromium, served by the real CLI with a copy of the fixture home
 * as the locked files root: browse, make a folder, upload (with progress), preview text and
 * an image, download, delete after confirming (and not after cancelling), go up. Every
 * step is checked on disk too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let home: string;

/** A 1×1 PNG. */
const PNG = Buffer.from(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
	"base64",
);

beforeAll(async () => {
	home = copyFixtureHome();
	server = await startServer({ args: ["--home", home], env: { HERMES_DASHBOARD_FILES_ROOT: home } });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function row(name: string) {
	return browser.page.locator(`[data-testid=files-entry][data-name="${name}"]`);
}

describe("Files page in Chromium", () => {
	it("browses, makes a folder, uploads, previews, downloads, deletes", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/files`);
		await page.waitForSelector("[data-testid=files-page][data-ready]");
		expect(await page.locator("nav a[aria-current=page]").textContent()).toContain("Files");
		expect(await page.getAttribute("[data-testid=files-page]", "data-path")).toBe(home);
		expect(await row("logs").getAttribute("data-kind")).toBe("directory");
		expect(await row("SOUL.md").count()).toBe(1);
		expect(await row(".env").count()).toBe(0);
		expect(await row("config.yaml").count()).toBe(0);
		expect(await page.locator("[data-testid=files-locked]").textContent()).toContain(home);

		// New folder, then into it.
		await page.fill("[data-testid=files-mkdir-name]", "e2e-folder");
		await page.click("[data-testid=files-mkdir] button[type=submit]");
		await row("e2e-folder").waitFor();
		expect(statSync(join(home, "e2e-folder")).isDirectory()).toBe(true);
		await row("e2e-folder").locator("[data-testid=files-open]").click();
		await page.waitForSelector(`[data-testid=files-page][data-path="${join(home, "e2e-folder")}"]`);
		expect(await page.locator(".files-empty").count()).toBe(1);

		// Upload a text file and an image.
		await page.setInputFiles("[data-testid=files-upload]", [
			{ name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from("Hello from Chromium\n") },
			{ name: "dot.png", mimeType: "image/png", buffer: PNG },
		]);
		await row("hello.txt").waitFor();
		await row("dot.png").waitFor();
		expect(await page.getAttribute("[data-testid=files-page]", "data-upload-progress")).toBe("100");
		expect(readFileSync(join(home, "e2e-folder", "hello.txt"), "utf8")).toBe("Hello from Chromium\n");
		expect(readFileSync(join(home, "e2e-folder", "dot.png"))).toEqual(PNG);

		// Preview the text, then the image.
		await row("hello.txt").locator("[data-testid=files-open]").click();
		const previewText = page.locator("[data-testid=files-preview-text]");
		await previewText.waitFor({ state: "visible" });
		expect(await previewText.textContent()).toBe("Hello from Chromium\n");
		await page.click("[data-action=close-preview]");
		await row("dot.png").locator("[data-testid=files-open]").click();
		const image = page.locator("[data-testid=files-preview-image]");
		await image.waitFor({ state: "visible" });
		await expect.poll(() => image.evaluate((node: HTMLImageElement) => node.naturalWidth)).toBe(1);
		await page.click("[data-action=close-preview]");

		// Download.
		const [download] = await Promise.all([
			page.waitForEvent("download"),
			row("hello.txt").locator("[data-testid=files-download]").click(),
		]);
		expect(download.suggestedFilename()).toBe("hello.txt");
		expect(readFileSync((await download.path()) as string, "utf8")).toBe("Hello from Chromium\n");

		// Delete: cancel keeps the file, confirm removes it.
		await row("hello.txt").locator("[data-testid=files-delete]").click();
		await page.locator("[data-testid=files-confirm]").waitFor({ state: "visible" });
		expect(await page.locator("[data-testid=files-confirm-path]").textContent()).toBe(
			join(home, "e2e-folder", "hello.txt"),
		);
		await page.click("[data-testid=files-confirm-cancel]");
		expect(existsSync(join(home, "e2e-folder", "hello.txt"))).toBe(true);
		await row("hello.txt").locator("[data-testid=files-delete]").click();
		await page.click("[data-testid=files-confirm-delete]");
		await row("hello.txt").waitFor({ state: "detached" });
		expect(existsSync(join(home, "e2e-folder", "hello.txt"))).toBe(false);

		// Up to the root again; the folder goes with a recursive delete.
		await page.click("[data-testid=files-up]");
		await page.waitForSelector(`[data-testid=files-page][data-path="${home}"]`);
		await row("e2e-folder").locator("[data-testid=files-delete]").click();
		await page.click("[data-testid=files-confirm-delete]");
		await row("e2e-folder").waitFor({ state: "detached" });
		expect(existsSync(join(home, "e2e-folder"))).toBe(false);

		// An error shows as Hermes's text.
		await page.fill("[data-testid=files-path]", "../outside");
		await page.click("[data-testid=files-pathbar] button[type=submit]");
		await expect
			.poll(() => page.locator("[data-testid=files-message]").textContent())
			.toBe("Path cannot contain '..'");

		expect(browser.errors.filter((error) => !error.includes("400"))).toEqual([]);
	}, 60_000);

	it("the API reference page lists the Files routes", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/api-docs`);
		await page.locator('[data-testid=api-op][data-path="/api/files/upload-stream"]').waitFor();
		await page.locator('[data-testid=api-op][data-path="/api/files/mkdir"] summary').click();
		expect(
			await page.locator('[data-testid=api-op][data-path="/api/files/mkdir"] .api-schema').textContent(),
		).toContain('"path"');
	});
});
