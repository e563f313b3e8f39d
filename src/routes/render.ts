/**
 * @module
 * Rendering a full page from a route: picks the language and theme, and hands the
 * shell the CSP nonce and (in token mode) the session token.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { getCookie } from "hono/cookie";
import { layout, type Markup } from "../views/layout.ts";
import { pickLanguage, type Language } from "../views/i18n.ts";
import { getString, readConfigLenient } from "../hermes/config/yaml.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { usesSessionToken } from "../security/mode.ts";
import { listThemes, type ThemeDefinition } from "../hermes/themes/themes.ts";
import { userThemeStyle } from "../views/theme_style.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { userWidget } from "../views/login.ts";
import { authRuntime } from "../auth/runtime.ts";

export function languageOf(c: Context): Language {
	return pickLanguage(getCookie(c, "hermes_lang"), c.req.header("accept-language"));
}

/** The configured theme: a built-in name, or "user" with the user theme's definition. */
function activeTheme(app: AppContext): { name: string; definition?: ThemeDefinition } {
	const wanted = getString(readConfigLenient(homePaths(app.home).config), "dashboard.theme") ?? "default";
	const entry = listThemes(app.home).find((theme) => theme.name === wanted);
	if (entry === undefined) {
		return { name: "default" };
	}
	return entry.definition === undefined ? { name: entry.name } : { name: "user", definition: entry.definition };
}

export interface PageOptions {
	title: string;
	path: string;
	body: Markup;
	head?: Markup;
	status?: 200 | 404;
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
	const theme = activeTheme(app);
	const markup = await layout({
		title: page.title,
		path: page.path,
		lang: languageOf(c),
		nonce: c.get("secureHeadersNonce") ?? "",
		sessionToken: usesSessionToken(app.mode) ? app.sessionToken : undefined,
		authRequired: app.mode === "gated",
		theme: theme.name,
		body: page.body,
		head: theme.definition === undefined ? page.head : html`${userThemeStyle(theme.definition)}${page.head ?? ""}`,
		topbarRight: signedInWidget(c, app),
		basePath: authRuntime(app).view(c).prefix,
	});
	// Pages carry the session token: never let a cache keep them.
	c.header("Cache-Control", "no-store, no-cache, must-revalidate");
	return c.html(markup, page.status ?? 200);
}
