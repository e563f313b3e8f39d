/**
 * @module
 * The "Restart gateway" panel shared by the Channels and Webhooks pages: a button, the
 * outcome line and the restart's live log. Behaviour lives in `static/js/gateway_restart.js`.
 */
import { html } from "hono/html";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { assetURL } from "./assets.ts";

/** The `<script>` tags the panel needs (the shared action-log follower first). */
export function gatewayRestartScripts(): Markup {
	return html`<script src="${assetURL("/static/js/action_log.js")}" defer></script><script src="${assetURL("/static/js/gateway_restart.js")}" defer></script>`;
}

export function gatewayRestartPanel(lang: Language): Markup {
	return html`<section class="card wide gateway-restart" id="gateway-restart" data-testid="gateway-restart" data-state="idle"
 data-running="${t(lang, "channels.restart_running")}" data-done="${t(lang, "channels.restart_done")}" data-failed="${t(lang, "channels.restart_failed")}">
<button type="button" data-action="restart-gateway">${t(lang, "channels.restart_gateway")}</button>
<span role="status" class="small" data-testid="restart-outcome"></span>
<pre class="restart-log" data-testid="restart-log" hidden></pre>
</section>`;
}
