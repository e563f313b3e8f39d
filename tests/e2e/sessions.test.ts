import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { copyFixtureHome } from "../helpers/app.ts";
import { FIXTURE_ANCHOR_SECONDS, startServer, type RunningServer } from "../helpers/server.ts";
import { openBrowser, type Browser } from "../helpers/browser.ts";

const LISBON = "20261120_211929_7ea877";
const REGEX = "20261117_113511_5fb513";
const HOSTILE = "20261027_165952_fdcebb";

/** What the Markdown test leaves on `window`: the risky elements inserted so far. */
interface RiskProbe {
	__riskyInserts: () => string[];
}

let server: RunningServer;
let browser: Browser;
let home: string;

function sql(query: string, ...params: (string | number)[]): any[] {
	const db = new DatabaseSync(join(home, "state.db"), { readOnly: true });
	try {
		return db.prepare(query).all(...params);
	} finally {
		db.close();
	}
}

beforeAll(async () => {
	home = copyFixtureHome();
	// Untrusted text in a session: must render as text, never run.
	const db = new DatabaseSync(join(home, "state.db"));
	db.prepare(
		"INSERT INTO messages (session_id, role, content, timestamp) VALUES (?, 'assistant', ?, 1793120800)",
	).run(
		HOSTILE,
		"Pwn <script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> [link](javascript:window.__pwned=3)\n\n```python\nprint('hi')\n```",
	);
	db.close();
	server = await startServer({ env: { HERMES_HOME: home } });
	browser = await openBrowser();
	browser.page.setDefaultTimeout(8000);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (home !== undefined) rmSync(dirname(home), { recursive: true, force: true });
});

describe("Sessions page in Chromium", () => {
	it("lists sessions with stats, searches with highlights and expands a hit to the matching message", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		expect(await page.getByTestId("stat-total").textContent()).toBe("35");
		expect(await page.getByTestId("session-row").count()).toBe(20);
		expect(await page.getByTestId("range").textContent()).toBe("1–20 / 32");
		await page.getByTestId("next").click();
		await page.getByText("21–32 / 32").waitFor();
		expect(await page.locator(`[data-testid=resume]`).first().getAttribute("href")).toMatch(/^\/chat\?resume=/);

		await page.getByTestId("session-search").fill("ECONNRESET");
		await page.getByTestId("search-count").waitFor();
		const hit = page.locator(".session-row[data-id='20261107_122527_14e258df']");
		expect(await hit.locator("mark").first().textContent()).toBe("ECONNRESET");
		await hit.getByRole("button", { name: "Expand" }).click();
		const matched = hit.locator(".msg.hit");
		await matched.waitFor();
		expect(await matched.textContent()).toContain("ECONNRESET");
		expect(await matched.isVisible()).toBe(true);

		await page.getByTestId("session-search").fill("エラー");
		await page.locator("mark", { hasText: "エラー" }).first().waitFor();
		expect(
			await page.locator(".session-row[data-id='20261119_134106_10954cfe'] mark", { hasText: "エラー" }).count(),
		).toBeGreaterThan(0);
	});

	it("shows each search hit with a snippet of its own session's matching message", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		await page.getByTestId("session-search").fill("file");
		await page.getByTestId("search-count").waitFor();
		const rows = page.locator(".session-row:has([data-testid=snippet])");
		await rows.first().waitFor();
		const shown = await rows.evaluateAll((elements) =>
			elements.map((element) => ({
				id: element.getAttribute("data-id") ?? "",
				text: element.querySelector("[data-testid=snippet]")?.textContent ?? "",
			})),
		);
		expect(shown.length).toBeGreaterThan(2);
		const plain = (snippet: string): string =>
			snippet
				.replace(/>>>|<<</g, "")
				.replace(/\s+/g, " ")
				.trim();
		for (const { id, text } of shown) {
			// The hit may sit in an earlier session of the row's compression lineage.
			const own = sql(
				`WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT s.parent_session_id FROM sessions s JOIN up ON s.id = up.id
					WHERE s.parent_session_id IS NOT NULL)
				SELECT snippet(messages_fts, 0, '>>>', '<<<', '...', 40) AS snippet FROM messages_fts
				JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH 'file*' AND m.session_id IN (SELECT id FROM up)`,
				id,
			).map((entry) => plain(entry.snippet));
			expect(own, id).toContain(plain(text));
		}
	});

	it("renders Markdown safely, tool calls as collapsible blocks", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions?q=${HOSTILE}`);
		const row = page.locator(`.session-row[data-id='${HOSTILE}']`);
		// Record every element the expansion inserts that could run code (a script, an inline
		// handler, a javascript: link). If none is ever inserted, nothing can fire later either,
		// so the check needs no grace period.
		await row.evaluate((element) => {
			const risky: string[] = [];
			const inspect = (node: Node): void => {
				if (!(node instanceof Element)) return;
				for (const candidate of [node, ...node.querySelectorAll("*")]) {
					const handler = [...candidate.attributes].some((attribute) => attribute.name.startsWith("on"));
					const scriptLink = /^\s*javascript:/i.test(candidate.getAttribute("href") ?? "");
					if (candidate.localName === "script" || handler || scriptLink) risky.push(candidate.outerHTML);
				}
			};
			const observer = new MutationObserver((records) => {
				for (const record of records) record.addedNodes.forEach(inspect);
			});
			observer.observe(element, { childList: true, subtree: true });
			(window as unknown as RiskProbe).__riskyInserts = () => {
				for (const record of observer.takeRecords()) record.addedNodes.forEach(inspect);
				return risky;
			};
		});
		await row.getByRole("button", { name: "Expand" }).click();
		await row.locator("[data-action=expand][aria-expanded=true]").waitFor();
		await row.locator(".msg").first().waitFor();
		expect(await page.evaluate(() => (window as unknown as RiskProbe).__riskyInserts())).toEqual([]);
		expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
		expect(await row.locator(".md script, .md img, .md [onerror]").count()).toBe(0);
		expect(await row.locator(".md").filter({ hasText: "<script>window.__pwned=1</script>" }).count()).toBe(1);
		expect(await row.locator(".hljs-built_in, .hljs-string").count()).toBeGreaterThan(0);
		const call = row.getByTestId("tool-call").first();
		expect(await call.locator("pre").isVisible()).toBe(false);
		await call.locator("summary").click();
		expect(await call.locator("pre").isVisible()).toBe(true);
		expect(await call.locator("pre").textContent()).toMatch(/^\{\n {2}"/);
	});

	it("renames inline, archives, exports and deletes with confirmation", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		const row = page.locator(`.session-row[data-id='${LISBON}']`);
		await row.getByRole("button", { name: "Rename" }).click();
		await row.getByTestId("rename-input").fill("Lisbon, renamed in Chromium");
		await row.getByTestId("rename-input").press("Enter");
		await page
			.locator(`.session-row[data-id='${LISBON}'] .session-title`, { hasText: "Lisbon, renamed in Chromium" })
			.waitFor();
		expect(sql("SELECT title FROM sessions WHERE id = ?", LISBON)[0].title).toBe("Lisbon, renamed in Chromium");

		const download = page.waitForEvent("download");
		await page.locator(`.session-row[data-id='${LISBON}'] [data-testid=more-actions] summary`).click();
		await page.locator(`.session-row[data-id='${LISBON}']`).getByRole("button", { name: "Export" }).click();
		const file = await (await download).path();
		const exported = JSON.parse(readFileSync(file, "utf8"));
		expect(exported.id).toBe(LISBON);
		expect(exported.messages.length).toBe(4);

		await page.locator(`.session-row[data-id='${LISBON}'] [data-testid=more-actions] summary`).click();
		await page.locator(`.session-row[data-id='${LISBON}']`).getByRole("button", { name: "Archive" }).click();
		await page.locator(`.session-row[data-id='${LISBON}']`).waitFor({ state: "detached" });
		expect(sql("SELECT archived FROM sessions WHERE id = ?", LISBON)[0].archived).toBe(1);

		const target = page.locator(`.session-row[data-id='${REGEX}']`);
		await target.locator("[data-testid=more-actions] summary").click();
		await target.getByRole("button", { name: "Delete" }).click();
		const dialog = page.getByTestId("delete-dialog");
		expect(await dialog.isVisible()).toBe(true);
		await dialog.getByRole("button", { name: "Cancel" }).click();
		expect(sql("SELECT COUNT(*) AS n FROM sessions WHERE id = ?", REGEX)[0].n).toBe(1);
		await target.locator("[data-testid=more-actions] summary").click();
		await target.getByRole("button", { name: "Delete" }).click();
		await page.getByTestId("confirm-delete").click();
		await page.locator(`.session-row[data-id='${REGEX}']`).waitFor({ state: "detached" });
		expect(sql("SELECT COUNT(*) AS n FROM sessions WHERE id = ?", REGEX)[0].n).toBe(0);
		// The stats bar refreshes by its own request after the row goes.
		await expect.poll(() => page.getByTestId("stat-total").textContent(), { timeout: 10_000 }).toBe("34");
	});

	it("prunes old sessions after a dry-run preview", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/sessions`);
		const cutoff = FIXTURE_ANCHOR_SECONDS - 35 * 86400;
		const expected = sql(
			"SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NOT NULL AND archived = 0 AND started_at < ?",
			cutoff,
		)[0].n;
		expect(expected).toBeGreaterThan(0);
		await page.getByTestId("prune-open").click();
		await page.getByTestId("prune-days").fill("35");
		await page.getByTestId("prune-dry-run").click();
		await page.getByTestId("prune-matched").waitFor();
		expect(await page.getByTestId("prune-matched").textContent()).toBe(`${expected} session(s) would be removed.`);
		const total = sql("SELECT COUNT(*) AS n FROM sessions")[0].n;
		await page.getByTestId("prune-run").click();
		await page.getByText(`Removed ${expected} session(s).`).waitFor();
		expect(sql("SELECT COUNT(*) AS n FROM sessions")[0].n).toBe(total - expected);
		expect(browser.errors.filter((error) => !error.includes("favicon"))).toEqual([]);
	});
});

describe("Analytics and Status pages in Chromium", () => {
	it("shows a tooltip with the day's breakdown on hover", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/analytics?days=90`);
		const busiest = sql(
			"SELECT date(started_at, 'unixepoch') AS day, SUM(input_tokens) AS input FROM sessions GROUP BY day ORDER BY input DESC LIMIT 1",
		)[0];
		const bar = page.locator(`#usage-chart .bar[data-day='${busiest.day}']`);
		await bar.locator(".seg.input").hover();
		const tooltip = page.getByTestId("chart-tooltip");
		await tooltip.waitFor({ state: "visible" });
		const text = await tooltip.textContent();
		// The day and the figures in the page's (English) words: "Nov 8, 2026", "68,072".
		const [year, month, day] = String(busiest.day).split("-").map(Number) as [number, number, number];
		const monthName = new Date(Date.UTC(year, month - 1, 15)).toLocaleString("en-US", { month: "short" });
		expect(await tooltip.locator(".tip-day").textContent()).toBe(`${monthName} ${day}, ${year}`);
		expect(text).toContain(Number(busiest.input).toLocaleString("en-US"));
		expect(text).toMatch(/(Estimated|Actual) cost\$/);
		await page.getByTestId("period-7").click();
		await page.waitForURL(/days=7/);
		expect(await page.locator("#usage-chart .bar").count()).toBe(7);
	});

	it("lists the 20 newest sessions on the Status page", async () => {
		const { page } = browser;
		await page.goto(`${server.baseURL}/`);
		expect(await page.getByTestId("recent-row").count()).toBe(20);
		expect(await page.getByTestId("recent-sessions").textContent()).toContain("claude-sonnet-4-6");
	});
});
