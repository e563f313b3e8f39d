/**
 * The Cron page and its fragments as the server renders them: cards with the schedule
 * description and times relative to the app's clock, both languages, and the run
 * drawer's Markdown with raw HTML and script links neutralised.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";

describe("/cron", () => {
	it("renders a card per job with description, state and relative next run", async () => {
		const request = testClient(makeContext());
		const response = await request("/cron");
		expect(response.status).toBe(200);
		const page = await response.text();
		expect(page.match(/data-testid="cron-job"/g)).toHaveLength(5);
		expect(page).toContain('data-testid="cron-description">At 08:00<');
		// Backup check: next run 00:05:37, 46 minutes after the fixture's anchor.
		expect(page).toContain("(in 46 min.)");
		expect(page).toContain('src="/static/js/cron.js');
		expect(page).toMatch(/<a[^>]+href="\/cron"[^>]*>/);
	});

	it("speaks Chinese when asked", async () => {
		const request = testClient(makeContext());
		const page = await (await request("/cron", { headers: { cookie: "hermes_lang=zh" } })).text();
		expect(page).toContain("<h1>定时任务</h1>");
		expect(page).toContain("每 360 分钟");
		expect(page).toContain("星期一");
	});

	it("filters the card list by profile", async () => {
		const request = testClient(makeContext());
		const fragment = await (await request("/ui/cron/jobs?profile=default")).text();
		expect(fragment.match(/data-testid="cron-job"/g)).toHaveLength(5);
		expect((await request("/ui/cron/jobs?profile=nope")).status).toBe(404);
	});
});

describe("run drawer", () => {
	it("renders each output's Markdown without raw HTML or script links", async () => {
		const context = makeContext();
		const request = testClient(context);
		writeFileSync(
			join(context.home, "cron", "output", "2e361a111a9e", "2026-11-23_20-00-00.md"),
			"# Cron Job: Morning briefing (FAILED)\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) **bold**\n",
		);
		const response = await request("/ui/cron/jobs/2e361a111a9e/runs");
		expect(response.status).toBe(200);
		const drawer = await response.text();
		expect(drawer.match(/data-testid="cron-run"/g)).toHaveLength(4);
		expect(drawer).toContain("<strong>bold</strong>");
		expect(drawer).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
		expect(drawer).not.toContain("<script>");
		expect(drawer).not.toContain('href="javascript:');
		expect(drawer).toContain('class="badge danger">failed</span> 2026-11-23 20:00:00');
		expect((await request("/ui/cron/jobs/ffffffffffff/runs")).status).toBe(404);
	});
});
