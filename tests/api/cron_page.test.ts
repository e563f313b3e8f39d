/**
 * The Cron page and its fragments as the server renders them: cards with the schedule
 * description and times relative to the app's clock, both languages, and the run
 * drawer's Markdown with raw HTML and script links neutralised.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";
import { $$, parseHTML, textOf } from "../helpers/dom.ts";

describe("/cron", () => {
	it("renders a card per job with description, state and relative next run", async () => {
		const request = testClient(makeContext());
		const response = await request("/cron");
		expect(response.status).toBe(200);
		const page = parseHTML(await response.text());
		const cards = $$(page, '[data-testid="cron-job"]');
		expect(cards).toHaveLength(5);
		expect(cards.flatMap((card) => $$(card, '[data-testid="cron-description"]').map(textOf))).toContain("At 08:00");
		// Backup check: next run 00:05:37, 46 minutes after the fixture's anchor.
		expect(cards.some((card) => textOf(card).includes("(in 46 minutes)"))).toBe(true);
		expect(
			$$(page, "script[src]").some((script) => script.getAttribute("src")!.startsWith("/static/js/cron.js")),
		).toBe(true);
		expect($$(page, 'a[href="/cron"]').length).toBeGreaterThan(0);
	});

	it("speaks Chinese when asked", async () => {
		const request = testClient(makeContext());
		const page = parseHTML(await (await request("/cron", { headers: { cookie: "hermes_lang=zh" } })).text());
		expect($$(page, "h1").map(textOf)).toContain("定时任务");
		const cardText = $$(page, '[data-testid="cron-job"]').map(textOf).join("\n");
		expect(cardText).toContain("每 360 分钟");
		expect(cardText).toContain("星期一");
	});

	it("filters the card list by profile", async () => {
		const request = testClient(makeContext());
		const fragment = parseHTML(await (await request("/ui/cron/jobs?profile=default")).text());
		expect($$(fragment, '[data-testid="cron-job"]')).toHaveLength(5);
		expect((await request("/ui/cron/jobs?profile=nope")).status).toBe(404);
	});
});

describe("run drawer", () => {
	it("renders each output's Markdown without raw HTML or script links", async () => {
		// Hermes names output files by wall-clock time in its zone; the drawer shows the instant.
		const context = makeContext({ env: { HERMES_TIMEZONE: "Asia/Shanghai" } });
		const request = testClient(context);
		writeFileSync(
			join(context.home, "cron", "output", "2e361a111a9e", "2026-11-23_20-00-00.md"),
			"# Cron Job: Morning briefing (FAILED)\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) **bold**\n",
		);
		const response = await request("/ui/cron/jobs/2e361a111a9e/runs");
		expect(response.status).toBe(200);
		const drawer = parseHTML(await response.text());
		const runs = $$(drawer, '[data-testid="cron-run"]');
		expect(runs).toHaveLength(4);
		expect($$(drawer, "strong").map(textOf)).toContain("bold");
		// The raw tag survives only as text, never as an element.
		expect($$(drawer, "script")).toHaveLength(0);
		expect(textOf(drawer.body)).toContain("<script>alert(1)</script>");
		expect(
			$$(drawer, "a[href]").filter((link) => /^\s*javascript:/i.test(link.getAttribute("href")!)),
		).toHaveLength(0);
		const failed = $$(drawer, ".badge.danger").find((badge) => textOf(badge) === "failed");
		expect(failed).toBeDefined();
		expect(textOf(failed!.parentElement)).toContain("failed Nov 23, 2026, 12:00 UTC");
		expect((await request("/ui/cron/jobs/ffffffffffff/runs")).status).toBe(404);
	});
});
