/**
 * @module
 * The Sessions page (`/sessions`) and its htmx fragments under `/ui/sessions/...`:
 * the list or search hits, the stats bar, and one session's messages.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import * as v from "valibot";
import { queryInteger, queryParams } from "../http/validate.ts";
import {
	countActiveMessages,
	getMessages,
	listSessions,
	messagePosition,
	sessionStats,
	sessionsByIds,
} from "../hermes/sessions/query.ts";
import { firstMatchingMessage } from "../hermes/sessions/search.ts";
import { runOffThread } from "../hermes/sessions/worker.ts";
import { StateDBError } from "../hermes/sessions/state_db.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import {
	searchList,
	sessionList,
	sessionsPage,
	statsBar,
	storeErrorBanner,
	type ListState,
} from "../views/sessions.ts";
import { messageList } from "../views/session_messages.ts";
import { markdownRenderer } from "../views/markdown.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import type { Markup } from "../views/layout.ts";

const PAGE_SIZE = 20;
const MESSAGE_PAGE = 100;

const ListQuery = v.object({
	q: v.optional(v.string(), ""),
	source: v.optional(v.string(), ""),
	archived: v.optional(v.picklist(["exclude", "only", "include"]), "exclude"),
	offset: v.optional(queryInteger(0, 1e9), "0"),
});

const MessagesQuery = v.object({
	offset: v.optional(queryInteger(0, 1e9), "0"),
	hit: v.optional(v.string()),
	append: v.optional(v.string()),
});

function storeError(error: unknown): Markup {
	if (error instanceof StateDBError) {
		return storeErrorBanner(error.message);
	}
	throw error;
}

export function sessionsUIRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const dbPath = (): string => homePaths(app.home).stateDB;

	async function renderList(state: ListState, lang: ReturnType<typeof languageOf>): Promise<Markup> {
		const now = nowSeconds(app.clock);
		try {
			if (state.q.trim() !== "") {
				const results = await runOffThread("search", dbPath(), state.q, 50);
				return searchList(
					results,
					sessionsByIds(
						dbPath(),
						results.map((result) => result.session_id),
						now,
					),
					state,
					lang,
					now,
				);
			}
			const page = listSessions(
				dbPath(),
				{
					limit: state.limit,
					offset: state.offset,
					archived: state.archived,
					source: state.source || undefined,
				},
				now,
			);
			return sessionList(page.sessions, page.total, state, lang, now);
		} catch (error) {
			return storeError(error);
		}
	}

	function listState(c: Parameters<typeof queryParams>[0]): ListState {
		const query = queryParams(c, ListQuery);
		return {
			q: query.q,
			source: query.source,
			archived: query.archived,
			offset: Number(query.offset),
			limit: PAGE_SIZE,
		};
	}

	routes.get("/sessions", async (c) => {
		const lang = languageOf(c);
		const state = listState(c);
		let stats: Markup;
		let sources: string[] = [];
		try {
			const values = sessionStats(dbPath());
			sources = Object.keys(values.by_source).sort();
			stats = statsBar(values, lang);
		} catch (error) {
			stats = storeError(error);
		}
		return renderPage(c, app, {
			title: t(lang, "sessions.title"),
			path: "/sessions",
			body: sessionsPage(stats, await renderList(state, lang), state, sources, lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/sessions.css")}">
<script src="${assetURL("/static/js/sessions.js")}" defer></script>`,
		});
	});

	routes.get("/ui/sessions/list", async (c) => c.html(await renderList(listState(c), languageOf(c))));

	routes.get("/ui/sessions/stats", (c) => {
		try {
			return c.html(statsBar(sessionStats(dbPath()), languageOf(c)));
		} catch (error) {
			return c.html(storeError(error));
		}
	});

	routes.get("/ui/sessions/:id/messages", async (c) => {
		const lang = languageOf(c);
		const query = queryParams(c, MessagesQuery);
		try {
			const first = getMessages(dbPath(), c.req.param("id"), 0, 0);
			if (first === null) {
				return c.html(html`<p class="error-banner">${t(lang, "sessions.not_found")}</p>`, 404);
			}
			const tip = first.session_id;
			let offset = Number(query.offset);
			let hitId: number | null = null;
			if (query.hit) {
				hitId = firstMatchingMessage(dbPath(), tip, query.hit);
				if (hitId !== null) {
					offset = Math.floor(messagePosition(dbPath(), tip, hitId) / MESSAGE_PAGE) * MESSAGE_PAGE;
				}
			}
			const page = getMessages(dbPath(), tip, MESSAGE_PAGE, offset);
			const total = countActiveMessages(dbPath(), tip);
			const render = await markdownRenderer();
			return c.html(messageList(tip, page?.messages ?? [], offset, total, MESSAGE_PAGE, hitId, render, lang));
		} catch (error) {
			return c.html(storeError(error), 503);
		}
	});

	return routes;
}
