/**
 * @module
 * An expanded session: its messages coloured by role, text rendered as sanitised
 * Markdown (session text is untrusted), tool calls as collapsible blocks with the
 * function name and pretty-printed JSON arguments, tool output as plain text.
 */
import { html, raw } from "hono/html";
import type { SessionMessage } from "../hermes/sessions/types.ts";
import { contentText } from "../hermes/sessions/rows.ts";
import type { MarkdownRender } from "./markdown.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";
import { formatInteger, timeElement } from "./format.ts";

const MAX_TOOL_OUTPUT = 20_000;

function prettyArguments(raw: unknown): string {
	if (typeof raw === "string") {
		try {
			return JSON.stringify(JSON.parse(raw), null, 2);
		} catch {
			return raw;
		}
	}
	return JSON.stringify(raw ?? {}, null, 2);
}

function toolCalls(calls: unknown, lang: Language): Markup {
	if (!Array.isArray(calls) || calls.length === 0) {
		return html``;
	}
	return html`${calls.map((call) => {
		const fn = (call as { function?: { name?: unknown; arguments?: unknown } })?.function ?? {};
		const name = typeof fn.name === "string" ? fn.name : "tool";
		return html`<details class="tool-call" data-testid="tool-call"><summary>🔧 <span class="mono">${name}</span> <span class="muted small">${t(lang, "sessions.tool_call")}</span></summary><pre class="mono">${prettyArguments(fn.arguments)}</pre></details>`;
	})}`;
}

function messageBody(message: SessionMessage, render: MarkdownRender, lang: Language): Markup {
	const text = contentText(message.content);
	if (message.role === "tool") {
		const shown =
			text.length > MAX_TOOL_OUTPUT
				? `${text.slice(0, MAX_TOOL_OUTPUT)}\n… (${t(lang, "sessions.more_chars").replace("{n}", formatInteger(lang, text.length - MAX_TOOL_OUTPUT))})`
				: text;
		return html`<details class="tool-result"><summary>${t(lang, "sessions.tool_result")}${message.tool_name ? html` <span class="mono">${message.tool_name}</span>` : ""} <span class="muted small">${t(lang, "sessions.chars").replace("{n}", formatInteger(lang, text.length))}</span></summary><pre class="mono">${shown}</pre></details>`;
	}
	const reasoning = message.reasoning || null;
	// markdown-it runs with html disabled and validated links: its output is safe to embed.
	return html`${reasoning ? html`<details class="reasoning"><summary>${t(lang, "sessions.reasoning")}</summary><pre>${reasoning}</pre></details>` : ""}
${text.trim() !== "" ? html`<div class="md">${raw(render(text))}</div>` : ""}
${toolCalls(message.tool_calls, lang)}`;
}

export function messageList(
	sessionId: string,
	messages: SessionMessage[],
	offset: number,
	total: number,
	pageSize: number,
	hitId: number | null,
	render: MarkdownRender,
	lang: Language,
): Markup {
	const next = offset + messages.length;
	return html`${offset > 0 && hitId !== null ? html`<p class="muted small"><button type="button" data-action="load-messages" data-url="/ui/sessions/${encodeURIComponent(sessionId)}/messages">${t(lang, "sessions.from_start")}</button></p>` : ""}
${messages.map(
	(
		message,
	) => html`<div class="msg role-${message.role}${message.id === hitId ? " hit" : ""}" data-message-id="${message.id}" data-testid="message">
<div class="msg-head muted small"><span class="role">${message.role}</span> ${timeElement(lang, message.timestamp * 1000)}</div>
${messageBody(message, render, lang)}
</div>`,
)}
${next < total ? html`<button type="button" class="load-more" data-action="load-more" data-url="/ui/sessions/${encodeURIComponent(sessionId)}/messages?offset=${next}&append=1" data-testid="load-more">${t(lang, "sessions.load_more")} (${total - next})</button>` : ""}
${messages.length === 0 && offset === 0 ? html`<p class="muted">${t(lang, "sessions.no_messages")}</p>` : ""}
<span hidden data-page-size="${pageSize}"></span>`;
}
