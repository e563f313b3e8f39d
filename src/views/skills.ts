/**
 * @module
 * The Skills page: installed skills (search, category pills, per-skill toggle, a detail
 * view with the rendered SKILL.md and an editor), the Toolsets tab (active or not,
 * setup state, included tools) and the Hub tab (search with trust badges, install with
 * a live log, uninstall, update all). `static/js/skills.js` drives the interactions.
 */
import { html, raw } from "hono/html";
import type { InstalledSkill } from "../hermes/skills/scan.ts";
import type { ToolsetRow } from "../hermes/toolsets/state.ts";
import type { HubSource } from "../hermes/skills/sources.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

function skillRow(skill: InstalledSkill, lang: Language): Markup {
	const category = skill.category ?? "";
	return html`<li class="skill-row" data-testid="skill-row" data-name="${skill.name}" data-category="${category}" data-search="${`${skill.name} ${skill.description}`.toLowerCase()}">
<label class="skill-toggle" title="${t(lang, "skills.enabled")}"><input type="checkbox" class="skill-enabled" data-name="${skill.name}"${skill.enabled ? html` checked` : ""} aria-label="${t(lang, "skills.enabled")}: ${skill.name}"></label>
<button type="button" class="skill-open link" data-name="${skill.name}">${skill.name}</button>
<span class="badge provenance">${skill.provenance}</span>
${skill.category === null ? "" : html`<span class="muted skill-category">${skill.category}</span>`}
<span class="muted skill-usage" title="${t(lang, "skills.usage")}">${skill.usage}</span>
${skill.provenance === "hub" ? html`<button type="button" class="hub-uninstall" data-name="${skill.name}">${t(lang, "skills.hub_uninstall")}</button>` : ""}
<p class="skill-description">${skill.description}</p>
</li>`;
}

/** The installed list's rows (the page, and the fragment that refreshes it after a hub action). */
export function skillRows(skills: readonly InstalledSkill[], lang: Language): Markup {
	return html`${skills.map((skill) => skillRow(skill, lang))}`;
}

function installedTab(skills: readonly InstalledSkill[], lang: Language): Markup {
	const categories = [...new Set(skills.map((skill) => skill.category ?? ""))].sort();
	return html`<section class="skills-tab" id="tab-installed" data-tab="installed">
<div class="skills-toolbar">
<input type="search" id="skills-filter" placeholder="${t(lang, "skills.search")}" aria-label="${t(lang, "skills.search")}" autocomplete="off">
<div class="pills" role="group" id="skills-pills">
<button type="button" class="pill active" data-category="*">${t(lang, "skills.all")}</button>
${categories.map((category) => html`<button type="button" class="pill" data-category="${category}">${category === "" ? t(lang, "skills.uncategorized") : category}</button>`)}
</div>
</div>
${skills.length === 0 ? html`<p class="muted">${t(lang, "skills.none")}</p>` : ""}
<ul class="skill-list" id="skill-list">${skillRows(skills, lang)}</ul>
<p class="muted" id="skills-no-match" hidden>${t(lang, "skills.no_match")}</p>
<div class="skill-detail" id="skill-detail" data-testid="skill-detail" hidden></div>
</section>`;
}

/** The detail fragment: rendered SKILL.md (sanitised HTML from views/markdown.ts) and its editor. */
export function skillDetail(name: string, content: string, version: string, rendered: string, lang: Language): Markup {
	return html`<header class="skill-detail-head"><h2>${name}</h2>
<button type="button" class="skill-edit">${t(lang, "skills.edit")}</button>
<button type="button" class="skill-close">${t(lang, "skills.close")}</button></header>
<article class="markdown skill-markdown">${raw(rendered)}</article>
<form class="skill-editor" hidden data-name="${name}" data-version="${version}">
<textarea name="content" rows="20" spellcheck="false" aria-label="SKILL.md">${content}</textarea>
<div class="skill-editor-actions"><button type="submit">${t(lang, "skills.save")}</button>
<span class="skill-editor-status" role="status" data-saved="${t(lang, "skills.saved")}"></span></div>
</form>`;
}

/** "Needs one of: A + B · C" from the provider rows' env vars (only when not configured). */
function requirementText(groups: readonly (readonly string[])[]): string {
	return groups
		.filter((group) => group.length > 0)
		.map((group) => group.join(" + "))
		.join(" · ");
}

function toolsetsTab(
	toolsets: readonly ToolsetRow[],
	requirements: Readonly<Record<string, readonly (readonly string[])[]>>,
	lang: Language,
): Markup {
	return html`<section class="skills-tab" id="tab-toolsets" data-tab="toolsets" hidden>
<ul class="toolset-list">${toolsets.map(
		(row) => html`<li class="toolset-row" data-testid="toolset-row" data-name="${row.name}">
<label class="skill-toggle"><input type="checkbox" class="toolset-enabled" data-name="${row.name}"${row.enabled ? html` checked` : ""} aria-label="${row.label}"></label>
<strong>${row.label}</strong>
<span class="badge ${row.enabled ? "ok" : "off"}">${t(lang, row.enabled ? "skills.toolset_active" : "skills.toolset_inactive")}</span>
<span class="badge ${row.configured ? "ok" : "warn"}">${t(lang, row.configured ? "skills.toolset_ready" : "skills.toolset_needs_setup")}</span>
<p class="muted toolset-tools">${t(lang, "skills.toolset_tools")}: ${row.tools.length === 0 ? "—" : row.tools.join(", ")}</p>
${row.configured || requirementText(requirements[row.name] ?? []) === "" ? "" : html`<p class="toolset-requires" data-testid="toolset-requires">${t(lang, "skills.toolset_requires")}: <code>${requirementText(requirements[row.name] ?? [])}</code></p>`}
</li>`,
	)}</ul>
</section>`;
}

function hubTab(sources: readonly HubSource[], lang: Language): Markup {
	return html`<section class="skills-tab" id="tab-hub" data-tab="hub" hidden>
<form class="hub-search" id="hub-search">
<input type="search" name="q" placeholder="${t(lang, "skills.hub_search")}" aria-label="${t(lang, "skills.hub_search")}" autocomplete="off">
<label>${t(lang, "skills.hub_source")} <select name="source"><option value="all">${t(lang, "skills.all")}</option>${sources.map((source) => html`<option value="${source.id}">${source.label}</option>`)}</select></label>
<button type="submit">${t(lang, "skills.hub_go")}</button>
<button type="button" id="hub-update-all">${t(lang, "skills.hub_update_all")}</button>
</form>
<p class="muted" id="hub-message" data-empty="${t(lang, "skills.hub_empty")}" data-none="${t(lang, "skills.hub_no_results")}">${t(lang, "skills.hub_empty")}</p>
<ul class="hub-results" id="hub-results" data-install="${t(lang, "skills.hub_install")}" data-installed="${t(lang, "skills.hub_installed")}" data-uninstall="${t(lang, "skills.hub_uninstall")}" data-preview="${t(lang, "skills.hub_preview")}"></ul>
<section class="hub-log" id="hub-log-panel" hidden>
<h3>${t(lang, "skills.hub_log")} <span class="badge" id="hub-log-status" data-running="${t(lang, "skills.hub_running")}" data-done="${t(lang, "skills.hub_done")}"></span></h3>
<pre class="hub-log-lines" id="hub-log" data-testid="hub-log" role="log"></pre>
</section>
</section>`;
}

export function skillsPage(
	skills: readonly InstalledSkill[],
	toolsets: readonly ToolsetRow[],
	requirements: Readonly<Record<string, readonly (readonly string[])[]>>,
	sources: readonly HubSource[],
	lang: Language,
): Markup {
	return html`<h1>${t(lang, "skills.title")}</h1>
<nav class="tabs" role="tablist" id="skills-tabs">
<button type="button" role="tab" class="tab active" data-tab="installed" aria-selected="true">${t(lang, "skills.tab_installed")}</button>
<button type="button" role="tab" class="tab" data-tab="toolsets" aria-selected="false">${t(lang, "skills.tab_toolsets")}</button>
<button type="button" role="tab" class="tab" data-tab="hub" aria-selected="false">${t(lang, "skills.tab_hub")}</button>
</nav>
${installedTab(skills, lang)}
${toolsetsTab(toolsets, requirements, lang)}
${hubTab(sources, lang)}`;
}
