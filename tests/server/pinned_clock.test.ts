/**
 * HERMES_DASHBOARD_NOW pins a spawned dashboard's clock (tests and demos), so the real
 * process answers "the last 7 days" as of the fixture's anchor whatever today is.
 */
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { FIXTURE_ANCHOR_SECONDS, runCLI, startServer, type RunningServer } from "../helpers/server.ts";

const TOKEN = "pinned-clock-test-token-0123456789abcdefghijklmnop";
const YEAR_SECONDS = 365 * 86400;
const running: RunningServer[] = [];

afterAll(async () => {
	await Promise.all(running.map((server) => server.stop()));
});

async function weekSessions(now: string): Promise<number> {
	const server = await startServer({
		env: { HERMES_HOME: copyFixtureHome(), HERMES_DASHBOARD_NOW: now, HERMES_DASHBOARD_SESSION_TOKEN: TOKEN },
	});
	running.push(server);
	const response = await fetch(`${server.baseURL}/api/analytics/usage?days=7`, {
		headers: { "x-hermes-session-token": TOKEN },
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { totals: { total_sessions: number } }).totals.total_sessions;
}

describe("HERMES_DASHBOARD_NOW", () => {
	it("answers as of the pinned instant, given as epoch seconds or ISO 8601", async () => {
		const atAnchor = await weekSessions(String(FIXTURE_ANCHOR_SECONDS));
		expect(atAnchor).toBeGreaterThan(0);
		expect(await weekSessions(new Date(FIXTURE_ANCHOR_SECONDS * 1000).toISOString())).toBe(atAnchor);
		expect(await weekSessions(String(FIXTURE_ANCHOR_SECONDS + YEAR_SECONDS))).toBe(0);
	});

	it("refuses to start on a value that is not a time", async () => {
		const result = await runCLI(["--port", "0", "--no-open"], {
			HERMES_HOME: copyFixtureHome(),
			HERMES_DASHBOARD_NOW: "next tuesday",
		});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain("HERMES_DASHBOARD_NOW");
	});
});
