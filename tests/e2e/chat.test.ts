import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type Browser } from "../helpers/browser.ts";
import { DENO_COMMAND, startServer, type RunningServer } from "../helpers/server.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import { FAKE_TUI } from "../helpers/pty_client.ts";

describe("/chat in Chromium", () => {
	let server: RunningServer;
	let browser: Browser;
	beforeAll(async () => {
		server = await startServer({
			args: ["--home", copyFixtureHome()],
			env: { HERMES_DASHBOARD_TUI_COMMAND: `${process.execPath} ${FAKE_TUI}` },
		});
		browser = await openBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** The visible xterm buffer as text, read like the test-notes suggest. */
	async function screen(): Promise<string> {
		return browser.page.evaluate(() => {
			const term = (
				window as unknown as {
					term: {
						buffer: {
							active: {
								length: number;
								getLine(i: number): { translateToString(trim: boolean): string } | undefined;
							};
						};
					};
				}
			).term;
			const lines: string[] = [];
			for (let i = 0; i < term.buffer.active.length; i++) {
				lines.push(term.buffer.active.getLine(i)?.translateToString(true) ?? "");
			}
			return lines.join("\n");
		});
	}

	async function waitForScreen(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let text = "";
		while (Date.now() < deadline) {
			text = await screen();
			if (pattern.test(text)) {
				return text;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error(`screen never matched ${pattern}:\n${text}`);
	}

	const termSize = (): Promise<{ cols: number; rows: number }> =>
		browser.page.evaluate(() => {
			const term = (window as unknown as { term: { cols: number; rows: number } }).term;
			return { cols: term.cols, rows: term.rows };
		});

	it("types into the terminal, reads the echo back, and follows window resizes", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/chat`);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
		);
		expect(await page.locator("#chat-status").textContent()).toBe("Connected");
		await waitForScreen(/FAKE_TUI ready/);
		await waitForScreen(/unicode: ✓ 你好 🚀/);
		await page.locator(".xterm").click();
		await page.keyboard.type("hello-browser");
		await page.keyboard.press("Enter");
		await waitForScreen(/LINE hello-browser/);
		// The PTY got the fitted size on the first paint.
		const first = await termSize();
		await page.keyboard.type("size");
		await page.keyboard.press("Enter");
		await waitForScreen(new RegExp(`SIZE ${first.cols}x${first.rows}`));
		await page.setViewportSize({ width: 900, height: 560 });
		await page.waitForFunction(
			(cols) => (window as unknown as { term: { cols: number } }).term.cols < cols,
			first.cols,
		);
		const second = await termSize();
		await waitForScreen(new RegExp(`RESIZED ${second.cols}x${second.rows}`));
		await page.keyboard.type("size");
		await page.keyboard.press("Enter");
		await waitForScreen(new RegExp(`SIZE ${second.cols}x${second.rows}`));
		expect(second.cols).toBeLessThan(first.cols);
		const renderer = await page.evaluate(
			() => (window as unknown as { hermesChat: { renderer: string } }).hermesChat.renderer,
		);
		expect(["webgl", "dom"]).toContain(renderer);
	});

	it("a pasted flow-control sequence reaches the TUI as text and pauses nothing", async () => {
		const { page } = browser;
		await page.locator(".xterm").click();
		await page.evaluate(() =>
			(window as unknown as { term: { paste(text: string): void } }).term.paste("\x1b[FLOW:PAUSE]"),
		);
		await page.keyboard.type("pasted");
		await page.keyboard.press("Enter");
		// The TUI echoes ESC[F (a cursor move) and then the rest of the line.
		await waitForScreen(/LOW:PAUSE\]pasted/);
		await page.keyboard.type("after-paste");
		await page.keyboard.press("Enter");
		await waitForScreen(/LINE after-paste/);
	});

	it("re-attaches after a reload with the same key and replays the output", async () => {
		const { page } = browser;
		const key = await page.evaluate(() => localStorage.getItem("hermes.pty.token.chat"));
		await page.reload();
		await page.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
		);
		await waitForScreen(/LINE hello-browser/);
		expect(await page.evaluate(() => localStorage.getItem("hermes.pty.token.chat"))).toBe(key);
	});

	it("shows 'session ended' with a restart control that starts a fresh session", async () => {
		const { page } = browser;
		await page.locator(".xterm").click();
		await page.keyboard.type("exit");
		await page.keyboard.press("Enter");
		await page.waitForFunction(
			() => (window as unknown as { hermesChat: { state: string } }).hermesChat.state === "ended",
		);
		expect(await page.locator("#chat-status").textContent()).toBe("Session ended");
		await page.locator("#chat-restart").click();
		await page.waitForFunction(
			() => (window as unknown as { hermesChat: { state: string } }).hermesChat.state === "connected",
		);
		const text = await waitForScreen(/FAKE_TUI ready/);
		expect(text).not.toContain("LINE hello-browser");
		expect(await page.locator("#chat-restart").isHidden()).toBe(true);
		await page.locator("#chat-screen-reader").check();
		expect(
			await page.evaluate(
				() =>
					(window as unknown as { term: { options: { screenReaderMode: boolean } } }).term.options
						.screenReaderMode,
			),
		).toBe(true);
		expect(browser.errors.filter((error) => !error.includes("favicon"))).toEqual([]);
	});

	it("passes /chat?resume=<id> to the TUI", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/chat?resume=20260101_120000_abcd`);
		await waitForScreen(/resume=20260101_120000_abcd/);
		expect(new URL(page.url()).search).toBe("");
	});

	it("reconnects after the connection drops, with the same key and no lost output", async () => {
		const { page } = browser;
		type Route = { close(options?: { code?: number; reason?: string }): Promise<void> };
		const routes: Array<{ page: Route; server: Route }> = [];
		await page.routeWebSocket(/\/api\/pty/, (ws) => {
			routes.push({ page: ws, server: ws.connectToServer() });
		});
		await page.goto(`${server.baseURL}/chat`);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
		);
		const key = await page.evaluate(() => localStorage.getItem("hermes.pty.token.chat"));
		await waitForScreen(/FAKE_TUI ready/);
		await page.locator(".xterm").click();
		await page.keyboard.type("later after-drop");
		await page.keyboard.press("Enter");
		await waitForScreen(/later after-drop/);
		// The network drops: the page sees 1001, the server a closed socket.
		const dropped = routes[0]!;
		await dropped.server.close();
		await dropped.page.close({ code: 1001, reason: "going away" });
		await page.waitForFunction(
			() => (window as unknown as { hermesChat: { state: string } }).hermesChat.state !== "connected",
		);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat: { state: string } }).hermesChat.state === "connected",
			undefined,
			{ timeout: 10_000 },
		);
		expect(routes.length).toBeGreaterThanOrEqual(2);
		const text = await waitForScreen(/LATER after-drop/);
		expect(text).toContain("FAKE_TUI ready");
		expect(await page.evaluate(() => localStorage.getItem("hermes.pty.token.chat"))).toBe(key);
	});

	it("a second tab with the same key takes over; the first stops quietly (4409)", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/chat`);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
		);
		const second = await browser.context.newPage();
		await second.goto(`${server.baseURL}/chat`);
		await second.waitForFunction(
			() => (window as unknown as { hermesChat?: { state: string } }).hermesChat?.state === "connected",
		);
		await page.waitForFunction(
			() => (window as unknown as { hermesChat: { state: string } }).hermesChat.state === "superseded",
		);
		expect(await page.locator("#chat-status").textContent()).toBe("Opened in another tab");
		await second.close();
	});
});

describe("/chat on Deno", () => {
	it("explains in the browser that the terminal needs the Node server", async () => {
		const server = await startServer({
			command: DENO_COMMAND,
			args: ["--home", copyFixtureHome()],
			timeoutMs: 60_000,
		});
		const browser = await openBrowser();
		try {
			await browser.page.goto(`${server.baseURL}/chat`);
			expect(await browser.page.getByTestId("chat-unavailable").textContent()).toContain(
				"The terminal is not available on this runtime",
			);
			expect(await browser.page.locator("#terminal").count()).toBe(0);
			await browser.page.getByRole("link", { name: "Chat" }).click();
			expect(new URL(browser.page.url()).pathname).toBe("/chat");
		} finally {
			await browser.close();
			await server.stop();
		}
	}, 90_000);
});
