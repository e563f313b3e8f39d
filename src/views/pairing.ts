/**
 * @module
 * The Pairing page: pending requests and approved users grouped per platform, an
 * approve-by-code form per platform, revoke per user, and clear-pending. Behaviour
 * lives in `static/js/pairing.js`.
 */
import { html } from "hono/html";
import type { ApprovedUser, PendingRequest } from "../hermes/pairing/store.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { formatInteger, timeElement } from "./format.ts";

export interface PairingOverview {
	pending: PendingRequest[];
	approved: ApprovedUser[];
}

function approvedAt(value: unknown, lang: Language): Markup | string {
	return typeof value === "number" ? timeElement(lang, value * 1000) : "";
}

function platformSection(platform: string, overview: PairingOverview, lang: Language): Markup {
	const pending = overview.pending.filter((item) => item.platform === platform);
	const approved = overview.approved.filter((item) => item.platform === platform);
	return html`<section class="card wide pairing-platform" data-platform="${platform}" data-testid="pairing-${platform}">
<h2>${platform}</h2>
<h3>${t(lang, "pairing.pending")}</h3>
${
	pending.length === 0
		? html`<p class="muted small">${t(lang, "pairing.none_pending")}</p>`
		: html`<table class="pairing-table"><thead><tr><th>${t(lang, "pairing.user")}</th><th>${t(lang, "pairing.age")}</th><th>${t(lang, "pairing.code_hint")}</th></tr></thead><tbody>
${pending.map((item) => html`<tr data-testid="pending-${item.user_id}"><td>${item.user_name || item.user_id} <span class="muted small">${item.user_id}</span></td><td>${formatInteger(lang, item.age_minutes)} ${t(lang, "pairing.minutes")}</td><td><code class="muted">${item.code}</code></td></tr>`)}
</tbody></table>`
}
<form class="pairing-approve" data-action="approve">
<input name="code" required maxlength="16" autocomplete="off" spellcheck="false" placeholder="ABCD2345" aria-label="${t(lang, "pairing.code")} (${platform})">
<button type="submit" class="primary">${t(lang, "pairing.approve")}</button>
</form>
<h3>${t(lang, "pairing.approved")}</h3>
${
	approved.length === 0
		? html`<p class="muted small">${t(lang, "pairing.none_approved")}</p>`
		: html`<ul class="pairing-approved">${approved.map(
				(
					user,
				) => html`<li data-user-id="${user.user_id}" data-testid="approved-${user.user_id}"><span>${user.user_name || user.user_id}</span> <span class="muted small">${user.user_id}</span>
<span class="muted small">${t(lang, "pairing.approved_at")} ${approvedAt(user.approved_at, lang)}</span>
<button type="button" class="danger small" data-action="revoke">${t(lang, "pairing.revoke")}</button></li>`,
			)}</ul>`
}
<p class="form-error" role="alert" hidden></p>
</section>`;
}

/** Every platform that has a store file; swapped whole after every change. */
export function pairingList(overview: PairingOverview, lang: Language): Markup {
	const platforms = [...new Set([...overview.pending, ...overview.approved].map((item) => item.platform))].sort();
	return html`<div id="pairing-list">
${platforms.length === 0 ? html`<p class="muted">${t(lang, "pairing.none_pending")}</p>` : platforms.map((platform) => platformSection(platform, overview, lang))}
</div>`;
}

export function pairingPage(overview: PairingOverview, lang: Language): Markup {
	return html`<h1>${t(lang, "pairing.title")}</h1>
<div class="channels-page" id="pairing-page" data-confirm-revoke="${t(lang, "pairing.confirm_revoke")}" data-confirm-clear="${t(lang, "pairing.confirm_clear")}">
<p class="muted">${t(lang, "pairing.intro")}</p>
<div class="toolbar"><button type="button" class="danger" data-action="clear-pending">${t(lang, "pairing.clear")}</button>
<span class="muted small" id="pairing-status" role="status"></span></div>
${pairingList(overview, lang)}
</div>`;
}
