/**
 * @module
 * The Status page (the landing page) and its self-refreshing cards fragment.
 */
import { html } from "hono/html";
import type { StatusPayload } from "../hermes/status/status.ts";
import type { SessionListRow } from "../hermes/sessions/types.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { platformIcon } from "./icons.ts";
import { formatDay, formatInteger, timeElement } from "./format.ts";

function stateBadge(running: boolean, lang: Language): Markup {
	return running
		? html`<span class="badge ok"><span class="dot pulse"></span>${t(lang, "status.running")}</span>`
		: html`<span class="badge off"><span class="dot"></span>${t(lang, "status.stopped")}</span>`;
}

function platformRows(status: StatusPayload, lang: Language): Markup {
	const entries = Object.entries(status.gateway_platforms);
	if (entries.length === 0) {
		return html`<p class="muted">${t(lang, "status.no_platforms")}</p>`;
	}
	return html`<ul class="platforms">${entries.map(
		([name, platform]) =>
			html`<li>${platformIcon(name)}<span class="platform-name">${name}</span><span class="badge ${
				platform.state === "connected" || platform.state === "running" ? "ok" : "warn"
			}">${platform.state ?? "unknown"}</span>${
				platform.error_message ? html`<span class="muted small">${platform.error_message}</span>` : ""
			}</li>`,
	)}</ul>`;
}

/** The cards block; swapped in place every few seconds while the tab is visible. */
export function statusCards(status: StatusPayload, lang: Language, renderedAt: Date): Markup {
	const migrate = status.config_version < status.latest_config_version;
	return html`<div id="status-cards" class="cards" hx-get="/ui/status" hx-trigger="hermes:tick from:body" hx-swap="outerHTML" aria-live="polite">
<section class="card" data-testid="card-version">
<h2>${t(lang, "status.version")}</h2>
${
	status.hermes_installed
		? html`<p class="big" data-testid="hermes-version">${status.version}</p>
<p class="muted">${t(lang, "status.release")}: ${formatDay(lang, status.release_date)}</p>`
		: html`<p class="big muted" data-testid="hermes-version">${status.version}</p>
<p class="muted">${t(lang, "status.not_installed")}</p>`
}
<p class="muted">${t(lang, "status.config_version")}: <span data-testid="config-version">${status.config_version}</span> / ${status.latest_config_version}
${migrate ? html`<span class="badge warn">${t(lang, "status.migrate_pending")}</span>` : ""}</p>
</section>
<section class="card" data-testid="card-gateway">
<h2>${t(lang, "status.gateway")}</h2>
<p class="big" data-testid="gateway-state">${stateBadge(status.gateway_running, lang)}</p>
<dl>
<dt>${t(lang, "status.state")}</dt><dd>${status.gateway_state ?? "—"}</dd>
${status.gateway_pid !== undefined ? html`<dt>${t(lang, "status.pid")}</dt><dd data-testid="gateway-pid">${status.gateway_pid ?? "—"}</dd>` : ""}
<dt>${t(lang, "status.active_agents")}</dt><dd>${status.active_agents}</dd>
</dl>
<h3>${t(lang, "status.platforms")}</h3>
${platformRows(status, lang)}
</section>
<section class="card" data-testid="card-sessions">
<h2>${t(lang, "status.active_sessions")}</h2>
<p class="big" data-testid="active-sessions">${formatInteger(lang, status.active_sessions)}</p>
<dl>
<dt>${t(lang, "status.profiles")}</dt><dd>${status.profiles.join(", ")}</dd>
${status.hermes_home !== undefined ? html`<dt>${t(lang, "status.home")}</dt><dd class="mono" data-testid="hermes-home">${status.hermes_home}</dd>` : ""}
<dt>${t(lang, "status.auth")}</dt><dd>${status.auth_required ? t(lang, "status.auth_gated") : t(lang, "status.auth_token")}</dd>
</dl>
</section>
<p class="muted small updated">${t(lang, "status.updated")} ${timeElement(lang, renderedAt, "time", "status-updated")}</p>
</div>`;
}

export function statusPage(status: StatusPayload, lang: Language, renderedAt: Date, recent: Markup): Markup {
	return html`<h1>${t(lang, "status.title")}</h1>
${statusCards(status, lang, renderedAt)}
<section class="card wide" id="recent-sessions">
<h2>${t(lang, "status.recent_sessions")}</h2>
${recent}
</section>`;
}

/** The Status page's recent-sessions table (or a note that there are none). */
export function recentSessionsTable(rows: SessionListRow[], lang: Language): Markup {
	if (rows.length === 0) {
		return html`<p class="muted" data-testid="no-sessions">${t(lang, "status.no_sessions")}</p>`;
	}
	return html`<table class="recent-sessions" data-testid="recent-sessions">
<thead><tr><th>${t(lang, "sessions.session")}</th><th>${t(lang, "sessions.model")}</th><th>${t(lang, "sessions.msgs")}</th><th>${t(lang, "sessions.tokens")}</th></tr></thead>
<tbody>${rows.map(
		(row) => html`<tr data-testid="recent-row">
<td><a href="/sessions?q=${encodeURIComponent(row.id)}">${row.title || row.preview || row.id}</a>${row.is_active ? html` <span class="badge ok"><span class="dot pulse"></span>${t(lang, "sessions.live")}</span>` : ""}
<div class="muted small">${row.preview}</div></td>
<td class="mono">${row.model ?? "—"}</td>
<td>${formatInteger(lang, row.message_count)}</td>
<td>${formatInteger(lang, row.input_tokens + row.output_tokens)}</td>
</tr>`,
	)}</tbody>
</table>`;
}
