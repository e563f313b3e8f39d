/**
 * @module
 * The Chat page: the Hermes TUI in xterm.js (`static/js/chat.js` drives it), or, on a
 * runtime without the PTY bridge, an explanation of why there is no terminal.
 */
import { html } from "hono/html";
import { t, type Language } from "./i18n.ts";
import { assetURL } from "./assets.ts";
import type { Markup } from "./layout.ts";

export function chatHead(): Markup {
	return html`<link rel="stylesheet" href="${assetURL("/vendor/xterm.css")}">
<link rel="stylesheet" href="${assetURL("/static/css/chat.css")}">
<script src="${assetURL("/vendor/xterm.js")}" defer></script>
<script src="${assetURL("/vendor/addon-fit.js")}" defer></script>
<script src="${assetURL("/vendor/addon-webgl.js")}" defer></script>
<script src="${assetURL("/vendor/addon-unicode11.js")}" defer></script>
<script src="${assetURL("/vendor/addon-web-links.js")}" defer></script>
<script src="${assetURL("/static/js/chat.js")}" defer></script>`;
}

export interface ChatPageInput {
	resume: string | undefined;
	profile: string | undefined;
}

export function chatPage(lang: Language, input: ChatPageInput): Markup {
	return html`<section class="chat" aria-labelledby="chat-title">
<div class="chat-toolbar">
<h1 id="chat-title">${t(lang, "chat.title")}</h1>
<span id="chat-status" class="badge off" role="status" aria-live="polite" data-state="connecting"
 data-label-connecting="${t(lang, "chat.connecting")}" data-label-connected="${t(lang, "chat.connected")}"
 data-label-reconnecting="${t(lang, "chat.reconnecting")}" data-label-ended="${t(lang, "chat.ended")}"
 data-label-superseded="${t(lang, "chat.superseded")}" data-label-error="${t(lang, "chat.error")}"
 data-label-denied="${t(lang, "chat.denied")}">${t(lang, "chat.connecting")}</span>
<span class="chat-spacer"></span>
<label class="chat-option"><input type="checkbox" id="chat-screen-reader"> ${t(lang, "chat.screen_reader")}</label>
<button type="button" id="chat-restart" class="primary" hidden>${t(lang, "chat.restart")}</button>
</div>
<p id="chat-banner" class="chat-banner" role="alert" hidden></p>
<div id="terminal" class="chat-terminal" data-testid="terminal" data-resume="${input.resume ?? ""}" data-profile="${input.profile ?? ""}"
 data-denied-text="${t(lang, "chat.denied_help")}" aria-label="${t(lang, "chat.terminal_label")}"></div>
<div class="term-keys" role="toolbar" aria-label="${t(lang, "a11y.term_keys")}" data-testid="term-keys">
<button type="button" data-seq="esc">Esc</button><button type="button" data-seq="tab">Tab</button><button type="button" data-seq="ctrl" aria-pressed="false">Ctrl</button><button type="button" data-seq="left" aria-label="${t(lang, "a11y.key_left")}">←</button><button type="button" data-seq="up" aria-label="${t(lang, "a11y.key_up")}">↑</button><button type="button" data-seq="down" aria-label="${t(lang, "a11y.key_down")}">↓</button><button type="button" data-seq="right" aria-label="${t(lang, "a11y.key_right")}">→</button>
</div>
<p class="muted small chat-leave-hint">${t(lang, "a11y.terminal_leave")}</p>
</section>`;
}

export function chatUnavailablePage(lang: Language): Markup {
	return html`<h1>${t(lang, "chat.title")}</h1>
<section class="card chat-unavailable" data-testid="chat-unavailable">
<h2>${t(lang, "chat.unavailable_title")}</h2>
<p>${t(lang, "chat.unavailable_body")}</p>
<pre class="mono">npm start   # or: hermes-dashboard</pre>
</section>`;
}
