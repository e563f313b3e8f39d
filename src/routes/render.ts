/**
 * @module
 * Rendering a full page from a route: picks the language and theme, and hands the
 * shell the CSP nonce and (in token mode) the session token.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { layout, type Markup } from "../views/layout.ts";
import { pickLanguage, type Language } from "../views/i18n.ts";
import { usesSessionToken } from "../security/mode.ts";
import { resolveActiveTheme, THEME_COOKIE } from "../hermes/themes/themes.ts";
import { themePresentation } from "../views/theme_style.ts";
import { themePicker, themeWarnings } from "../views/theme_picker.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { userWidget } from "../views/login.ts";
import { authRuntime } from "../auth/runtime.ts";
import { readCookie } from "../auth/cookies.ts";
import { pluginShell, type PluginShell } from "../hermes/plugins/runtime_shell.ts";

export function languageOf(c: Context): Language {
	return pickLanguage(readCookie(c.req.header("cookie"), "hermes_lang"), c.req.header("accept-language"));
}

export interface PageOptions {
	title: string;
	path: string;
	body: Markup;
	head?: Markup;
	status?: 200 | 404;
	/** A plugin tab page passes the shell it already built, and its plugin's name. */
	plugins?: PluginShell;
	pluginTab?: string;
}

/** Plugin contributions for a page; a broken plugin setup never breaks the page. */
async function pluginsFor(c: Context<AppEnv>, app: AppContext, path: string): Promise<PluginShell | undefined> {
	try {
		return await pluginShell(app.home, app.env, c.req.raw, path);
	} catch (error) {
		console.warn(`[hermes-dashboard] plugin shell skipped: ${(error as Error).message}`);
		return undefined;
	}
}

/** Gated mode: who is signed in, with a logout button. */
function signedInWidget(c: Context<AppEnv>, app: AppContext): Markup | undefined {
	const session = c.get("authSession");
	if (app.mode !== "gated" || session === undefined) {
		return undefined;
	}
	const name = session.displayName || session.email || session.userId;
	return userWidget(languageOf(c), authRuntime(app).view(c).prefix, { name, provider: session.provider });
}

export async function renderPage(c: Context<AppEnv>, app: AppContext, page: PageOptions): Promise<Response> {
	const lang = languageOf(c);
	const active = resolveActiveTheme(app.home, readCookie(c.req.header("cookie"), THEME_COOKIE));
	const theme = await themePresentation(active.entry);
	const markup = await layout({
		title: page.title,
		path: page.path,
		lang,
		nonce: c.get("secureHeadersNonce") ?? "",
		sessionToken: usesSessionToken(app.mode) ? app.sessionToken : undefined,
		authRequired: app.mode === "gated",
		theme: theme.name,
		body: page.body,
		head: theme.style === undefined ? page.head : html`${theme.style}${page.head ?? ""}`,
		themeMenu: themePicker(lang, active, themeWarnings(lang, active, theme.removed)),
		topbarRight: signedInWidget(c, app),
		basePath: authRuntime(app).view(c).prefix,
		plugins: page.plugins ?? (await pluginsFor(c, app, page.path)),
		pluginTab: page.pluginTab,
	});
	// Pages carry the session token: never let a cache keep them.
	c.header("Cache-Control", "no-store, no-cache, must-revalidate");
	return c.html(markup, page.status ?? 200);
}
