/**
 * @module
 * What the plugins put into one rendered page: their tab content, what they place in the
 * slots present on it, and the browser scripts (plus React) that page needs. Each
 * plugin's failure becomes a warning in its own tab or slot, never an exception.
 */
import { cachedManifests } from "./manifests.ts";
import { activePlugins, callServer, loadServer, pageSlotsFor, type RuntimePlugin, SHELL_SLOTS } from "./runtime.ts";

/** A plugin's failure, said in the page's language by the view (`plugins_runtime.<key>`). */
export interface PluginProblem {
	key: "load_failed" | "failed" | "answered" | "no_page" | "no_entry" | "timed_out";
	detail: string;
}

export interface SlotFill {
	plugin: string;
	/** Server-rendered markup from the plugin's `/slots/<slot>` route. */
	html?: string;
	warning?: PluginProblem;
	/** The plugin's browser script fills this slot (registerSlot). */
	client: boolean;
}

export interface TabContent {
	plugin: string;
	label: string;
	html?: string;
	warning?: PluginProblem;
	/** Its backend is a Python `api` module this server cannot run. */
	pythonBackend: boolean;
	client: boolean;
}

export interface PluginScript {
	name: string;
	src: string;
}

export interface PluginShell {
	/** Active, not user-hidden plugins (their tabs go into the navigation). */
	plugins: RuntimePlugin[];
	slots: Record<string, SlotFill[]>;
	scripts: PluginScript[];
	/** The plugins' own stylesheets (manifest `css`) for this page. */
	styles: string[];
	tab?: TabContent;
}

const MAX_FRAGMENT = 256 * 1024;
/** A page waits this long for a plugin's tab or slot markup (its import included). */
export const FRAGMENT_TIMEOUT_MS = 3000;

type Fragment = { html?: string; warning?: PluginProblem; missing?: true };

/** The plugin's fragment, or a warning once `timeoutMs` passed: a hung plugin never hangs the page. */
async function serverFragment(
	plugin: RuntimePlugin,
	home: string,
	request: Request,
	path: string,
	timeoutMs: number,
): Promise<Fragment> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<Fragment>((resolve) => {
		timer = setTimeout(() => resolve({ warning: { key: "timed_out", detail: String(timeoutMs) } }), timeoutMs);
	});
	try {
		return await Promise.race([fetchFragment(plugin, home, request, path), late]);
	} finally {
		clearTimeout(timer);
	}
}

async function fetchFragment(plugin: RuntimePlugin, home: string, request: Request, path: string): Promise<Fragment> {
	const loaded = await loadServer(plugin, home);
	if (!loaded.ok) return { warning: { key: "load_failed", detail: loaded.error } };
	const answer = await callServer(loaded.server, new Request(request.url, { headers: request.headers }), path);
	if (!answer.ok) return { warning: { key: "failed", detail: answer.error } };
	const { response } = answer;
	if (response.status === 404) {
		await response.body?.cancel();
		return { missing: true };
	}
	const text = await response.text();
	if (!response.ok) return { warning: { key: "answered", detail: String(response.status) } };
	return { html: text.slice(0, MAX_FRAGMENT) };
}

async function tabContent(
	plugin: RuntimePlugin,
	home: string,
	request: Request,
	timeoutMs: number,
): Promise<TabContent> {
	const label = typeof plugin.manifest.label === "string" ? plugin.manifest.label : plugin.name;
	const base = { plugin: plugin.name, label, pythonBackend: plugin.pythonBackend, client: plugin.script !== null };
	if (plugin.server !== null) {
		const fragment = await serverFragment(plugin, home, request, "/", timeoutMs);
		if (fragment.missing === true && !base.client) {
			return { ...base, warning: { key: "no_page", detail: "" } };
		}
		return { ...base, html: fragment.html, warning: fragment.warning };
	}
	if (!base.client && !plugin.pythonBackend) {
		return { ...base, warning: { key: "no_entry", detail: "" } };
	}
	return base;
}

/** The page's plugin data; undefined when no plugin is active (the common case). */
export async function pluginShell(
	home: string,
	env: Record<string, string | undefined>,
	request: Request,
	path: string,
	tabPlugin?: string,
	timeoutMs = FRAGMENT_TIMEOUT_MS,
): Promise<PluginShell | undefined> {
	// No plugin installed (the common case): skip reading config.yaml on every page.
	if (cachedManifests(home, env).length === 0) return undefined;
	const plugins = activePlugins(home, env).filter((plugin) => !plugin.userHidden);
	if (plugins.length === 0) return undefined;
	const present = new Set<string>([...SHELL_SLOTS, ...pageSlotsFor(path)]);
	// Plugins are asked side by side: a slow one costs the page its own wait, not the sum.
	const parts = await Promise.all(
		plugins.map((plugin) => contribution(plugin, home, request, present, plugin.name === tabPlugin, timeoutMs)),
	);
	const slots: Record<string, SlotFill[]> = {};
	for (const [slot, fill] of parts.flatMap((part) => part.fills)) slots[slot] = [...(slots[slot] ?? []), fill];
	return {
		plugins,
		slots,
		scripts: parts.flatMap((part) => (part.script === undefined ? [] : [part.script])),
		styles: parts.flatMap((part) => (part.style === undefined ? [] : [part.style])),
		tab: parts.find((part) => part.tab !== undefined)?.tab,
	};
}

interface Contribution {
	tab?: TabContent;
	fills: [string, SlotFill][];
	script?: PluginScript;
	style?: string;
}

function assetPath(plugin: RuntimePlugin, file: string): string {
	return `/dashboard-plugins/${encodeURIComponent(plugin.name)}/${encodeURI(file)}`;
}

/** One plugin's part of the page: its tab (if this is it), slot fills, script and stylesheet. */
async function contribution(
	plugin: RuntimePlugin,
	home: string,
	request: Request,
	present: Set<string>,
	isTab: boolean,
	timeoutMs: number,
): Promise<Contribution> {
	const here = plugin.manifest.slots.filter((slot) => present.has(slot));
	const result: Contribution = { fills: [] };
	if (isTab) result.tab = await tabContent(plugin, home, request, timeoutMs);
	for (const slot of here) {
		// Slot names come from the fixed list above, so they go into the path as they are.
		const fill: SlotFill = { plugin: plugin.name, client: plugin.script !== null };
		if (plugin.server !== null) {
			const fragment = await serverFragment(plugin, home, request, `/slots/${slot}`, timeoutMs);
			fill.html = fragment.html;
			fill.warning = fragment.warning;
		}
		if (fill.client || fill.html !== undefined || fill.warning !== undefined) result.fills.push([slot, fill]);
	}
	if (!isTab && here.length === 0) return result;
	if (plugin.script !== null) result.script = { name: plugin.name, src: assetPath(plugin, plugin.script) };
	if (plugin.css !== null) result.style = assetPath(plugin, plugin.css);
	return result;
}
