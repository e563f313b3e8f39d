/**
 * Pages write dates and numbers in the language the request asks for (Accept-Language):
 * zh-CN gets `2026年11月23日`, `5小时前`, `36.3万`, `US$2.05`; English gets `Nov 23, 2026`,
 * `5 hours ago`, `363K`, `$2.05`. Times are UTC inside <time datetime data-format>, and
 * relative times count from the app's (fixed) clock.
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";

const request = testClient(makeContext());
const ZH = { headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } };
const EN = { headers: { "accept-language": "en-US,en;q=0.9" } };

async function page(path: string, init: RequestInit): Promise<Document> {
	const response = await request(path, init);
	expect(response.status).toBe(200);
	return parseHTML(await response.text());
}

describe("dates and numbers per request language", () => {
	it("Sessions: last-active times relative to the app clock, absolute time on hover", async () => {
		const zh = $$(await page("/sessions", ZH), "[data-testid=session-active]");
		const en = $$(await page("/sessions", EN), "[data-testid=session-active]");
		expect(zh.map(textOf).slice(0, 3)).toEqual(["5小时前", "5小时前", "11小时前"]);
		expect(en.map(textOf).slice(0, 3)).toEqual(["5 hours ago", "5 hours ago", "11 hours ago"]);
		expect(zh[0]!.getAttribute("title")).toBe("2026年11月23日 UTC 18:31");
		expect(en[0]!.getAttribute("title")).toBe("Nov 23, 2026, 18:31 UTC");
		// The instant is machine-readable and is the one the relative text counts from.
		const instant = Date.parse(en[0]!.getAttribute("datetime")!);
		expect(Math.round((FIXTURE_NOW_MS - instant) / 3_600_000)).toBe(5);
	});

	it("Analytics: day labels, compact totals, percentages and costs", async () => {
		const zh = await page("/analytics?days=30", ZH);
		const en = await page("/analytics?days=30", EN);
		expect(textOf($(zh, "[data-testid=daily-day]"))).toBe("2026年11月23日");
		expect(textOf($(en, "[data-testid=daily-day]"))).toBe("Nov 23, 2026");
		expect($(zh, "[data-testid=daily-day]").getAttribute("datetime")).toBe("2026-11-23");
		expect(textOf($(zh, "[data-testid=total-tokens]"))).toBe("36.3万");
		expect(textOf($(en, "[data-testid=total-tokens]"))).toBe("363K");
		expect(textOf($(zh, "[data-testid=total-cost]"))).toBe("US$2.05");
		expect(textOf($(en, "[data-testid=total-cost]"))).toBe("$2.05");
		expect(textOf($(en, "[data-testid=cache-hit]"))).toBe("67.2%");
		// Whole token counts keep their group separators.
		const cells = (doc: Document) => $$($(doc, "[data-testid=daily-row]"), "td").map(textOf);
		expect(cells(en).slice(0, 3)).toEqual(["Nov 23, 2026", "5", "22,796"]);
		expect(cells(zh).slice(-2)).toEqual(["US$0.1303", "US$0.00"]);
	});

	it("Cron: next run as a UTC <time> plus a relative time in the page's language", async () => {
		const zh = $$(await page("/cron", ZH), "[data-testid=cron-next]").map((node) => textOf(node.parentElement));
		const en = $$(await page("/cron", EN), "[data-testid=cron-next]").map((node) => textOf(node.parentElement));
		expect(zh).toContain("2026年11月24日 UTC 00:05 (46分钟后)");
		expect(en).toContain("Nov 24, 2026, 00:05 UTC (in 46 minutes)");
		const time = $$(await page("/cron", EN), "time[data-testid=cron-next]");
		expect(time.map((node) => node.getAttribute("data-format"))).toContain("datetime");
	});

	it("Cron: a one-off schedule's time in the description", async () => {
		const check = async (init: RequestInit) =>
			(
				(await (await request("/ui/cron/schedule?schedule=2026-12-01T09%3A30%3A00Z", init)).json()) as {
					description: string;
				}
			).description;
		expect(await check(ZH)).toContain("2026年12月1日 UTC 09:30");
		expect(await check(EN)).toContain("Dec 1, 2026, 09:30 UTC");
	});

	it("Status: the refresh time in the page's language", async () => {
		const zh = $(await page("/", ZH), "[data-testid=status-updated]");
		const en = $(await page("/", EN), "[data-testid=status-updated]");
		expect(textOf(zh)).toBe("UTC 23:19:46");
		expect(textOf(en)).toBe("23:19:46 UTC");
		expect(en.getAttribute("datetime")).toBe(new Date(FIXTURE_NOW_MS).toISOString());
	});

	it("the hermes_lang cookie wins over Accept-Language", async () => {
		const cookie = { headers: { "accept-language": "en", cookie: "hermes_lang=zh" } };
		expect(textOf($(await page("/analytics?days=30", cookie), "[data-testid=daily-day]"))).toBe("2026年11月23日");
	});
});

describe("Config category names per request language", () => {
	it("tabs and headings, on the page and in the lazily loaded panels", async () => {
		const zh = await page("/config", ZH);
		const en = await page("/config", EN);
		const tab = (doc: Document, name: string) => textOf($(doc, `.config-tab[data-tab="${name}"]`));
		expect(tab(zh, "general")).toMatch(/^常规 \d+$/);
		expect(tab(en, "general")).toMatch(/^General \d+$/);
		expect(tab(zh, "tool_loop_guardrails")).toMatch(/^工具循环防护 \d+$/);
		expect(tab(en, "tool_loop_guardrails")).toMatch(/^Tool Loop Guardrails \d+$/);
		expect($(zh, ".cfg-mark").getAttribute("title")).toBe("与默认值不同");
		expect($(en, ".cfg-mark").getAttribute("title")).toBe("Differs from the default");
		const zhPanels = await page("/ui/config/panels", ZH);
		const enPanels = await page("/ui/config/panels", EN);
		expect(textOf($(zhPanels, '[data-panel="terminal"] h2'))).toBe("终端");
		expect(textOf($(enPanels, '[data-panel="terminal"] h2'))).toBe("Terminal");
		// No panel heading is left in English on a Chinese page, products aside.
		const products = new Set(["Discord", "Bedrock", "Matrix", "Mattermost", "OpenRouter", "Slack", "Vertex"]);
		const english = $$(zhPanels, "[data-panel] h2")
			.map(textOf)
			.filter((text) => /^[A-Za-z ]+$/.test(text) && !products.has(text));
		expect(english).toEqual([]);
	});
});
