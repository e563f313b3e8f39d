import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashHome } from "../helpers/home_hash.ts";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { fakeHermes } from "../helpers/fake_hermes.ts";
import { gitInstallBehind } from "../helpers/hermes_install.ts";

const fake = fakeHermes({ FAKE_HERMES_LINES: "3", FAKE_HERMES_EXIT: "2", HERMES_AGENT_DIR: gitInstallBehind(2) });
const dash = useDashboardInBrowser({ env: fake.env });

describe("System operations in Chromium", () => {
	it("runs doctor and shows its log live, then its exit code", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		await page.locator("[data-testid=op-doctor]").click();
		const log = page.locator("[data-testid=operations-log]");
		// The stand-in waits for the release file after its lines: they must show before it exits.
		await page.waitForSelector("[data-testid=operations-log][data-state=running]");
		await expect.poll(() => log.textContent()).toContain("step 3 of doctor");
		expect(await log.getAttribute("data-state")).toBe("running");
		writeFileSync(fake.release, "");
		await page.waitForSelector("[data-testid=operations-log][data-state=exited]");
		expect(await log.getAttribute("data-exit-code")).toBe("2");
		expect(await log.textContent()).toMatch(/=== doctor started .* ===\n[\s\S]*done\n$/);
		expect(readFileSync(fake.argvLog, "utf8")).toContain("doctor\n");
		expect(dash.browser.errors).toEqual([]);
	});

	it("a gateway restart asks first and its log shows in the operations panel", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		page.once("dialog", (dialog) => void dialog.accept());
		await page.locator("[data-testid=sys-gateway] button[data-call='POST /api/gateway/restart']").click();
		const log = page.locator("[data-testid=operations-log][data-action=gateway-restart]");
		await expect.poll(() => log.textContent()).toContain("step 3 of gateway restart");
		// The release file from the first test is still there: the run ends by itself.
		await page.waitForSelector("[data-testid=operations-log][data-action=gateway-restart][data-state=exited]");
		expect(await log.getAttribute("data-exit-code")).toBe("2");
		expect(readFileSync(fake.argvLog, "utf8")).toContain("gateway restart\n");
	});

	it("Update asks first, naming the commits it will pull; declining runs nothing", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		let asked = "";
		page.once("dialog", (dialog) => {
			asked = dialog.message();
			void dialog.dismiss();
		});
		await page.locator("[data-testid=op-update]").click();
		await expect.poll(() => asked).toContain("Pull 2 new commits");
		expect(readFileSync(fake.argvLog, "utf8")).not.toMatch(/^update$/m);
	});

	it("creates a backup, lists it and downloads it byte for byte", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		await page.locator("[data-testid=backup-create]").click();
		await page.waitForSelector("[data-testid=backups-log][data-state=exited]");
		expect(await page.locator("[data-testid=backups-log]").getAttribute("data-exit-code")).toBe("0");
		await page.waitForSelector("[data-testid=backup-row]");
		const [archive] = readdirSync(join(dash.home, "backups")).filter((name) => name.endsWith(".zip"));
		expect(await page.locator("[data-testid=backup-row]").getAttribute("data-name")).toBe(archive);
		const [download] = await Promise.all([
			page.waitForEvent("download"),
			page.locator("[data-testid=backup-download]").click(),
		]);
		expect(download.suggestedFilename()).toBe(archive);
		expect(readFileSync(await download.path())).toEqual(readFileSync(join(dash.home, "backups", archive!)));
		expect(dash.browser.errors).toEqual([]);
	});

	it("a restore asks first; declining writes nothing", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector("[data-testid=backup-row]");
		const before = hashHome(dash.home, ["logs"]);
		let asked = "";
		page.once("dialog", (dialog) => {
			asked = dialog.message();
			void dialog.dismiss();
		});
		await page.locator("[data-testid=backup-restore]").click();
		await expect.poll(() => asked).toContain("Restore this backup?");
		expect(await page.locator("[data-testid=backups-log-panel]").isHidden()).toBe(true);
		expect(hashHome(dash.home, ["logs"])).toBe(before);
	});
});
