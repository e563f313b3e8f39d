/**
 * @module
 * The Webhooks page: the platform switch (with a one-click enable when it is off), the
 * create form, the one-time secret panel (filled by `static/js/webhooks.js` from the
 * create answer, never rendered by the server) and the subscription list.
 */
import { html } from "hono/html";
import type { WebhookSummary } from "../hermes/webhooks/subscriptions.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { gatewayRestartPanel } from "./gateway_restart.ts";

export interface WebhooksOverview {
	enabled: boolean;
	base_url: string;
	subscriptions: WebhookSummary[];
}

function route(sub: WebhookSummary, lang: Language): Markup {
	return html`<li class="card wide hook-row" data-name="${sub.name}" data-testid="webhook-${sub.name}">
<div class="hook-head">
<code class="hook-name">${sub.name}</code>
<label class="switch"><input type="checkbox" data-action="toggle"${sub.enabled ? html` checked` : ""} aria-label="${t(lang, "webhooks.route_enabled")} ${sub.name}">
<span data-testid="webhook-state">${sub.enabled ? t(lang, "webhooks.route_enabled") : t(lang, "webhooks.route_disabled")}</span></label>
<button type="button" class="danger small" data-action="delete">${t(lang, "webhooks.delete")}</button>
</div>
${sub.description !== "" ? html`<p class="muted small">${sub.description}</p>` : ""}
<p class="small"><code class="hook-url" data-testid="webhook-url">${sub.url}</code></p>
<p class="muted small">${sub.events.length > 0 ? sub.events.join(", ") : t(lang, "webhooks.events_all")} → ${sub.deliver}${sub.deliver_only ? " (direct)" : ""}
· ${sub.secret_set ? t(lang, "webhooks.secret_set") : t(lang, "webhooks.no_secret")}</p>
<p class="form-error" role="alert" hidden></p>
</li>`;
}

/** The platform banner and the list; swapped whole after every change. */
export function webhooksList(overview: WebhooksOverview, lang: Language): Markup {
	return html`<div id="webhooks-list" data-platform-enabled="${overview.enabled ? "true" : "false"}">
${
	overview.enabled
		? html`<p class="muted small">${t(lang, "webhooks.base_url")} <code>${overview.base_url}</code></p>`
		: html`<div class="card wide notice" data-testid="webhooks-off"><p>${t(lang, "webhooks.platform_off")}</p>
<button type="button" class="primary" data-action="enable-platform">${t(lang, "webhooks.enable_platform")}</button></div>`
}
${
	overview.subscriptions.length === 0
		? html`<p class="muted" data-testid="webhooks-empty">${t(lang, "webhooks.none")}</p>`
		: html`<ul class="hook-rows">${overview.subscriptions.map((sub) => route(sub, lang))}</ul>`
}
</div>`;
}

export function webhooksPage(overview: WebhooksOverview, lang: Language): Markup {
	return html`<h1>${t(lang, "webhooks.title")}</h1>
<div class="channels-page" id="webhooks-page" data-confirm="${t(lang, "webhooks.confirm_delete")}" data-copied="${t(lang, "webhooks.copied")}">
<p class="muted">${t(lang, "webhooks.intro")}</p>
<p class="notice-ok" id="webhooks-restart" role="status" hidden>${t(lang, "webhooks.enabled_restart")} <code>hermes gateway restart</code></p>
${gatewayRestartPanel(lang)}
<section class="card wide secret-panel" id="webhook-secret" hidden data-testid="webhook-secret">
<h2>${t(lang, "webhooks.secret_title")}</h2>
<p class="muted small">${t(lang, "webhooks.secret_help")}</p>
<div class="secret-row"><input type="text" readonly id="webhook-secret-value" aria-label="${t(lang, "webhooks.secret_title")}" spellcheck="false" autocomplete="off">
<button type="button" data-action="copy-secret">${t(lang, "webhooks.copy")}</button>
<button type="button" data-action="dismiss-secret">${t(lang, "webhooks.dismiss")}</button></div>
<p class="small"><code id="webhook-secret-url"></code></p>
</section>
<form class="card wide stack-form" id="webhook-create">
<h2>${t(lang, "webhooks.create")}</h2>
<label>${t(lang, "webhooks.name")} <input name="name" required autocomplete="off" spellcheck="false"></label>
<label>${t(lang, "webhooks.description")} <input name="description" autocomplete="off"></label>
<label>${t(lang, "webhooks.events")} <input name="events" autocomplete="off" placeholder="push, pull_request"></label>
<label>${t(lang, "webhooks.prompt")} <textarea name="prompt" rows="3" placeholder="Summarise this event: {payload}"></textarea></label>
<label>${t(lang, "webhooks.skills")} <input name="skills" autocomplete="off"></label>
<label>${t(lang, "webhooks.deliver")} <input name="deliver" value="log" autocomplete="off" list="webhook-targets"></label>
<datalist id="webhook-targets"><option value="log"><option value="telegram"><option value="discord"><option value="slack"><option value="github_comment"></datalist>
<label>${t(lang, "webhooks.deliver_chat_id")} <input name="deliver_chat_id" autocomplete="off"></label>
<label class="inline"><input type="checkbox" name="deliver_only"> ${t(lang, "webhooks.deliver_only")}</label>
<div><button type="submit" class="primary">${t(lang, "webhooks.submit")}</button></div>
<p class="form-error" role="alert" hidden></p>
</form>
${webhooksList(overview, lang)}
</div>`;
}
