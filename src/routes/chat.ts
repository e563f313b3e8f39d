/**
 * @module
 * `/chat`: the terminal page. The WebSocket behind it (`/api/pty`) is Node-only; where
 * it is not wired (Deno) the page says so instead of showing a dead terminal.
 */
import { Hono } from "hono/tiny";
import { chatHead, chatPage, chatUnavailablePage } from "../views/chat.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

const SAFE_PARAM = /^[A-Za-z0-9._:-]{1,200}$/;

function param(value: string | undefined): string | undefined {
	return value !== undefined && SAFE_PARAM.test(value) ? value : undefined;
}

export function chatRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/chat", (c) => {
		const lang = languageOf(c);
		if (app.terminalAvailable !== true) {
			return renderPage(c, app, { title: t(lang, "chat.title"), path: "/chat", body: chatUnavailablePage(lang) });
		}
		const body = chatPage(lang, { resume: param(c.req.query("resume")), profile: param(c.req.query("profile")) });
		return renderPage(c, app, { title: t(lang, "chat.title"), path: "/chat", body, head: chatHead() });
	});

	return routes;
}
