/**
 * The Skills page in real Chromium against the real server, with a stand-in `hermes`
 * on the server's PATH: toggling a skill changes config.yaml, the detail view renders
 * SKILL.md and saves an edit, a toolset toggle lands in platform_toolsets.cli, and a
 * hub install shows its log live and its exit code.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_HOME } from "../helpers/app.ts";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { fakeHermes } from "../helpers/fake_hermes.ts";

const fake = fakeHermes({ FAKE_HERMES_LINES: "4", FAKE_HERMES_APPLY: "1" });
const dash = useDashboardInBrowser({ env: fake.env });

const config = () => readFileSync(join(dash.home, "config.yaml"), "utf8");

describe("Skills page in Chromium", () => {
	it("toggling a skill writes skills.disabled; filter and pills narrow the list", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/skills`);
		expect(await page.locator("[data-testid=skill-row]").count()).toBe(4);
		const row = page.locator("[data-testid=skill-row][data-name=log-triage]");
		await row.locator("input.skill-enabled").uncheck();
		await page.waitForSelector("[data-testid=skill-row][data-name=log-triage][data-state=saved]");
		expect(config()).toContain("  disabled:\n    - deploy-checklist\n    - log-triage\n");
		await row.locator("input.skill-enabled").check();
		await page.waitForSelector("[data-testid=skill-row][data-name=log-triage][data-state=saved]");
		expect(config()).toBe(readFileSync(join(FIXTURE_HOME, "config.yaml"), "utf8"));

		await page.locator("#skills-pills .pill[data-category=writing]").click();
		expect(await page.locator("[data-testid=skill-row]:visible").count()).toBe(2);
		await page.locator("#skills-filter").fill("release");
		const visible = await page
			.locator("[data-testid=skill-row]:visible")
			.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-name")));
		expect(visible).toEqual(["release-notes"]);
		await page.locator("#skills-filter").fill("");
		await page.locator("#skills-pills .pill[data-category='*']").click();
		expect(dash.browser.errors).toEqual([]);
	});

	it("the detail view renders SKILL.md and saves an edit", async () => {
		const { page } = dash.browser;
		await page.locator(".skill-open[data-name=log-triage]").click();
		await page.waitForSelector("#skill-detail:not([hidden]) .skill-markdown h1");
		expect(await page.locator("#skill-detail .skill-markdown h1").textContent()).toBe("Log triage");
		await page.locator("#skill-detail .skill-edit").click();
		const text = await page.locator("#skill-detail textarea").inputValue();
		await page.locator("#skill-detail textarea").fill(text.replace("# Log triage", "# Log triage, edited"));
		await page.locator("#skill-detail .skill-editor button[type=submit]").click();
		await page.waitForFunction(
			() => document.querySelector("#skill-detail h1")?.textContent === "Log triage, edited",
		);
		expect(readFileSync(join(dash.home, "skills", "devops", "log-triage", "SKILL.md"), "utf8")).toContain(
			"# Log triage, edited",
		);
	});

	it("a toolset toggle lands in platform_toolsets.cli", async () => {
		const { page } = dash.browser;
		await page.locator("#skills-tabs .tab[data-tab=toolsets]").click();
		const row = page.locator("[data-testid=toolset-row][data-name=web]");
		expect(await row.locator("[data-testid=toolset-requires]").textContent()).toContain("EXA_API_KEY");
		expect(
			await page.locator("[data-testid=toolset-row][data-name=terminal] [data-testid=toolset-requires]").count(),
		).toBe(0);
		await row.locator("input.toolset-enabled").uncheck();
		await page.waitForSelector("[data-testid=toolset-row][data-name=web][data-state=saved]");
		expect(config()).toMatch(/platform_toolsets:\n\s+cli:\n(\s+- [a-z_]+\n)+/);
		expect(config()).not.toMatch(/cli:\n(\s+- [a-z_]+\n)*\s+- web\n/);
	});

	it("hub: search shows trust badges; install streams its log live and its exit code", async () => {
		const { page } = dash.browser;
		await page.locator("#skills-tabs .tab[data-tab=hub]").click();
		await page.locator("#hub-search input[name=q]").fill("pdf");
		await page.locator("#hub-search button[type=submit]").click();
		await page.waitForSelector("[data-testid=hub-result]");
		expect(await page.locator("[data-testid=hub-result] .trust").allTextContents()).toEqual(["builtin", "trusted"]);
		await page.locator("[data-testid=hub-result][data-identifier='sh/other'] .hub-preview").click();
		await page.waitForSelector("[data-identifier='sh/other'] .hub-preview-text[data-state=loaded]");
		expect(await page.locator("[data-identifier='sh/other'] .hub-preview-text").textContent()).toContain(
			"Identifier: sh/other",
		);
		await page.locator("[data-testid=hub-result][data-identifier='acme/skills/pdf-tool'] .hub-install").click();
		// The stand-in waits for the release file: these lines can only have arrived live.
		await page.waitForFunction(() =>
			(document.querySelector("#hub-log")?.textContent ?? "").includes("step 4 of skills install"),
		);
		expect(await page.locator("#hub-log").getAttribute("data-state")).toBe("running");
		writeFileSync(fake.release, "");
		await page.waitForSelector("#hub-log[data-state=exited]");
		const log = (await page.locator("#hub-log").textContent()) ?? "";
		expect(log).toMatch(/=== skills-install-acme-skills-pdf-tool-[0-9a-f]{8} started/);
		expect(log.indexOf("step 1")).toBeLessThan(log.indexOf("step 4"));
		expect(log.trim().endsWith("done")).toBe(true);
		expect(await page.locator("#hub-log-status").textContent()).toContain("0");
		expect(dash.browser.errors).toEqual([]);
	});

	it("the installed list refreshes after the install; uninstall from it removes the skill", async () => {
		const { page } = dash.browser;
		await page.waitForSelector("#skill-list[data-refreshed]", { state: "attached" });
		await page.locator("#skills-tabs .tab[data-tab=installed]").click();
		const row = page.locator("[data-testid=skill-row][data-name=pdf-tool]");
		expect(await row.locator(".provenance").textContent()).toBe("hub");
		await row.locator(".hub-uninstall").click();
		await page.waitForSelector("#hub-log[data-state=exited]");
		expect(await page.locator("#hub-log").textContent()).toContain("step 1 of skills uninstall");
		await page.waitForSelector("#skill-list[data-refreshed='2']", { state: "attached" });
		expect(await page.locator("[data-testid=skill-row][data-name=pdf-tool]").count()).toBe(0);
		expect(existsSync(join(dash.home, "skills", "hub", "pdf-tool"))).toBe(false);
	});
});
