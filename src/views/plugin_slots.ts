/**
 * @module
 * Rendering plugin contributions into the shell: navigation tabs, slot containers (with
 * server-rendered markup or a mount point for the plugin's browser script), the tab
 * page's main content, and the head tags of the browser host (React only when needed).
 */
import type { IconName } from "./icons.ts";
import { html, raw } from "hono/html";
import type { Markup } from "./layout.ts";
import { assetURL } from "./assets.ts";
import { placeTabs } from "../hermes/plugins/runtime.ts";
import type { PluginProblem, PluginShell, SlotFill, TabContent } from "../hermes/plugins/runtime_shell.ts";
import { t, type Language } from "./i18n.ts";

/** What the slot helpers need from the page being rendered. */
export interface PluginPage {
	plugins?: PluginShell;
	lang: Language;
}

/** A message with its `{plugin}` and `{detail}` filled in. */
function message(lang: Language, key: Parameters<typeof t>[1], plugin: string, detail = ""): string {
	// Replacer functions: a `$&` in a plugin's error text stays literal.
	return t(lang, key)
		.replace("{plugin}", () => plugin)
		.replace("{detail}", () => detail);
}

/** Plugin tabs name Lucide icons we may not ship: they all draw the plug. */
const PLUGIN_ICON: IconName = "plug";

export interface NavLink {
	path: string;
	icon: IconName;
	/** Built-in entries carry their string key; plugin tabs their own label. */
	label: { key: string } | { text: string };
	plugin?: string;
}

/** The built-in navigation with plugin tabs placed by their manifest `position`. */
export function navWithPlugins(
	builtins: readonly { path: string; label: string; icon: IconName }[],
	shell: PluginShell | undefined,
): NavLink[] {
	return placeTabs(builtins, shell?.plugins ?? []).map((entry) =>
		"name" in entry
			? { path: entry.path, icon: PLUGIN_ICON, label: { text: entry.label }, plugin: entry.name }
			: { path: entry.path, icon: entry.icon, label: { key: entry.label } },
	);
}

function warning(lang: Language, plugin: string, problem: PluginProblem): Markup {
	const text = message(lang, `plugins_runtime.${problem.key}`, plugin, problem.detail);
	return html`<p class="plugin-warning" role="status" data-testid="plugin-warning">${text}</p>`;
}

function fill(item: SlotFill, lang: Language): Markup {
	// Server-rendered markup comes from installed plugin code that already runs in this server.
	return html`<div class="plugin-fill" data-plugin="${item.plugin}"${item.client ? raw(" data-client") : ""}>${
		item.warning !== undefined ? warning(lang, item.plugin, item.warning) : raw(item.html ?? "")
	}</div>`;
}

/** A slot's container, or nothing when no plugin fills it. */
export function pluginSlot(page: PluginPage, name: string): Markup | string {
	const fills = page.plugins?.slots[name];
	if (fills === undefined || fills.length === 0) return "";
	return html`<div class="plugin-slot" data-plugin-slot="${name}">${fills.map((item) => fill(item, page.lang))}</div>`;
}

/** The main content of a plugin's tab. */
export function pluginTabMain(tab: TabContent, lang: Language): Markup {
	return html`<section class="plugin-page" data-plugin-page="${tab.plugin}">
<h1>${tab.label}</h1>
${
	tab.pythonBackend
		? html`<p class="plugin-notice" role="note" data-testid="plugin-python-notice">${t(lang, "plugins_runtime.python_backend")}</p>`
		: ""
}
${tab.warning !== undefined ? warning(lang, tab.plugin, tab.warning) : ""}
${tab.html !== undefined ? raw(tab.html) : ""}
${tab.client ? html`<div class="plugin-root" data-plugin-root="${tab.plugin}"></div>` : ""}
</section>`;
}

/** Head tags: React and the host only when a plugin script runs on this page. */
export function pluginHead(page: PluginPage, tabPlugin: string | undefined): Markup | string {
	const shell = page.plugins;
	if (shell === undefined) return "";
	const style = html`<link rel="stylesheet" href="${assetURL("/static/css/plugins.css")}">
${shell.styles.map((href) => html`<link rel="stylesheet" href="${href}">`)}`;
	if (shell.scripts.length === 0) return style;
	const strings = Object.fromEntries(
		(["failed", "script_failed", "no_register"] as const).map((key) => [
			key,
			t(page.lang, `plugins_runtime.${key}`),
		]),
	);
	const data = JSON.stringify({ tab: tabPlugin ?? null, scripts: shell.scripts, strings });
	return html`${style}
<meta name="hermes-plugins" content="${data}">
<script src="${assetURL("/plugin-host/react.js")}" defer></script>
<script src="${assetURL("/plugin-host/react-dom.js")}" defer></script>
<script src="${assetURL("/static/js/plugin_host.js")}" defer></script>`;
}

/** The footer row, only when a plugin fills `footer-left` or `footer-right`. */
export function pluginFooter(page: PluginPage): Markup | string {
	const left = pluginSlot(page, "footer-left");
	const right = pluginSlot(page, "footer-right");
	if (left === "" && right === "") return "";
	return html`<footer class="plugin-footer">${left}${right}</footer>`;
}
