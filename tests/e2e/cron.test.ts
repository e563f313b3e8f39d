/**
 * The Cron page in real Chromium: create a job with a cron expression (the form shows
 * its description and next run as it is typed), see its card with the next run, edit it,
 * pause, run now, read a run's output in the history drawer, delete it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useDashboardInBrowser } from "../helpers/browser.ts";
import { FIXTURE_ANCHOR_SECONDS } from "../helpers/server.ts";

/** The server runs on the fixture's pinned clock. */
const SERVER_NOW_MS = FIXTURE_ANCHOR_SECONDS * 1000;

const dash = useDashboardInBrowser();

interface StoredJob {
	id: string;
	name: string;
	enabled: boolean;
	state: string;
	schedule: { kind: string; expr?: string; minutes?: number };
	next_run_at: string | null;
}

function storedJobs(): StoredJob[] {
	return (JSON.parse(readFileSync(join(dash.home, "cron", "jobs.json"), "utf8")) as { jobs: StoredJob[] }).jobs;
}

describe("Cron page in Chromium", () => {
	it("lists the fixture's jobs with schedule descriptions and state badges", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/cron`);
		const cards = page.getByTestId("cron-job");
		expect(await cards.count()).toBe(5);
		const morning = cards.filter({ hasText: "Morning briefing" });
		expect(await morning.getByTestId("cron-description").textContent()).toBe("At 08:00");
		const digest = cards.filter({ hasText: "Weekly arXiv digest" });
		expect(await digest.getByTestId("cron-state").textContent()).toBe("paused");
		const backup = cards.filter({ hasText: "Backup check" });
		expect(await backup.getByTestId("cron-last-status").textContent()).toBe("failed");
	});

	it("creates a job with a cron expression, checked as it is typed", async () => {
		const { page } = dash.browser;
		await page.getByTestId("cron-new").click();
		const dialog = page.getByTestId("cron-dialog");
		await dialog.locator("input[name=name]").fill("E2E standup notes");
		await dialog.locator("textarea[name=prompt]").fill("Summarise yesterday's sessions for the standup.");
		await dialog.locator("input[name=schedule]").fill("0 9 * * 1-5");
		await expect
			.poll(() => dialog.getByTestId("cron-schedule-check").textContent())
			.toContain("At 09:00, Monday through Friday");
		await dialog.locator("input[name=schedule]").fill("0 9 * * 1-5 nonsense x");
		await expect.poll(() => dialog.getByTestId("cron-schedule-check").getAttribute("class")).toContain("error");
		await dialog.locator("input[name=schedule]").fill("0 9 * * 1-5");
		await expect.poll(() => dialog.getByTestId("cron-schedule-check").getAttribute("class")).toContain("ok");
		await dialog.getByTestId("cron-save").click();

		const card = page.getByTestId("cron-job").filter({ hasText: "E2E standup notes" });
		await card.waitFor();
		expect(await card.getByTestId("cron-schedule").textContent()).toBe("0 9 * * 1-5");
		const next = card.getByTestId("cron-next");
		expect(await next.getAttribute("datetime")).toMatch(/T09:00:00\.000Z$|T\d{2}:00:00\.000Z$/);
		const job = storedJobs().find((entry) => entry.name === "E2E standup notes")!;
		expect(job).toMatchObject({ schedule: { kind: "cron", expr: "0 9 * * 1-5" }, state: "scheduled" });
		expect(new Date(job.next_run_at!).getTime()).toBeGreaterThan(SERVER_NOW_MS);
	});

	it("edits, pauses, runs now, shows run history and deletes", async () => {
		const { page } = dash.browser;
		const card = () => page.getByTestId("cron-job").filter({ hasText: "E2E standup" });

		await card().getByRole("button", { name: "Edit" }).click();
		const dialog = page.getByTestId("cron-dialog");
		expect(await dialog.locator("input[name=schedule]").inputValue()).toBe("0 9 * * 1-5");
		await dialog.locator("input[name=name]").fill("E2E standup (edited)");
		await dialog.locator("input[name=schedule]").fill("every 45m");
		await expect.poll(() => dialog.getByTestId("cron-schedule-check").textContent()).toContain("45");
		await dialog.getByTestId("cron-save").click();
		await page.getByTestId("cron-job").filter({ hasText: "E2E standup (edited)" }).waitFor();
		expect(await card().getByTestId("cron-schedule").textContent()).toBe("every 45m");
		expect(storedJobs().find((entry) => entry.name === "E2E standup (edited)")?.schedule).toEqual({
			kind: "interval",
			minutes: 45,
			display: "every 45m",
		});

		await card().getByRole("button", { name: "Pause" }).click();
		await card().getByRole("button", { name: "Resume" }).waitFor();
		expect(await card().getByTestId("cron-state").textContent()).toBe("paused");
		expect(storedJobs().find((entry) => entry.name === "E2E standup (edited)")).toMatchObject({
			enabled: false,
			state: "paused",
		});

		const before = SERVER_NOW_MS;
		await card().getByRole("button", { name: "Run now" }).click();
		await card().getByRole("button", { name: "Pause" }).waitFor();
		const triggered = storedJobs().find((entry) => entry.name === "E2E standup (edited)")!;
		expect(triggered.state).toBe("scheduled");
		expect(Math.abs(new Date(triggered.next_run_at!).getTime() - before)).toBeLessThan(60_000);

		// The history drawer renders a saved output's Markdown, sanitised.
		const morning = page.getByTestId("cron-job").filter({ hasText: "Morning briefing" });
		await morning.locator("[data-testid=more-actions] summary").click();
		await morning.getByRole("button", { name: "Runs" }).click();
		const drawer = page.getByTestId("cron-runs");
		await drawer.getByTestId("cron-run").first().waitFor();
		expect(await drawer.getByTestId("cron-run").count()).toBe(3);
		expect(await drawer.locator(".md h1").first().textContent()).toBe("Morning briefing");
		await drawer.getByRole("button", { name: "Close" }).click();
		expect(await drawer.isHidden()).toBe(true);

		await card().locator("[data-testid=more-actions] summary").click();
		await card().getByRole("button", { name: "Delete" }).click();
		await page.getByTestId("cron-confirm-delete").click();
		await card().waitFor({ state: "detached" });
		expect(storedJobs().map((entry) => entry.name)).not.toContain("E2E standup (edited)");
		expect(storedJobs()).toHaveLength(5);
		// The only failed request is the deliberate 400 of the invalid schedule typed above.
		expect(dash.browser.errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
	});
});
