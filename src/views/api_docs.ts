/**
 * @module
 * The API reference page: the OpenAPI document rendered as HTML, grouped by the path's
 * first segment after `/api/`, with parameters, body schemas and a curl line per route.
 * Server-rendered from the same document `/api/openapi.json` serves; no script, no CDN.
 */
import { html } from "hono/html";
import { type Language, t } from "./i18n.ts";
import type { Markup } from "./layout.ts";

type JsonObject = Record<string, unknown>;

interface Operation {
	summary?: string;
	parameters?: { name: string; in: string; required?: boolean; schema?: JsonObject }[];
	requestBody?: { content?: Record<string, { schema?: JsonObject }> };
	security?: unknown[];
}

function groupOf(path: string): string {
	return path.split("/")[2] ?? "";
}

function typeOf(schema: JsonObject | undefined): string {
	if (schema === undefined) return "";
	if (typeof schema.type === "string") return schema.type;
	if (Array.isArray(schema.type)) return schema.type.join(" | ");
	if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonObject[]).map(typeOf).join(" | ");
	return "";
}

function curlLine(method: string, path: string, operation: Operation): string {
	const upper = method.toUpperCase();
	const token = operation.security?.length === 0 ? "" : ' -H "X-Hermes-Session-Token: $TOKEN"';
	const body =
		operation.requestBody?.content?.["application/json"] !== undefined
			? " -H 'Content-Type: application/json' -d '{…}'"
			: "";
	const verb = upper === "GET" ? "" : ` -X ${upper}`;
	return `curl${verb}${token}${body} "http://127.0.0.1:9119${path}"`;
}

function operationBlock(method: string, path: string, operation: Operation, lang: Language): Markup {
	const parameters = operation.parameters ?? [];
	const body = Object.entries(operation.requestBody?.content ?? {})[0];
	return html`<details class="api-op" data-testid="api-op" data-method="${method.toUpperCase()}" data-path="${path}">
	<summary><span class="api-method api-${method}">${method.toUpperCase()}</span> <code>${path}</code> <span class="api-summary">${operation.summary ?? ""}</span>${operation.security?.length === 0 ? html` <span class="api-public">${t(lang, "api_docs.public")}</span>` : ""}</summary>
	<pre class="api-curl">${curlLine(method, path, operation)}</pre>
	${
		parameters.length === 0
			? ""
			: html`<h4>${t(lang, "api_docs.parameters")}</h4><table class="api-params"><tbody>${parameters.map(
					(parameter) =>
						html`<tr><td><code>${parameter.name}</code></td><td>${parameter.in}</td><td>${typeOf(parameter.schema)}</td><td>${parameter.required ? t(lang, "api_docs.required") : ""}</td></tr>`,
				)}</tbody></table>`
	}
	${body === undefined ? "" : html`<h4>${t(lang, "api_docs.body")} <small>${body[0]}</small></h4><pre class="api-schema">${JSON.stringify(body[1].schema ?? {}, null, 2)}</pre>`}
</details>`;
}

export function apiDocsPage(document: JsonObject, lang: Language): Markup {
	const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
	const groups = new Map<string, Markup[]>();
	for (const [path, operations] of Object.entries(paths)) {
		for (const [method, operation] of Object.entries(operations)) {
			const group = groupOf(path);
			groups.set(group, [...(groups.get(group) ?? []), operationBlock(method, path, operation, lang)]);
		}
	}
	return html`<section class="api-docs" data-testid="api-docs">
	<h1>${t(lang, "api_docs.title")}</h1>
	<p>${t(lang, "api_docs.intro")}</p>
	${[...groups.entries()].map(([group, blocks]) => html`<section class="api-group"><h2>${group}</h2>${blocks}</section>`)}
</section>`;
}
