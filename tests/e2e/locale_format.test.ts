/**
 * Dates and numbers in real Chromium, once as a Chinese reader in Shanghai and once as an
 * English reader in New York: the server picks the language from Accept-Language, and
 * app.js re-writes each <time data-format> in the reader's own zone. Sessions, Analytics,
 * Cron and Files are read back (Files builds its rows in the browser from JSON).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { CHROMIUM_PATH } from "../helpers/browser.ts";

let server: RunningServer;
let home: string;

beforeAll(async () => {
	home = copyFixtureHome();
	server = await startServer({ args: ["--home", home], env: { HERMES_DASHBOARD_FILES_ROOT: home } });
});

afterAll(async () => {
	await server?.stop();
});

interface Reader {
	context: BrowserContext;
	page: Page;
	errors: string[];
	close: () => Promise<void>;
}

/** Chromium with a given UI language (sent as Accept-Language) and time zone. */
async function openReader(locale: string, timezoneId: string): Promise<Reader> {
	const profile = mkdtempSync(join(tmpdir(), "hermes-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
		locale,
		timezoneId,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
	page.on("console", (message) => {
		if (message.type() === "error") errors.push(`console: ${message.text()}`);
	});
	return {
		context,
		page,
		errors,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** What a reader in `timeZone` should see for an instant: the datetime kind of src/views/format.ts. */
function localDateTime(locale: string, timeZone: string, ms: number): string {
	return new Intl.DateTimeFormat(locale, {
		year: "numeric",
		month: "short",
		day: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		hourCycle: "h23",
		timeZoneName: "short",
		timeZone,
	}).format(ms);
}

const READERS = [
	{
		name: "Chinese, Shanghai",
		locale: "zh-CN",
		zone: "Asia/Shanghai",
		html: "zh",
		active: "5小时前",
		day: "2026年11月23日",
		tokens: "36.3万",
		cost: "US$2.05",
		tipInput: "输入22,796",
		cronNext: "2026年11月24日 GMT+8 08:05",
		cronIn: "(46分钟后)",
		bytes: /^\d+字节$|^\d+(\.\d)? kB$/,
	},
	{
		name: "English, New York",
		locale: "en-US",
		zone: "America/New_York",
		html: "en",
		active: "5 hours ago",
		day: "Nov 23, 2026",
		tokens: "363K",
		cost: "$2.05",
		tipInput: "Input22,796",
		cronNext: "Nov 23, 2026, 19:05 EST",
		cronIn: "(in 46 minutes)",
		bytes: /^\d+ bytes$|^\d+(\.\d)? kB$/,
	},
] as const;

describe.each(READERS)("dates and numbers in Chromium ($name)", (reader) => {
	let browser: Reader;
	beforeAll(async () => {
		browser = await openReader(reader.locale, reader.zone);
	});
	afterAll(async () => {
		await browser?.close();
	});

	it("Sessions: relative last-active time and message times in the reader's zone", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		expect(await page.getAttribute("html", "lang")).toBe(reader.html);
		expect((await page.getByTestId("session-active").first().textContent())?.trim()).toBe(reader.active);
		const row = page.getByTestId("session-row").first();
		await row.locator("[data-action=expand]").click();
		const stamp = row.locator(".msg-head time[data-format=datetime]").first();
		await stamp.waitFor();
		const instant = Date.parse((await stamp.getAttribute("datetime")) ?? "");
		await expect.poll(() => stamp.textContent()).toBe(localDateTime(reader.locale, reader.zone, instant));
	});

	it("Analytics: day, compact total, cost, and the hover tooltip's counts", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/analytics?days=30`);
		expect(await page.getByTestId("daily-day").first().textContent()).toBe(reader.day);
		expect(await page.getByTestId("total-tokens").textContent()).toBe(reader.tokens);
		expect(await page.getByTestId("total-cost").textContent()).toBe(reader.cost);
		const bar = page.locator('#usage-chart .bar[data-day="2026-11-23"]');
		await bar.focus();
		const tip = page.locator("#chart-tooltip");
		await tip.waitFor({ state: "visible" });
		expect(await tip.locator(".tip-day").textContent()).toBe(reader.day);
		expect(await tip.textContent()).toContain(reader.tipInput);
	});

	it("Cron: the next run re-written in the reader's zone, the relative time from the server", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/cron`);
		const next = page.locator("time[data-testid=cron-next]");
		await expect.poll(() => next.allTextContents()).toContain(reader.cronNext);
		const cards = await page.getByTestId("cron-job").allTextContents();
		expect(cards.some((text) => text.includes(reader.cronIn))).toBe(true);
	});

	it("Files: sizes and modification times formatted in the browser", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/files`);
		await page.waitForSelector("[data-testid=files-page][data-ready]");
		const soul = page.locator('[data-testid=files-entry][data-name="SOUL.md"]');
		expect(await soul.getByTestId("files-size").textContent()).toMatch(reader.bytes);
		const mtime = statSync(join(home, "SOUL.md")).mtimeMs;
		expect(await soul.getByTestId("files-mtime").textContent()).toBe(
			localDateTime(reader.locale, reader.zone, Math.floor(mtime / 1000) * 1000),
		);
		expect(browser.errors).toEqual([]);
	});
});
