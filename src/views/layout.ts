/**
 * @module
 * The one page shell: head (theme, vendor scripts, the bootstrap globals Hermes Desktop
 * scrapes), header, navigation, main. Views render into `body`.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { NAV_ITEMS } from "./nav.ts";
import { LANGUAGE_NAMES, LANGUAGES, t, type Language, type MessageKey } from "./i18n.ts";
import { assetURL } from "./assets.ts";
import { navWithPlugins, pluginFooter, pluginHead, pluginSlot } from "./plugin_slots.ts";
import type { PluginShell } from "../hermes/plugins/runtime_shell.ts";
import { icon } from "./icons.ts";
import { shellDialogs } from "./palette.ts";

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageShell {
	title: string;
	/** Current path, to mark the active navigation entry. */
	path: string;
	lang: Language;
	/** CSP nonce for the bootstrap script. */
	nonce: string;
	/** Session token for token mode; undefined in gated mode (never put in the page). */
	sessionToken: string | undefined;
	authRequired: boolean;
	theme: string;
	body: Markup;
	/** Extra head content (page scripts, styles). */
	head?: Markup;
	/** The header's palette button (views/theme_picker.ts). */
	themeMenu?: Markup;
	/** Gated mode: the signed-in user widget (name + logout) for the top bar. */
	topbarRight?: Markup;
	/**
	 * Reverse-proxy path prefix ("" when served directly). Only the bootstrap global
	 * needs it: root-relative URLs in the HTML are prefixed by `http/path_prefix.ts`.
	 */
	basePath?: string;
	/** Dashboard plugins' tabs, slot contents and scripts for this page. */
	plugins?: PluginShell;
	/** The plugin whose tab this page is. */
	pluginTab?: string;
}

/**
 * The bootstrap script, in exactly the shape Hermes Desktop scrapes:
 * `window.__HERMES_SESSION_TOKEN__="<token>";`. The token is base64url (or the
 * desktop's own value), so JSON string escaping is exact and safe in a script.
 */
export function bootstrapScript(sessionToken: string | undefined, authRequired: boolean, basePath = ""): string {
	const parts: string[] = [];
	if (sessionToken !== undefined && !authRequired) {
		parts.push(`window.__HERMES_SESSION_TOKEN__=${JSON.stringify(sessionToken).replace(/</g, "\\u003c")};`);
	}
	parts.push("window.__HERMES_DASHBOARD_EMBEDDED_CHAT__=true;");
	parts.push(`window.__HERMES_BASE_PATH__=${JSON.stringify(basePath).replace(/</g, "\\u003c")};`);
	parts.push(`window.__HERMES_AUTH_REQUIRED__=${authRequired ? "true" : "false"};`);
	return parts.join("");
}

/** The header profile switcher needs the profile list: token mode, or a signed-in gated session. */
function profileSwitcherReadable(page: PageShell): boolean {
	return !page.authRequired || page.topbarRight !== undefined;
}

export function layout(page: PageShell): Markup {
	return html`<!doctype html>
<html lang="${page.lang}" data-theme="${page.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"defaultTimeout":30000}'>
<title>${page.title} · ${t(page.lang, "app.title")}</title>
<link rel="icon" href="${assetURL("/static/icon.svg")}" type="image/svg+xml">
<link rel="stylesheet" href="${assetURL("/static/css/themes.css")}">
<link rel="stylesheet" href="${assetURL("/static/css/app.css")}">
<link rel="stylesheet" href="${assetURL("/static/css/shell.css")}">
<script nonce="${page.nonce}">${raw(bootstrapScript(page.sessionToken, page.authRequired, page.basePath))}</script>
<script src="${assetURL("/vendor/htmx.min.js")}" defer></script>
<script src="${assetURL("/static/js/app.js")}" defer></script>
${page.themeMenu === undefined ? "" : html`<script src="${assetURL("/static/js/themes.js")}" defer></script>`}
<script src="${assetURL("/static/js/palette.js")}" defer></script>
<script src="${assetURL("/vendor/alpine.min.js")}" defer></script>
${profileSwitcherReadable(page) ? html`<script src="${assetURL("/static/js/profile_switcher.js")}" defer></script>` : ""}
${page.head ?? ""}
${pluginHead(page, page.pluginTab)}
</head>
<body>
${pluginSlot(page, "backdrop")}
<a class="skip-link" href="#main">${t(page.lang, "a11y.skip")}</a>
<div class="shell">
<header class="topbar">
<button type="button" class="menu-toggle icon-button" id="menu-toggle" aria-controls="sidebar" aria-expanded="false" aria-label="${t(page.lang, "a11y.menu")}" data-testid="menu-toggle">${icon("menu")}</button>
<a class="brand" href="/"><img src="${assetURL("/static/icon.svg")}" alt="" width="24" height="24"> ${t(page.lang, "app.title")}</a>
${pluginSlot(page, "header-left")}
<div class="topbar-right" id="topbar-right">
${pluginSlot(page, "header-right")}
<button type="button" class="palette-open icon-button" id="palette-open" aria-keyshortcuts="Control+K Meta+K" title="${t(page.lang, "a11y.palette_open")}" data-testid="palette-open">${icon("search")}<span class="visually-hidden">${t(page.lang, "a11y.palette")}</span><kbd class="palette-kbd">Ctrl K</kbd></button>
${profileSwitcherReadable(page) ? html`<label class="profile-switcher" hidden>${t(page.lang, "profiles.switcher")} <select id="profile-switcher" data-testid="profile-switcher"></select></label>` : ""}
<nav class="languages" aria-label="Language">${LANGUAGES.map(
		(code) =>
			html`<a href="/lang/${code}" lang="${code}"${code === page.lang ? raw(' aria-current="true"') : ""}>${LANGUAGE_NAMES[code]}</a>`,
	)}</nav>
${page.themeMenu ?? ""}
${page.topbarRight ?? ""}
</div>
</header>
<nav class="sidebar" id="sidebar" aria-label="${t(page.lang, "nav.main")}">
<ul>
${navWithPlugins(NAV_ITEMS, page.plugins).map(
	(item) =>
		html`<li><a href="${item.path}" class="${item.path === page.path ? "active" : ""}"${
			item.path === page.path ? raw(' aria-current="page"') : ""
		}${item.plugin === undefined ? "" : html` data-plugin-tab="${item.plugin}"`}>${icon(item.icon)}<span>${"key" in item.label ? t(page.lang, item.label.key as MessageKey) : item.label.text}</span></a></li>`,
)}
</ul>
${pluginSlot(page, "sidebar")}
</nav>
<main id="main" tabindex="-1">
${pluginSlot(page, "header-banner")}
${pluginSlot(page, "pre-main")}
${pluginSlot(page, `${page.path.replace(/^\/+/, "").split("/")[0]}:top`)}
${page.body}
${pluginSlot(page, `${page.path.replace(/^\/+/, "").split("/")[0]}:bottom`)}
${pluginSlot(page, "post-main")}
${pluginFooter(page)}
</main>
</div>
${pluginSlot(page, "overlay")}
${shellDialogs(page.lang)}
</body>
</html>`;
}
