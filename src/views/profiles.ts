/**
 * @module
 * The Profiles page: one card per profile (model, skills, keys file, description,
 * gateway), the create form, and the rename, SOUL.md and delete dialogs. The card list
 * is also served alone (`/ui/profiles/list`) so `static/js/profiles.js` can refresh it
 * after each change.
 */
import { html } from "hono/html";
import type { ProfileRow } from "../hermes/profiles/list.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { moreMenu } from "./row_actions.ts";
import { formatInteger } from "./format.ts";

export interface ProfilesView {
	profiles: ProfileRow[];
	active: string;
	current: string;
	/** Visible sessions in each profile's state.db. */
	sessionCounts: Record<string, number>;
}

function card(row: ProfileRow, view: ProfilesView, lang: Language): Markup {
	const active = row.name === view.active;
	return html`<article class="card profile-card" data-profile="${row.name}" data-testid="profile-card">
<header class="profile-card-head">
<h2 data-testid="profile-name">${row.name}</h2>
${row.is_default ? html`<span class="badge off">${t(lang, "profiles.default")}</span>` : ""}
${active ? html`<span class="badge ok" data-testid="profile-active">${t(lang, "profiles.active")}</span>` : ""}
${row.gateway_running ? html`<span class="badge ok">${t(lang, "profiles.gateway_running")}</span>` : ""}
</header>
<p class="muted profile-path">${row.path}</p>
${row.description === "" ? "" : html`<p class="profile-description">${row.description}${row.description_auto ? html` <span class="badge off">${t(lang, "profiles.auto")}</span>` : ""}</p>`}
<dl class="profile-facts">
<dt>${t(lang, "profiles.model")}</dt><dd data-testid="profile-model">${row.model === null ? html`<span class="muted">${t(lang, "profiles.no_model")}</span>` : `${row.model}${row.provider ? ` · ${row.provider}` : ""}`}</dd>
<dt>${t(lang, "profiles.sessions")}</dt><dd data-testid="profile-sessions">${view.sessionCounts[row.name] ?? 0}</dd>
<dt>${t(lang, "profiles.skills")}</dt><dd>${formatInteger(lang, row.skill_count)}</dd>
<dt>${t(lang, "profiles.env")}</dt><dd>${row.has_env ? t(lang, "profiles.yes") : t(lang, "profiles.no")}</dd>
${row.distribution_name ? html`<dt>Distribution</dt><dd>${row.distribution_name} ${row.distribution_version ?? ""}</dd>` : ""}
</dl>
<div class="profile-actions">
${active ? "" : html`<button type="button" data-action="activate">${t(lang, "profiles.set_active")}</button>`}
<button type="button" data-action="soul">${t(lang, "profiles.soul")}</button>
${
	row.is_default
		? ""
		: moreMenu(
				lang,
				html`<button type="button" data-action="rename">${t(lang, "profiles.rename")}</button>
<button type="button" class="danger" data-action="delete">${t(lang, "profiles.delete")}</button>`,
			)
}
</div>
</article>`;
}

export function profileList(view: ProfilesView, lang: Language): Markup {
	return html`${view.profiles.map((row) => card(row, view, lang))}`;
}

export function profilesPage(view: ProfilesView, lang: Language): Markup {
	return html`<h1>${t(lang, "profiles.title")}</h1>
<p class="muted">${t(lang, "profiles.active_note")}</p>
<p class="profiles-message" id="profiles-message" role="status" aria-live="polite" data-saved="${t(lang, "profiles.saved")}"></p>
<form class="card profiles-create" id="profile-create">
<h2>${t(lang, "profiles.new")}</h2>
<label>${t(lang, "profiles.name")} <input name="name" required pattern="[a-z0-9][a-z0-9_\\-]{0,63}" autocomplete="off" data-testid="profile-new-name"></label>
<label>${t(lang, "profiles.clone_from")} <select name="clone_from"><option value="">${t(lang, "profiles.clone_none")}</option>${view.profiles.map((row) => html`<option value="${row.name}">${row.name}</option>`)}</select></label>
<label>${t(lang, "profiles.description")} <input name="description" autocomplete="off"></label>
<button type="submit" class="primary" data-testid="profile-create">${t(lang, "profiles.create")}</button>
</form>
<section class="profile-list" id="profile-list" data-testid="profile-list">${profileList(view, lang)}</section>
<dialog id="profile-rename" class="profiles-dialog">
<form method="dialog">
<h2>${t(lang, "profiles.rename")} <span data-slot="name"></span></h2>
<label>${t(lang, "profiles.new_name")} <input name="new_name" required autocomplete="off" data-testid="profile-rename-input"></label>
<p class="profiles-error" data-slot="error" role="alert"></p>
<div class="profile-actions"><button type="submit" value="ok" class="primary" data-testid="profile-rename-save">${t(lang, "profiles.save")}</button><button type="submit" value="cancel" formnovalidate>${t(lang, "profiles.cancel")}</button></div>
</form>
</dialog>
<dialog id="profile-soul" class="profiles-dialog wide">
<form method="dialog">
<h2>SOUL.md · <span data-slot="name"></span></h2>
<textarea name="content" rows="16" spellcheck="false" data-testid="profile-soul-text"></textarea>
<p class="profiles-error" data-slot="error" role="alert"></p>
<div class="profile-actions"><button type="submit" value="ok" class="primary" data-testid="profile-soul-save">${t(lang, "profiles.save")}</button><button type="submit" value="cancel">${t(lang, "profiles.cancel")}</button></div>
</form>
</dialog>
<dialog id="profile-delete" class="profiles-dialog">
<form method="dialog">
<h2>${t(lang, "profiles.delete")} <span data-slot="name"></span></h2>
<p>${t(lang, "profiles.confirm_delete")}</p>
<p class="profiles-error" data-slot="error" role="alert"></p>
<div class="profile-actions"><button type="submit" value="ok" class="danger" data-testid="profile-delete-confirm">${t(lang, "profiles.delete")}</button><button type="submit" value="cancel">${t(lang, "profiles.cancel")}</button></div>
</form>
</dialog>`;
}
