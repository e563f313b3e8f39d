/**
 * @module
 * Rendering plugin contributions into the shell: navigation tabs, slot containers (with
 * server-rendered markup or a mount point for the plugin's browser script), the tab
 * page's main content, and the head tags of the browser host (React only when needed).
 */
import { html, raw } from "hono/html";
import type { Markup } from "./layout.ts";
import { assetURL } from "./assets.ts";
import { placeTabs } from "../hermes/plugins/runtime.ts";
import type { PluginShell, SlotFill, TabContent } from "../hermes/plugins/runtime_shell.ts";

/** A puzzle piece: plugin tabs carry Lucide icon names we do not ship. */
const PLUGIN_ICON =
	"M10 3h4v3a2 2 0 1 0 4 0V3h3v7h-3a2 2 0 1 0 0 4h3v7h-7v-3a2 2 0 1 0-4 0v3H3v-7h3a2 2 0 1 0 0-4H3V3z";

export interface NavLink {
	path: string;
	icon: string;
	/** Built-in entries carry their string key; plugin tabs their own label. */
	label: { key: string } | { text: string };
	plugin?: string;
}

/** The built-in navigation with plugin tabs placed by their manifest `position`. */
export function navWithPlugins(
	builtins: readonly { path: string; label: string; icon: string }[],
	shell: PluginShell | undefined,
): NavLink[] {
	return placeTabs(builtins, shell?.plugins ?? []).map((entry) =>
		"name" in entry
			? { path: entry.path, icon: PLUGIN_ICON, label: { text: entry.label }, plugin: entry.name }
			: { path: entry.path, icon: entry.icon, label: { key: entry.label } },
	);
}

function warning(text: string): Markup {
	return html`<p class="plugin-warning" role="status" data-testid="plugin-warning">${text}</p>`;
}

function fill(item: SlotFill): Markup {
	// Server-rendered markup comes from installed plugin code that already runs in this server.
	return html`<div class="plugin-fill" data-plugin="${item.plugin}"${item.client ? raw(" data-client") : ""}>${
		item.warning !== undefined ? warning(item.warning) : raw(item.html ?? "")
	}</div>`;
}

/** A slot's container, or nothing when no plugin fills it. */
export function pluginSlot(shell: PluginShell | undefined, name: string): Markup | string {
	const fills = shell?.slots[name];
	if (fills === undefined || fills.length === 0) return "";
	return html`<div class="plugin-slot" data-plugin-slot="${name}">${fills.map(fill)}</div>`;
}

/** The main content of a plugin's tab. */
export function pluginTabMain(tab: TabContent): Markup {
	return html`<section class="plugin-page" data-plugin-page="${tab.plugin}">
<h1>${tab.label}</h1>
${
	tab.pythonBackend
		? html`<p class="plugin-notice" role="note" data-testid="plugin-python-notice">This plugin's backend is a Python module: it needs the Python dashboard (<code>hermes dashboard</code>). Its API calls are not available here.</p>`
		: ""
}
${tab.warning !== undefined ? warning(tab.warning) : ""}
${tab.html !== undefined ? raw(tab.html) : ""}
${tab.client ? html`<div class="plugin-root" data-plugin-root="${tab.plugin}"></div>` : ""}
</section>`;
}

/** Head tags: React and the host only when a plugin script runs on this page. */
export function pluginHead(shell: PluginShell | undefined, tabPlugin: string | undefined): Markup | string {
	if (shell === undefined) return "";
	const style = html`<link rel="stylesheet" href="${assetURL("/static/css/plugins.css")}">`;
	if (shell.scripts.length === 0) return style;
	const data = JSON.stringify({ tab: tabPlugin ?? null, scripts: shell.scripts });
	return html`${style}
<meta name="hermes-plugins" content="${data}">
${shell.scripts.map((script) => (script.css === null ? "" : html`<link rel="stylesheet" href="${script.css}">`))}
<script src="${assetURL("/plugin-host/react.js")}" defer></script>
<script src="${assetURL("/plugin-host/react-dom.js")}" defer></script>
<script src="${assetURL("/static/js/plugin_host.js")}" defer></script>`;
}

/** The footer row, only when a plugin fills `footer-left` or `footer-right`. */
export function pluginFooter(shell: PluginShell | undefined): Markup | string {
	const left = pluginSlot(shell, "footer-left");
	const right = pluginSlot(shell, "footer-right");
	if (left === "" && right === "") return "";
	return html`<footer class="plugin-footer">${left}${right}</footer>`;
}
