import { describe, expect, it } from "vitest";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";
import { activeLogStreams } from "../../src/routes/logs.ts";

describe("GET /api/logs", () => {
	it("defaults to the last 100 lines of agent.log, each keeping its newline", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await request("/api/logs");
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.file).toBe("agent");
		const all = readFileSync(join(context.home, "logs", "agent.log"), "utf8").split(/(?<=\n)/);
		expect(body.lines).toEqual(all.slice(-100));
		expect(Number(response.headers.get("x-hermes-log-offset"))).toBe(Buffer.byteLength(all.join("")));
	});

	it("caps lines at 500 and validates the query", async () => {
		const request = testClient(makeContext());
		expect((await (await request("/api/logs?lines=100000")).json()).lines).toHaveLength(500);
		expect((await (await request("/api/logs?lines=7&file=gateway")).json()).lines).toHaveLength(7);
		const badLines = await request("/api/logs?lines=abc");
		expect(badLines.status).toBe(422);
		expect((await badLines.json()).detail[0].loc).toEqual(["query", "lines"]);
		const unknown = await request("/api/logs?file=secrets");
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({ detail: "Unknown log file: secrets" });
		const component = await request("/api/logs?component=nope");
		expect(component.status).toBe(400);
		expect((await component.json()).detail).toBe(
			"Unknown component: nope. Available: gateway, agent, tools, cli, cron, gui",
		);
		expect((await request("/api/logs", { token: false })).status).toBe(401);
	});

	it("redacts secret-looking text on the way out", async () => {
		const context = makeContext();
		appendFileSync(
			join(context.home, "logs", "mcp-stderr.log"),
			"server said api_key=sk-live-abcdefghijklmnop1234\n",
		);
		const body = await (await testClient(context)("/api/logs?file=mcp")).json();
		expect(body.lines).toHaveLength(1);
		expect(body.lines[0]).not.toContain("abcdefghijklmnop");
		expect(body.lines[0]).toMatch(/^server said api_key=\S+\n$/);
	});

	it("answers an empty list for a missing file", async () => {
		const request = testClient(makeContext());
		expect(await (await request("/api/logs?file=gui")).json()).toEqual({ file: "gui", lines: [] });
	});

	it("filters by level, component and search", async () => {
		const request = testClient(makeContext());
		const errors = (await (await request("/api/logs?file=errors&level=ERROR&lines=500")).json()).lines as string[];
		expect(errors.length).toBeGreaterThan(0);
		for (const line of errors) {
			expect(line).not.toMatch(/^\d{4}-\d\d-\d\d \S+ (INFO|DEBUG|WARNING) /);
		}
		expect(errors.some((line) => line.startsWith("Traceback"))).toBe(true);
		const cron = (await (await request("/api/logs?file=errors&component=cron&lines=500")).json()).lines as string[];
		expect(cron.length).toBeGreaterThan(0);
		expect(cron.filter((line) => /^\d{4}-/.test(line)).every((line) => / cron\./.test(line))).toBe(true);
		const search = (await (await request("/api/logs?file=errors&search=RESTIC")).json()).lines as string[];
		expect(search.length).toBeGreaterThan(0);
		expect(search.every((line) => line.toLowerCase().includes("restic"))).toBe(true);
	});
});

async function readEvents(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	until: (text: string) => boolean,
	timeoutMs: number,
): Promise<string> {
	const decoder = new TextDecoder();
	let text = "";
	const deadline = Date.now() + timeoutMs;
	while (!until(text)) {
		const left = deadline - Date.now();
		if (left <= 0) {
			throw new Error(`timed out; got ${text}`);
		}
		const chunk = await Promise.race([
			reader.read(),
			new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
		]);
		if (chunk === null || chunk.done) {
			continue;
		}
		text += decoder.decode(chunk.value, { stream: true });
	}
	return text;
}

describe("GET /api/logs/stream (SSE)", () => {
	it("pushes appended lines quickly, applies filters, and cleans up when the client goes away", async () => {
		const context = makeContext();
		const path = join(context.home, "logs", "agent.log");
		const request = testClient(context);
		const before = activeLogStreams();
		const response = await request("/api/logs/stream?level=WARNING");
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toContain("text/event-stream");
		const reader = response.body!.getReader();
		await readEvents(reader, (text) => text.includes("event: ready"), 2000);
		expect(activeLogStreams()).toBe(before + 1);
		const started = Date.now();
		appendFileSync(
			path,
			"2026-11-24 01:00:00,000 INFO agent.x: quiet\n2026-11-24 01:00:00,001 WARNING agent.x: loud-line\n",
		);
		const text = await readEvents(reader, (t) => t.includes("loud-line"), 2000);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(text).not.toContain("quiet");
		const event = /event: lines\ndata: (.*)\n/.exec(text)!;
		const payload = JSON.parse(event[1]!);
		expect(payload.lines).toEqual(["2026-11-24 01:00:00,001 WARNING agent.x: loud-line\n"]);
		expect(payload.offset).toBe(readFileSync(path).byteLength);
		await reader.cancel();
		const deadline = Date.now() + 2000;
		while (activeLogStreams() !== before && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(activeLogStreams()).toBe(before);
	});

	it("resumes from an offset and needs the token", async () => {
		const context = makeContext();
		const path = join(context.home, "logs", "gateway.log");
		const request = testClient(context);
		expect((await request("/api/logs/stream?file=gateway", { token: false })).status).toBe(401);
		expect((await request("/api/logs/stream?file=nope")).status).toBe(400);
		const offset = readFileSync(path).byteLength;
		appendFileSync(path, "missed while hidden\n");
		const response = await request(`/api/logs/stream?file=gateway&from=${offset}`);
		const reader = response.body!.getReader();
		const text = await readEvents(reader, (t) => t.includes("missed while hidden"), 2000);
		expect(text).toContain("event: ready");
		await reader.cancel();
		rmSync(path);
	});
});

describe("Hermes's redaction on every served line", () => {
	const leaky =
		"2026-11-24 01:00:00,000 INFO gateway.platforms.telegram: GET https://api.telegram.org/bot7000000000:AAFIXTURE-not-a-real-telegram-token/getMe\n" +
		"2026-11-24 01:00:00,001 WARNING tools.aws: using key AKIAIOSFODNN7EXAMPLE\n";
	const masked = [
		"2026-11-24 01:00:00,000 INFO gateway.platforms.telegram: GET https://api.telegram.org/bot7000000000:***/getMe\n",
		"2026-11-24 01:00:00,001 WARNING tools.aws: using key AKIAIO...MPLE\n",
	];

	it("masks a Telegram bot token and an AWS key in /api/logs and the page", async () => {
		const context = makeContext();
		appendFileSync(join(context.home, "logs", "agent.log"), leaky);
		const request = testClient(context);
		expect((await (await request("/api/logs?lines=2")).json()).lines).toEqual(masked);
		// A search for the secret's text finds nothing: lines are redacted before the search.
		expect((await (await request("/api/logs?search=FODNN7")).json()).lines).toEqual([]);
		const page = await (await request("/logs?lines=50", { token: false })).text();
		expect($$(parseHTML(page), ".log-line").map(textOf).join("\n")).toContain("bot7000000000:***");
		expect(page).not.toContain("AKIAIOSFODNN7EXAMPLE");
	});

	it("masks them in the live tail", async () => {
		const context = makeContext();
		const response = await testClient(context)("/api/logs/stream");
		const reader = response.body!.getReader();
		await readEvents(reader, (text) => text.includes("event: ready"), 2000);
		appendFileSync(join(context.home, "logs", "agent.log"), leaky);
		const text = await readEvents(reader, (t) => t.includes("MPLE"), 2000);
		await reader.cancel();
		expect(JSON.parse(/event: lines\ndata: (.*)\n/.exec(text)![1]!).lines).toEqual(masked);
	});
});

describe("log paths stay inside the Hermes home", () => {
	function outsideFile(): string {
		const path = join(mkdtempSync(join(tmpdir(), "outside-home-")), "shadow");
		writeFileSync(path, "root:$6$outside-secret-hash:19000:0:99999:7:::\n");
		return path;
	}

	it("refuses a symlink out of the home on /api/logs, the live tail and the page; one inside still works", async () => {
		const context = makeContext();
		const agent = join(context.home, "logs", "agent.log");
		rmSync(agent);
		symlinkSync(outsideFile(), agent);
		const request = testClient(context);
		const json = await request("/api/logs?file=agent");
		expect(json.status).toBe(403);
		expect(await json.json()).toEqual({ detail: "Log file agent resolves outside the Hermes home" });
		const stream = await request("/api/logs/stream?file=agent&from=0");
		expect(stream.status).toBe(403);
		expect(await stream.text()).not.toContain("outside-secret-hash");
		// The page stays usable (file switcher) and says why instead of showing lines.
		const page = await request("/logs", { token: false });
		expect(page.status).toBe(200);
		const pageText = await page.text();
		const problem = $(parseHTML(pageText), '[data-testid="logs-problem"]');
		expect(problem.tagName).toBe("P");
		expect(textOf(problem)).toBe("Log file agent resolves outside the Hermes home");
		expect(pageText).not.toContain("outside-secret-hash");
		// A symlink that stays inside the home is still followed.
		const gateway = join(context.home, "logs", "gateway.log");
		writeFileSync(join(context.home, "gateway-archive.log"), "archived line\n");
		rmSync(gateway);
		symlinkSync("../gateway-archive.log", gateway);
		expect((await (await request("/api/logs?file=gateway")).json()).lines).toEqual(["archived line\n"]);
		const reader = (await request("/api/logs/stream?file=gateway&from=0")).body!.getReader();
		await readEvents(reader, (text) => text.includes("archived line"), 2000);
		await reader.cancel();
	});
});

describe("/logs page", () => {
	it("renders the toolbar and coloured lines", async () => {
		const request = testClient(makeContext());
		const page = await request("/logs?file=errors&level=ERROR", { token: false });
		expect(page.status).toBe(200);
		const document = parseHTML(await page.text());
		const view = $(document, "#log-view");
		expect($$(view, ".log-line.lvl-error").length).toBeGreaterThan(0);
		expect($$(document, ".log-line.lvl-info")).toHaveLength(0);
		const chosen = $$(document, 'option[value="errors"]');
		expect(chosen.length).toBeGreaterThan(0);
		expect(chosen.every((option) => option.hasAttribute("selected"))).toBe(true);
	});
});
