/**
 * axe-core in a page: the engine is evaluated from the driver (the page's CSP rightly
 * refuses the inline script `addScriptTag` would add), then run on the whole document.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
	fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)),
	"utf8",
);

export interface AxeFinding {
	id: string;
	impact: string;
	/** The first few offending nodes, as CSS selectors. */
	targets: string[];
}

/** The serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
	if (!(await page.evaluate(() => "axe" in window))) {
		await page.evaluate(AXE_SOURCE);
	}
	return page.evaluate(async () => {
		// axe is injected at run time: the page has no types for it.
		const axe = (window as any).axe;
		const result = await axe.run(document, { resultTypes: ["violations"] });
		return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
			.filter((violation) => violation.impact === "serious" || violation.impact === "critical")
			.map((violation) => ({
				id: violation.id,
				impact: violation.impact,
				targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
			}));
	});
}

/** Waits until the page's own requests are done; the Logs tail is a stream that stays open. */
export async function settled(page: Page, path: string): Promise<void> {
	if (path === "/logs") {
		await page.waitForSelector("#log-view[data-stream=live]");
	} else {
		await page.waitForLoadState("networkidle");
	}
}
