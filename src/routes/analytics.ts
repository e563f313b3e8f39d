/**
 * @module
 * Analytics: `GET /api/analytics/usage?days=` (api-contract A.5) and the `/analytics` page.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import * as v from "valibot";
import { queryInteger, queryParams } from "../http/validate.ts";
import { ledgerUsageReport, type UsageReport } from "../hermes/sessions/analytics.ts";
import { runOffThread } from "../hermes/sessions/worker.ts";
import { StateDBError } from "../hermes/sessions/state_db.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import { analyticsPage, PERIODS } from "../views/analytics.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { guarded, storeFor } from "./session_store.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const UsageQuery = v.object({
	days: v.optional(queryInteger(1, 36500)),
	profile: v.optional(v.string()),
});

describeRoute({
	method: "GET",
	path: "/api/analytics/usage",
	summary: "Token usage and cost by day",
	query: UsageQuery,
});

export function analyticsRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/analytics/usage", async (c) => {
		const query = queryParams(c, UsageQuery);
		const store = storeFor(app, query.profile);
		const days = query.days ?? 30;
		const now = nowSeconds(app.clock);
		return c.json(
			await guarded(
				async () => ledgerUsageReport(store.db, days, now) ?? runOffThread("usage", store.db, days, now),
			),
		);
	});

	routes.get("/analytics", async (c) => {
		const lang = languageOf(c);
		const requested = Number(c.req.query("days") ?? 30);
		const days = (PERIODS as readonly number[]).includes(requested) ? requested : 30;
		const now = nowSeconds(app.clock);
		let report: UsageReport | null = null;
		let error: string | null = null;
		try {
			const path = homePaths(app.home).stateDB;
			report = ledgerUsageReport(path, days, now) ?? (await runOffThread("usage", path, days, now));
		} catch (failure) {
			if (!(failure instanceof StateDBError)) throw failure;
			error = failure.message;
		}
		return renderPage(c, app, {
			title: t(lang, "analytics.title"),
			path: "/analytics",
			body: analyticsPage(report, error, days, now, lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/sessions.css")}">
<script src="${assetURL("/static/js/analytics.js")}" defer></script>`,
		});
	});

	return routes;
}
