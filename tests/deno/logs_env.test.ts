/**
 * `.env` writes and the live log tail under Deno: the same data layer and SSE stream
 * must work on both runtimes.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useDenoDashboard } from "../helpers/deno_server.ts";

const TOKEN = "deno-test-token-0123456789abcdefghijklmnopq";

const deno = useDenoDashboard(() => ({ HERMES_DASHBOARD_SESSION_TOKEN: TOKEN }));

const headers = { "X-Hermes-Session-Token": TOKEN, "Content-Type": "application/json" };

describe("Deno runtime: .env and logs", () => {
	it("sets and deletes a key keeping the other lines", async () => {
		const path = join(deno.home, ".env");
		const before = readFileSync(path, "utf8");
		const put = await fetch(`${deno.server.baseURL}/api/env`, {
			method: "PUT",
			headers,
			body: JSON.stringify({ key: "DENO_KEY", value: "v # 1" }),
		});
		expect(put.status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(`${before}DENO_KEY="v # 1"\n`);
		const del = await fetch(`${deno.server.baseURL}/api/env`, {
			method: "DELETE",
			headers,
			body: JSON.stringify({ key: "DENO_KEY" }),
		});
		expect(del.status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("streams an appended log line", async () => {
		const controller = new AbortController();
		const response = await fetch(`${deno.server.baseURL}/api/logs/stream`, { headers, signal: controller.signal });
		expect(response.status).toBe(200);
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		let text = "";
		while (!text.includes("event: ready")) {
			text += decoder.decode((await reader.read()).value, { stream: true });
		}
		appendFileSync(
			join(deno.home, "logs", "agent.log"),
			"2026-11-24 01:00:00,000 INFO agent.deno: from-deno-test\n",
		);
		const deadline = Date.now() + 3000;
		while (!text.includes("from-deno-test") && Date.now() < deadline) {
			text += decoder.decode((await reader.read()).value, { stream: true });
		}
		expect(text).toContain("from-deno-test");
		controller.abort();
		const logs = await (await fetch(`${deno.server.baseURL}/api/logs?lines=1`, { headers })).json();
		expect(logs.lines).toEqual(["2026-11-24 01:00:00,000 INFO agent.deno: from-deno-test\n"]);
	});

	it("refuses a FIFO (without blocking) and a symlink out of the deno.home, like Node", async () => {
		execFileSync("mkfifo", [join(deno.home, "logs", "gui.log")]);
		const outside = join(mkdtempSync(join(tmpdir(), "outside-home-")), "shadow");
		writeFileSync(outside, "outside-secret-hash\n");
		symlinkSync(outside, join(deno.home, "logs", "desktop.log"));
		const get = (path: string) =>
			fetch(`${deno.server.baseURL}${path}`, { headers, signal: AbortSignal.timeout(5000) });
		const [fifo, fifoTail, escaped, escapedTail, health] = await Promise.all([
			get("/api/logs?file=gui"),
			get("/api/logs/stream?file=gui"),
			get("/api/logs?file=desktop"),
			get("/api/logs/stream?file=desktop&from=0"),
			get("/healthz"),
		]);
		expect([fifo.status, fifoTail.status, escaped.status, escapedTail.status, health.status]).toEqual([
			400, 400, 403, 403, 200,
		]);
		expect(await fifo.json()).toEqual({ detail: "Log file gui is not a regular file" });
		expect(await escapedTail.text()).not.toContain("outside-secret-hash");
		expect(await (await get("/api/logs?file=agent&lines=1")).json()).toHaveProperty("lines");
	});
});
