/**
 * @module
 * The MCP page: configured servers (transport, state, masked env, enable toggle, Test,
 * Remove), an add form (URL or command), and a Catalog tab loaded on first open. Only
 * masked values are ever rendered. Behaviour lives in `static/js/mcp.js`.
 */
import { html } from "hono/html";
import type { ServerView } from "../hermes/mcp/servers.ts";
import type { CatalogDiagnostic } from "../hermes/mcp/catalog.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

function pairs(entries: [string, string][], className: string): Markup {
	return html`<dl class="${className}">${entries.map(([key, value]) => html`<dt>${key}</dt><dd><code>${value}</code></dd>`)}</dl>`;
}

function serverCard(server: ServerView, lang: Language): Markup {
	const env = Object.entries(server.env);
	const headers = Object.entries(server.headers);
	const target = server.transport === "http" ? server.url : [server.command ?? "", ...server.args].join(" ").trim();
	return html`<li class="mcp-server card wide${server.enabled ? "" : " is-disabled"}" data-name="${server.name}" data-testid="mcp-server-${server.name}">
<div class="mcp-head">
<strong class="mcp-name">${server.name}</strong>
<span class="badge" data-testid="mcp-transport">${server.transport}</span>
<span class="badge ${server.enabled ? "ok" : "off"}" data-testid="mcp-state">${t(lang, server.enabled ? "mcp.enabled" : "mcp.disabled")}</span>
<label class="mcp-toggle"><input type="checkbox" data-action="toggle" data-testid="mcp-enabled"${server.enabled ? " checked" : ""}> ${t(lang, "mcp.enabled")}</label>
<span class="mcp-actions">
<button type="button" data-action="test" data-testid="mcp-test">${t(lang, "mcp.test")}</button>
${
	server.transport === "http" && (server.auth === "oauth" || Object.keys(server.headers).length === 0)
		? html`<button type="button" data-action="signin" data-testid="mcp-signin">${t(lang, "mcp.signin")}</button>`
		: ""
}
<button type="button" class="danger" data-action="remove" data-testid="mcp-remove">${t(lang, "mcp.remove")}</button>
</span>
</div>
<code class="mcp-target">${target ?? ""}</code>
${headers.length > 0 ? pairs(headers, "mcp-env mcp-headers") : ""}
${server.transport === "http" && env.length === 0 ? "" : env.length === 0 ? html`<p class="muted small">${t(lang, "mcp.no_env")}</p>` : pairs(env, "mcp-env")}
<div class="mcp-result" data-testid="mcp-result" aria-live="polite" hidden></div>
<p class="mcp-error" role="alert" hidden></p>
</li>`;
}

/** The server list; swapped whole after every change. */
export function mcpServerList(servers: ServerView[], lang: Language): Markup {
	return html`<ul id="mcp-servers" class="mcp-servers">${
		servers.length === 0
			? html`<li class="muted">${t(lang, "mcp.empty")}</li>`
			: servers.map((s) => serverCard(s, lang))
	}</ul>`;
}

function addForm(lang: Language): Markup {
	return html`<form class="card wide mcp-add" id="mcp-add" data-kind="url">
<h2>${t(lang, "mcp.add")}</h2>
<label>${t(lang, "mcp.name")} <input name="name" required autocomplete="off" spellcheck="false"></label>
<fieldset class="mcp-kind"><legend>${t(lang, "mcp.kind")}</legend>
<label><input type="radio" name="kind" value="url" checked> ${t(lang, "mcp.kind.url")}</label>
<label><input type="radio" name="kind" value="command"> ${t(lang, "mcp.kind.command")}</label>
</fieldset>
<div class="for-url">
<label>${t(lang, "mcp.url")} <input name="url" type="url" placeholder="http://127.0.0.1:8000/mcp" autocomplete="off"></label>
<label>${t(lang, "mcp.auth")} <select name="auth">
<option value="">${t(lang, "mcp.auth.none")}</option>
<option value="header">${t(lang, "mcp.auth.header")}</option>
<option value="oauth">${t(lang, "mcp.auth.oauth")}</option>
</select></label>
</div>
<div class="for-command">
<label>${t(lang, "mcp.command")} <input name="command" placeholder="npx" autocomplete="off" spellcheck="false"></label>
<label>${t(lang, "mcp.args")} <textarea name="args" rows="3" spellcheck="false"></textarea></label>
<label>${t(lang, "mcp.env")} <textarea name="env" rows="3" spellcheck="false" placeholder="API_KEY=..."></textarea></label>
</div>
<button type="submit" class="primary">${t(lang, "mcp.save")}</button>
<p class="mcp-error" role="alert" hidden></p>
</form>`;
}

function catalogCard(entry: Record<string, unknown>, lang: Language): Markup {
	const requiredEnv = entry.required_env as { name: string; prompt: string; required: boolean }[];
	const target = entry.transport === "http" ? entry.url : [entry.command, ...(entry.args as string[])].join(" ");
	return html`<li class="mcp-entry card wide" data-name="${String(entry.name)}" data-testid="mcp-entry-${String(entry.name)}">
<div class="mcp-head"><strong>${String(entry.name)}</strong>
<span class="badge">${String(entry.transport)}</span>
${entry.installed ? html`<span class="badge ok" data-testid="mcp-entry-installed">${t(lang, "mcp.catalog.installed")}</span>` : ""}
</div>
<p>${String(entry.description)}</p>
<code class="mcp-target">${String(target ?? "")}</code>
${
	entry.source
		? html`<p class="small">${t(lang, "mcp.catalog.source")}: ${/^https?:\/\//i.test(String(entry.source)) ? html`<a href="${String(entry.source)}" target="_blank" rel="noopener noreferrer">${String(entry.source)}</a>` : String(entry.source)}</p>`
		: ""
}
${
	entry.needs_install
		? html`<p class="muted small">${t(lang, "mcp.catalog.needs_install")}</p>
<p class="small"><code>${String(entry.install_url)}</code> @ <code>${String(entry.install_ref)}</code></p>
<ul class="mcp-bootstrap small" data-testid="mcp-bootstrap">${(entry.bootstrap as string[]).map((command) => html`<li><code>${command}</code></li>`)}</ul>`
		: ""
}
<form class="mcp-install" data-action="install">
${requiredEnv.map(
	(spec) =>
		html`<label>${spec.prompt} <input type="password" name="${spec.name}" autocomplete="off" data-env="${spec.name}"${spec.required ? " required" : ""}></label>`,
)}
<button type="submit" class="primary">${t(lang, "mcp.catalog.install")}</button>
</form>
${
	entry.needs_install
		? html`<div class="mcp-install-log" data-testid="mcp-install-log" data-state="idle" hidden>
<span class="badge" data-testid="mcp-install-status" data-running="${t(lang, "mcp.catalog.running")}" data-done="${t(lang, "mcp.catalog.exit")}"></span>
<pre class="mcp-log-lines"></pre></div>`
		: ""
}
<p class="mcp-error" role="alert" hidden></p>
<p class="mcp-done small" hidden>${t(lang, "mcp.catalog.done")}</p>
</li>`;
}

/** The Catalog tab's content. */
export function mcpCatalogList(
	entries: Record<string, unknown>[],
	diagnostics: CatalogDiagnostic[],
	lang: Language,
): Markup {
	return html`<div id="mcp-catalog-list">
${
	diagnostics.length > 0
		? html`<section class="card wide mcp-diagnostics" data-testid="mcp-diagnostics"><h2>${t(lang, "mcp.catalog.diagnostics")}</h2><ul>${diagnostics.map(
				(d) => html`<li><code>${d.name}</code> ${d.message}</li>`,
			)}</ul></section>`
		: ""
}
${
	entries.length === 0
		? html`<p class="muted">${t(lang, "mcp.catalog.empty")}</p>`
		: html`<ul class="mcp-entries">${entries.map((entry) => catalogCard(entry, lang))}</ul>`
}
</div>`;
}

export function mcpPage(servers: ServerView[], lang: Language): Markup {
	return html`<h1>${t(lang, "mcp.title")}</h1>
<div class="mcp-page" id="mcp-page" data-confirm="${t(lang, "mcp.confirm_remove")}" data-testing="${t(lang, "mcp.testing")}" data-signing-in="${t(lang, "mcp.signing_in")}" data-ok="${t(lang, "mcp.test_ok")}" data-failed="${t(lang, "mcp.test_failed")}" data-prompts="${t(lang, "mcp.prompts")}" data-resources="${t(lang, "mcp.resources")}" data-env-invalid="${t(lang, "mcp.env_invalid")}">
<div class="mcp-tabs" role="tablist">
<button type="button" role="tab" id="mcp-tab-servers" aria-controls="mcp-panel-servers" aria-selected="true" data-tab="servers">${t(lang, "mcp.tab.servers")}</button>
<button type="button" role="tab" id="mcp-tab-catalog" aria-controls="mcp-panel-catalog" aria-selected="false" data-tab="catalog">${t(lang, "mcp.tab.catalog")}</button>
</div>
<section id="mcp-panel-servers" role="tabpanel" aria-labelledby="mcp-tab-servers">
<p class="muted small">${t(lang, "mcp.restart_note")}</p>
${mcpServerList(servers, lang)}
${addForm(lang)}
</section>
<section id="mcp-panel-catalog" role="tabpanel" aria-labelledby="mcp-tab-catalog" hidden>
<div id="mcp-catalog-list"></div>
</section>
</div>`;
}
