/**
 * Browser helpers: Debian's Chromium driven by playwright-core (never a downloaded
 * browser). Each call gets a fresh profile directory.
 */
import { afterAll, beforeAll } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { copyFixtureHome } from "./app.ts";
import { startServer, type RunningServer } from "./server.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
];

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Console errors and page errors seen so far. */
	errors: string[];
	close: () => Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
	const profile = mkdtempSync(join(tmpdir(), "hermes-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: FLAGS,
		viewport: { width: 1280, height: 800 },
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
	page.on("console", (message) => {
		if (message.type() === "error") {
			errors.push(`console: ${message.text()}`);
		}
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

export interface DashboardInBrowser {
	server: RunningServer;
	browser: Browser;
	/** The copy of the fixture home the server serves. */
	home: string;
}

export interface DashboardOptions {
	/** Extra environment for the server (e.g. a stand-in `hermes` on PATH). */
	env?: Record<string, string>;
	/** Runs on the fresh home before the server starts. */
	prepareHome?: (home: string) => void;
}

/**
 * Registers beforeAll/afterAll hooks that serve a fresh copy of the fixture home with
 * the real CLI and open Chromium; the returned object is filled in before the tests run.
 */
export function useDashboardInBrowser(options: DashboardOptions = {}): DashboardInBrowser {
	const harness = {} as DashboardInBrowser;
	beforeAll(async () => {
		harness.home = copyFixtureHome();
		options.prepareHome?.(harness.home);
		harness.server = await startServer({ args: ["--home", harness.home], env: options.env });
		harness.browser = await openBrowser();
	});
	afterAll(async () => {
		await harness.browser?.close();
		await harness.server?.stop();
	});
	return harness;
}
