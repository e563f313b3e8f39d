/**
 * Answers that depend on "now" come from the app's clock, not the machine's: with the
 * system clock a year past the fixture's anchor, analytics, the active-session rule and
 * the Nous login state still answer as of the anchor.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { attrs, parseHTML } from "../helpers/dom.ts";
import { OPEN_CLI } from "../helpers/fixture_sessions.ts";

const YEAR_MS = 365 * 86400_000;
const ANCHOR_SECONDS = FIXTURE_NOW_MS / 1000;
/** An unended session of the fixture home. */
const OPEN_SESSION = OPEN_CLI;

/** The fixture home, plus a message a minute before the anchor and a Nous login valid for a day after it. */
function anchoredHome() {
	const context = makeContext();
	const db = new DatabaseSync(join(context.home, "state.db"));
	db.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES (?, 'user', 'still here?', ?)").run(
		OPEN_SESSION,
		ANCHOR_SECONDS - 60,
	);
	db.close();
	writeFileSync(
		join(context.home, "auth.json"),
		JSON.stringify({
			version: 1,
			providers: { nous: { access_token: "fixture-access", expires_at_ms: FIXTURE_NOW_MS + 86400_000 } },
		}),
	);
	return testClient(context);
}

describe("with the system clock a year after the fixture's anchor", () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: FIXTURE_NOW_MS + YEAR_MS, toFake: ["Date"] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it("still reports usage over the fixture's days", async () => {
		const request = anchoredHome();
		const quarter = await (await request("/api/analytics/usage?days=90")).json();
		expect(quarter.totals).toMatchObject({ total_input: 301221, total_output: 109331, total_sessions: 35 });
		const week = await (await request("/api/analytics/usage?days=7")).json();
		const month = await (await request("/api/analytics/usage?days=30")).json();
		expect(week.totals.total_sessions).toBeGreaterThan(0);
		expect(week.totals.total_sessions).toBeLessThan(month.totals.total_sessions);
		const page = await (await request("/analytics?days=7")).text();
		const anchorDay = new Date(FIXTURE_NOW_MS).toISOString().slice(0, 10);
		expect(page).toContain(anchorDay);
	});

	it("still counts the session touched a minute before the anchor as active", async () => {
		const request = anchoredHome();
		const status = await (await request("/api/status")).json();
		expect(status.active_sessions).toBe(1);
		expect(status.nous_session_valid).toBe("valid");
		const list = await (await request("/api/sessions?limit=50")).json();
		const active = list.sessions
			.filter((row: { is_active: boolean }) => row.is_active)
			.map((row: { id: string }) => row.id);
		expect(active).toEqual([OPEN_SESSION]);
		const landing = parseHTML(await (await request("/")).text());
		expect(attrs(landing, "time[datetime]", "datetime")).toContain(new Date(FIXTURE_NOW_MS).toISOString());
	});
});
