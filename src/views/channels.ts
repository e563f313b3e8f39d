/**
 * @module
 * The Channels page: a card per messaging platform with its live status badge, enable
 * switch, Test button, "Setup guide" link and a configure drawer holding exactly that
 * platform's fields (secrets as password inputs, never pre-filled; only the masked
 * preview is shown). Behaviour lives in `static/js/channels.js`.
 */
import { html } from "hono/html";
import type { PlatformEnvVar, PlatformPayload } from "../hermes/channels/platforms.ts";
import { t, type Language, type MessageKey } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { gatewayRestartPanel } from "./gateway_restart.ts";
import { platformIcon } from "./icons.ts";

export interface ChannelsOverview {
	env_path: string;
	gateway_start_command: string;
	platforms: PlatformPayload[];
}

const GOOD_STATES = new Set(["connected"]);
const BAD_STATES = new Set(["fatal", "startup_failed", "retrying"]);

function stateLabel(state: string, lang: Language): string {
	const key = `channels.state.${state}` as MessageKey;
	const label = t(lang, key);
	return label === undefined || label === key ? state.replaceAll("_", " ") : label;
}

function badgeClass(state: string): string {
	if (GOOD_STATES.has(state)) return "ok";
	if (BAD_STATES.has(state)) return "danger";
	return state === "disabled" || state === "not_configured" ? "off" : "warn";
}

function field(platform: PlatformPayload, env: PlatformEnvVar, lang: Language): Markup {
	const id = `f-${platform.id}-${env.key}`;
	return html`<div class="channel-field${env.advanced ? " advanced" : ""}" data-key="${env.key}">
<label for="${id}"><code>${env.key}</code>${env.required ? html` <span class="required" data-testid="required-${env.key}">* ${t(lang, "channels.required")}</span>` : ""}</label>
${env.description !== "" ? html`<p class="muted small">${env.description}</p>` : ""}
<div class="channel-input">
<input id="${id}" name="${env.key}" type="${env.is_password ? "password" : "text"}" autocomplete="off" spellcheck="false"
 placeholder="${env.is_set ? `${env.redacted_value ?? ""} — ${t(lang, "channels.keep_blank")}` : ""}">
${env.is_set ? html`<label class="inline small"><input type="checkbox" name="clear:${env.key}"> ${t(lang, "channels.clear")}</label>` : ""}
</div>
</div>`;
}

function card(platform: PlatformPayload, lang: Language): Markup {
	return html`<li class="card channel-card" data-id="${platform.id}" data-testid="channel-${platform.id}">
<div class="channel-head">
<h2>${platformIcon(platform.id)} ${platform.name}</h2>
<span class="badge ${badgeClass(platform.state)}" data-testid="channel-state" data-state="${platform.state}">${stateLabel(platform.state, lang)}</span>
</div>
${platform.description !== "" ? html`<p class="muted small">${platform.description}</p>` : ""}
${platform.error_message ? html`<p class="form-error small">${platform.error_message}</p>` : ""}
<div class="channel-actions">
<label class="switch"><input type="checkbox" data-action="toggle"${platform.enabled ? html` checked` : ""}> ${t(lang, "channels.enabled")}</label>
<button type="button" class="small" data-action="test">${t(lang, "channels.test")}</button>
${platform.docs_url !== "" ? html`<a class="small" href="${platform.docs_url}" target="_blank" rel="noopener noreferrer">${t(lang, "channels.guide")}</a>` : ""}
</div>
<p class="channel-message small" role="status" data-testid="channel-message" hidden></p>
<details class="channel-drawer">
<summary>${t(lang, "channels.configure")}</summary>
<form class="channel-form" data-action="configure">
${platform.env_vars.length === 0 ? html`<p class="muted small">${t(lang, "channels.no_fields")}</p>` : platform.env_vars.map((env) => field(platform, env, lang))}
${platform.env_vars.length === 0 ? "" : html`<button type="submit" class="primary">${t(lang, "channels.save")}</button>`}
</form>
</details>
</li>`;
}

/** The cards; swapped whole after every change. */
export function channelsList(overview: ChannelsOverview, lang: Language): Markup {
	return html`<ul id="channels-list" class="channel-grid">${overview.platforms.map((platform) => card(platform, lang))}</ul>`;
}

export function channelsPage(overview: ChannelsOverview, lang: Language): Markup {
	return html`<h1>${t(lang, "channels.title")}</h1>
<div class="channels-page" id="channels-page" data-saved="${t(lang, "channels.saved")}">
<p class="muted">${t(lang, "channels.intro")}</p>
<p class="notice-ok" data-testid="restart-hint">${t(lang, "channels.restart_hint")} <code data-testid="gateway-command">${overview.gateway_start_command}</code></p>
${gatewayRestartPanel(lang)}
${channelsList(overview, lang)}
</div>`;
}
