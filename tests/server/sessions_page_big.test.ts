/**
 * The Sessions page in Chromium reads from the session ledger and follows the agent:
 * after a message appended the way Hermes appends it (hermes-home §4), the stats bar's
 * message count and the list's order (newest activity first) change on the next
 * refresh; typing a search still finds the new message's text. The server runs with its
 * own XDG_CACHE_HOME, so the ledger file is built fresh for this home.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixtureHome } from "../helpers/app.ts";
import { type Browser, openBrowser } from "../helpers/browser.ts";
import { FIXTURE_ANCHOR_SECONDS, type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let home: string;

beforeAll(async () => {
	home = copyFixtureHome();
	const cache = mkdtempSync(join(tmpdir(), "ledger-page-"));
	server = await startServer({ env: { HERMES_HOME: home, XDG_CACHE_HOME: cache } });
	browser = await openBrowser();
	browser.page.setDefaultTimeout(8000);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The oldest session, given one new message and its counters bumped, as Hermes does. */
function agentTurn(text: string): string {
	const db = new DatabaseSync(join(home, "state.db"));
	try {
		const oldest = db
			.prepare(
				"SELECT id FROM sessions WHERE parent_session_id IS NULL AND archived = 0 ORDER BY started_at LIMIT 1",
			)
			.get() as { id: string };
		db.exec("BEGIN IMMEDIATE");
		db.prepare(
			"INSERT INTO messages (session_id, role, content, timestamp, finish_reason) VALUES (?, 'assistant', ?, ?, 'stop')",
		).run(oldest.id, text, FIXTURE_ANCHOR_SECONDS - 1);
		db.prepare("UPDATE sessions SET message_count = message_count + 1 WHERE id = ?").run(oldest.id);
		db.exec("COMMIT");
		return oldest.id;
	} finally {
		db.close();
	}
}

describe("Sessions page on the session ledger", () => {
	it("shows an agent's new message in the stats, the recent order and search", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		const before = Number(await page.getByTestId("stat-messages").textContent());
		expect(before).toBeGreaterThan(0);

		const touched = agentTurn("quasarblend rollout finished");
		await page.evaluate(() => document.body.dispatchEvent(new CustomEvent("hermes:tick")));
		await expect.poll(async () => Number(await page.getByTestId("stat-messages").textContent())).toBe(before + 1);

		const recent = await page.evaluate(async () => {
			const token = (window as unknown as { __HERMES_SESSION_TOKEN__: string }).__HERMES_SESSION_TOKEN__;
			const response = await fetch("/api/sessions?order=recent&limit=1", {
				headers: { "X-Hermes-Session-Token": token },
			});
			return (await response.json()) as { sessions: { id: string }[] };
		});
		expect(recent.sessions[0]?.id).toBe(touched);

		await page.getByTestId("session-search").fill("quasarblend");
		await page.getByTestId("search-count").waitFor();
		const hit = page.locator(`.session-row[data-id='${touched}']`);
		expect(await hit.locator("mark").first().textContent()).toBe("quasarblend");
	});
});
