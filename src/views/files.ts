/**
 * @module
 * The Files page shell: path bar, toolbar (up, refresh, new folder, upload), the entry
 * table, the preview dialog and the delete confirmation. `static/js/files.js` fills the
 * table from `GET /api/files` and drives every action through the JSON API.
 */
import { html } from "hono/html";
import { type Language, type MessageKey, t } from "./i18n.ts";
import type { Markup } from "./layout.ts";

/** Labels the script needs, handed over as data attributes (no inline script). */
const SCRIPT_LABELS: readonly MessageKey[] = [
	"files.download",
	"files.delete",
	"files.preview",
	"files.empty",
	"files.no_preview",
	"files.uploading",
	"files.locked",
];

export function filesPage(lang: Language): Markup {
	const labels = Object.fromEntries(SCRIPT_LABELS.map((key) => [key, t(lang, key)]));
	return html`<section class="files-page" data-testid="files-page" data-labels="${JSON.stringify(labels)}">
	<header class="files-header">
		<h1>${t(lang, "files.title")}</h1>
		<a class="files-api-link" href="api-docs">${t(lang, "files.api_docs")}</a>
	</header>
	<form class="files-pathbar" data-testid="files-pathbar">
		<label for="files-path">${t(lang, "files.path")}</label>
		<input id="files-path" name="path" type="text" autocomplete="off" spellcheck="false" data-testid="files-path">
		<button type="submit">${t(lang, "files.go")}</button>
	</form>
	<p class="files-locked" data-testid="files-locked" hidden></p>
	<div class="files-toolbar">
		<button type="button" data-action="up" data-testid="files-up">${t(lang, "files.up")}</button>
		<button type="button" data-action="refresh" data-testid="files-refresh">${t(lang, "files.refresh")}</button>
		<form class="files-mkdir" data-testid="files-mkdir">
			<input name="name" type="text" placeholder="${t(lang, "files.folder_name")}" aria-label="${t(lang, "files.folder_name")}" data-testid="files-mkdir-name" required>
			<button type="submit">${t(lang, "files.new_folder")}</button>
		</form>
		<label class="files-upload-button">${t(lang, "files.upload")}
			<input type="file" data-testid="files-upload" multiple>
		</label>
	</div>
	<progress class="files-progress" data-testid="files-progress" max="100" value="0" hidden></progress>
	<p class="files-message" role="status" data-testid="files-message"></p>
	<table class="files-table" data-testid="files-table">
		<thead><tr><th>${t(lang, "files.name")}</th><th>${t(lang, "files.size")}</th><th>${t(lang, "files.modified")}</th><th></th></tr></thead>
		<tbody data-testid="files-entries"></tbody>
	</table>
	<dialog class="files-preview" data-testid="files-preview">
		<header><strong data-testid="files-preview-name"></strong><button type="button" data-action="close-preview">${t(lang, "files.close")}</button></header>
		<pre data-testid="files-preview-text" hidden></pre>
		<img data-testid="files-preview-image" alt="" hidden>
		<p data-testid="files-preview-none" hidden>${t(lang, "files.no_preview")}</p>
	</dialog>
	<dialog class="files-confirm" data-testid="files-confirm">
		<p>${t(lang, "files.confirm_delete")}</p>
		<p><code data-testid="files-confirm-path"></code></p>
		<form method="dialog">
			<button value="cancel" data-testid="files-confirm-cancel">${t(lang, "files.cancel")}</button>
			<button value="delete" class="danger" data-testid="files-confirm-delete">${t(lang, "files.delete")}</button>
		</form>
	</dialog>
</section>`;
}
