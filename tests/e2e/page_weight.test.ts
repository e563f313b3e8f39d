/**
 * First-visit page weight in Chromium (empty cache, bytes on the wire): every page of
 * the navigation within the 120 kB budget, in the default theme and in the heaviest
 * font theme; every text response compressed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { copyFixtureHome, TEST_TOKEN } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { CHROMIUM_PATH } from "../helpers/browser.ts";
import { formatWeight, measurePage, PAGE_BUDGET_BYTES, PAGE_PATHS } from "../../bench/page_weight.ts";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer({
		args: ["--home", copyFixtureHome()],
		env: { HERMES_DASHBOARD_SESSION_TOKEN: TEST_TOKEN },
	});
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function selectTheme(name: string): Promise<void> {
	const response = await fetch(`${server.baseURL}/api/dashboard/theme`, {
		method: "PUT",
		headers: { "content-type": "application/json", "x-hermes-session-token": TEST_TOKEN },
		body: JSON.stringify({ name }),
	});
	expect(response.status).toBe(200);
}

// midnight: Inter is the largest of the bundled regular faces.
for (const theme of ["default", "midnight"]) {
	describe(`first visit, ${theme} theme`, () => {
		beforeAll(() => selectTheme(theme));

		for (const path of PAGE_PATHS) {
			it(`${path} stays within ${PAGE_BUDGET_BYTES / 1024} kB, everything compressed`, async () => {
				const weight = await measurePage(browser, server.baseURL, path);
				expect(weight.requests).toBeGreaterThan(3);
				expect(weight.uncompressed).toEqual([]);
				expect(weight.bytes, formatWeight(weight)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
			});
		}
	});
}
