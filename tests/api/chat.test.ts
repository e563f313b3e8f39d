import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML } from "../helpers/dom.ts";
import { ptyReadinessCheck } from "../../src/pty/readiness.ts";

describe("GET /chat", () => {
	it("explains that the terminal needs Node where the PTY bridge is not wired (Deno)", async () => {
		const request = testClient(makeContext());
		const response = await request("/chat", { token: false });
		expect(response.status).toBe(200);
		const page = await response.text();
		expect(page).toContain("The terminal is not available on this runtime");
		const document = parseHTML(page);
		expect($$(document, "#terminal")).toHaveLength(0);
		expect($$(document, 'a[href="/chat"]').length).toBeGreaterThan(0);
	});

	it("renders the terminal with its scripts, passing only a safe resume id", async () => {
		const request = testClient(makeContext({ terminalAvailable: true }));
		const page = parseHTML(
			await (await request("/chat?resume=20260101_120000_ab12&profile=work", { token: false })).text(),
		);
		const terminal = $(page, "#terminal");
		expect(terminal.getAttribute("data-resume")).toBe("20260101_120000_ab12");
		expect(terminal.getAttribute("data-profile")).toBe("work");
		// Assets may carry a cache-busting query; compare their paths.
		const assets = [...$$(page, "script[src]"), ...$$(page, 'link[rel="stylesheet"][href]')].map(
			(element) => (element.getAttribute("src") ?? element.getAttribute("href")!).split("?")[0],
		);
		for (const file of [
			"/vendor/xterm.js",
			"/vendor/addon-fit.js",
			"/vendor/addon-webgl.js",
			"/vendor/addon-unicode11.js",
			"/vendor/addon-web-links.js",
			"/static/js/chat.js",
			"/vendor/xterm.css",
		]) {
			expect(assets).toContain(file);
		}
		const hostile = await (await request('/chat?resume="><script>x</script>', { token: false })).text();
		expect($(parseHTML(hostile), "#terminal").getAttribute("data-resume")).toBe("");
		expect(hostile).not.toContain("<script>x");
	});

	it("serves the xterm addons from the vendor allowlist", async () => {
		const request = testClient(makeContext());
		for (const file of ["addon-webgl.js", "addon-unicode11.js", "addon-web-links.js"]) {
			const response = await request(`/vendor/${file}`, { token: false });
			expect(response.status).toBe(200);
			expect(response.headers.get("content-type")).toContain("javascript");
		}
	});
});

describe("/readyz PTY self-check", () => {
	it("is ready when a PTY child spawns and exits 0", async () => {
		const context = makeContext();
		context.readinessChecks.push(ptyReadinessCheck());
		const response = await testClient(context)("/readyz", { token: false });
		expect(response.status).toBe(200);
		expect((await response.json()).checks.pty).toEqual({ ok: true });
	});

	it("is not ready when the PTY child cannot start", async () => {
		const context = makeContext();
		context.readinessChecks.push(ptyReadinessCheck("/nonexistent/sh"));
		const response = await testClient(context)("/readyz", { token: false });
		expect(response.status).toBe(503);
		const body = await response.json();
		expect(body.status).toBe("not_ready");
		expect(body.checks.pty.ok).toBe(false);
	});
});
