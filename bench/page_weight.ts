/**
 * @module
 * Page weight: every page of the navigation loaded in Chromium with an empty cache (a
 * new browser context per page), counting the bytes on the wire (CDP
 * `Network.loadingFinished` encodedDataLength: headers plus compressed bodies) until the
 * network is idle, against the first-visit budget. The chat page's terminal (xterm.js
 * and its addons) is listed apart: the budget allows it on top.
 *
 * Usage: node bench/page_weight.ts [theme ...]   (default: default; e.g. `midnight rose`)
 * Exit code 1 when a page is over budget.
 */
import { chromium, type Browser } from "playwright-core";
import { NAV_ITEMS } from "../src/views/nav.ts";

export const PAGE_BUDGET_BYTES = 120 * 1024;
/** Requests the chat page may add on top of the budget. */
const TERMINAL_ASSET = /\/vendor\/(?:xterm|addon-)[^/?]*/;

export interface PageWeight {
	path: string;
	bytes: number;
	/** The chat page's terminal files, not counted in `bytes`. */
	terminalBytes: number;
	requests: number;
	/** Responses sent without Content-Encoding although they are text. */
	uncompressed: string[];
	/** Bytes per URL, largest first. */
	byURL: [string, number][];
}

export const PAGE_PATHS: readonly string[] = NAV_ITEMS.map((item) => item.path);

export async function measurePage(browser: Browser, baseURL: string, path: string): Promise<PageWeight> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		const urls = new Map<string, string>();
		const weight: PageWeight = { path, bytes: 0, terminalBytes: 0, requests: 0, uncompressed: [], byURL: [] };
		const inFlight = new Set<string>();
		let settle: (() => void) | undefined;
		const finish = (id: string) => {
			inFlight.delete(id);
			if (inFlight.size === 0) settle?.();
		};
		// Streams (the logs page's SSE, the chat's WebSocket) never finish: not waited for.
		cdp.on("Network.requestWillBeSent", (event) => {
			if (event.type !== "EventSource" && event.type !== "WebSocket") inFlight.add(event.requestId);
		});
		cdp.on("Network.loadingFailed", (event) => finish(event.requestId));
		cdp.on("Network.responseReceived", (event) => {
			urls.set(event.requestId, event.response.url);
			if (event.response.mimeType === "text/event-stream") finish(event.requestId);
			const headers = Object.fromEntries(
				Object.entries(event.response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]),
			);
			const type = headers["content-type"] ?? "";
			const length = Number(headers["content-length"] ?? "2000");
			if (
				/^(text\/(?!event-stream)|application\/(json|javascript))/.test(type) &&
				headers["content-encoding"] === undefined &&
				length >= 1024
			) {
				weight.uncompressed.push(event.response.url);
			}
		});
		cdp.on("Network.loadingFinished", (event) => {
			const url = urls.get(event.requestId) ?? "";
			weight.requests++;
			weight.byURL.push([url, event.encodedDataLength]);
			if (path === "/chat" && TERMINAL_ASSET.test(url)) {
				weight.terminalBytes += event.encodedDataLength;
			} else {
				weight.bytes += event.encodedDataLength;
			}
			finish(event.requestId);
		});
		await cdp.send("Network.enable");
		await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
		await page.goto(`${baseURL}${path}`, { waitUntil: "load" });
		// After the load event, what the page fetched on load (htmx panels) must finish too.
		if (inFlight.size > 0) {
			await new Promise<void>((resolve) => {
				settle = resolve;
			});
		}
		weight.byURL.sort((a, b) => b[1] - a[1]);
		return weight;
	} finally {
		await context.close();
	}
}

export function formatWeight(weight: PageWeight): string {
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
	const verdict = weight.bytes <= PAGE_BUDGET_BYTES ? "ok" : "OVER";
	const terminal = weight.terminalBytes > 0 ? ` (+ terminal ${kb(weight.terminalBytes)})` : "";
	return `${weight.path.padEnd(12)} ${kb(weight.bytes).padStart(9)} / ${kb(PAGE_BUDGET_BYTES)}  ${verdict}  ${weight.requests} requests${terminal}`;
}

if (import.meta.main) {
	const { copyFixtureHome } = await import("../tests/helpers/app.ts");
	const { startServer } = await import("../tests/helpers/server.ts");
	const themes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["default"];
	const server = await startServer({ args: ["--home", copyFixtureHome()] });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
	});
	let over = 0;
	try {
		const token =
			/__HERMES_SESSION_TOKEN__="([^"]+)"/.exec(await (await fetch(`${server.baseURL}/`)).text())?.[1] ?? "";
		for (const theme of themes) {
			const saved = await fetch(`${server.baseURL}/api/dashboard/theme`, {
				method: "PUT",
				headers: { "content-type": "application/json", "x-hermes-session-token": token },
				body: JSON.stringify({ name: theme }),
			});
			if (!saved.ok) throw new Error(`could not select theme ${theme}: ${saved.status}`);
			console.log(`theme ${theme}`);
			for (const path of PAGE_PATHS) {
				const weight = await measurePage(browser, server.baseURL, path);
				over += weight.bytes > PAGE_BUDGET_BYTES ? 1 : 0;
				console.log(`  ${formatWeight(weight)}`);
				for (const url of weight.uncompressed) console.log(`    uncompressed: ${url}`);
				if (process.env.PAGE_WEIGHT_DETAIL) {
					for (const [url, bytes] of weight.byURL)
						console.log(`    ${(bytes / 1024).toFixed(1).padStart(7)} kB ${url}`);
				}
			}
		}
	} finally {
		await browser.close();
		await server.stop();
	}
	process.exitCode = over > 0 ? 1 : 0;
}
