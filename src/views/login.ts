/**
 * @module
 * The login page (api-contract D.3): a button per OAuth provider, a form per password
 * provider (a real `<form>` POST that works without JavaScript; `static/js/login.js`
 * only improves it), the error texts, or "sign-in unavailable" with no providers.
 * Standalone (no navigation): nothing behind the gate is linked from here.
 */
import { html } from "hono/html";
import { assetURL } from "./assets.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { quoteComponent } from "../auth/next_target.ts";

export interface LoginProviderView {
	name: string;
	displayName: string;
	password: boolean;
}

export interface LoginView {
	lang: Language;
	/** The active theme: its `data-theme` name and, for a user theme, its style. */
	theme: { name: string; style?: Markup };
	/** Path prefix behind a proxy ("" direct). */
	prefix: string;
	providers: LoginProviderView[];
	/** Validated post-login path ("" = home). */
	next: string;
	error?: string;
	/** Pre-fill after a failed non-JS login. */
	username?: string;
}

function providerBlock(view: LoginView, provider: LoginProviderView): Markup {
	if (!provider.password) {
		const next = view.next === "" ? "" : `&next=${quoteComponent(view.next)}`;
		return html`<a class="provider-btn button primary" href="${view.prefix}/auth/login?provider=${quoteComponent(provider.name)}${next}">${t(
			view.lang,
			"login.sign_in_with",
		)} ${provider.displayName}</a>`;
	}
	return html`<form class="provider-form" data-provider="${provider.name}" method="post" action="${view.prefix}/auth/password-login">
<h2>${provider.displayName}</h2>
<input type="hidden" name="provider" value="${provider.name}">
<input type="hidden" name="next" value="${view.next}">
<label>${t(view.lang, "login.username")}<input name="username" autocomplete="username" required value="${view.username ?? ""}"></label>
<label>${t(view.lang, "login.password")}<input name="password" type="password" autocomplete="current-password" required></label>
<div class="form-error" role="alert" aria-live="polite"></div>
<button type="submit" class="primary">${t(view.lang, "login.submit")}</button>
</form>`;
}

export function loginPage(view: LoginView): Markup {
	const hasPassword = view.providers.some((provider) => provider.password);
	const body =
		view.providers.length === 0
			? html`<h1>${t(view.lang, "login.unavailable")}</h1>
<p>${t(view.lang, "login.unavailable_text")}</p>`
			: html`<h1>${t(view.lang, "login.title")}</h1>
${view.error === undefined ? "" : html`<p class="error-banner login-error" role="alert">${view.error}</p>`}
<div class="login-providers">${view.providers.map((provider) => providerBlock(view, provider))}</div>`;
	return html`<!doctype html>
<html lang="${view.lang}" data-theme="${view.theme.name}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t(view.lang, "login.title")} · ${t(view.lang, "app.title")}</title>
<link rel="icon" href="${view.prefix}${assetURL("/static/icon.svg")}" type="image/svg+xml">
<link rel="stylesheet" href="${view.prefix}${assetURL("/static/css/themes.css")}">
<link rel="stylesheet" href="${view.prefix}${assetURL("/static/css/app.css")}">
<link rel="stylesheet" href="${view.prefix}${assetURL("/static/css/login.css")}">
${view.theme.style ?? ""}
${hasPassword ? html`<script src="${view.prefix}${assetURL("/static/js/login.js")}" defer></script>` : ""}
</head>
<body class="login-body">
<main class="login-card card" id="main">
<div class="login-brand"><img src="${view.prefix}${assetURL("/static/icon.svg")}" alt="" width="32" height="32"> ${t(view.lang, "app.title")}</div>
${body}
</main>
</body>
</html>`;
}

/** The topbar widget: who is signed in, and a logout button (a plain form POST). */
export function userWidget(lang: Language, prefix: string, user: { name: string; provider: string }): Markup {
	return html`<div class="auth-user"><span class="auth-user-name" title="${user.provider}">${user.name}</span>
<form method="post" action="${prefix}/auth/logout" class="auth-logout"><button type="submit" class="small">${t(lang, "login.logout")}</button></form></div>`;
}
