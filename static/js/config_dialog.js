// The config page's server calls and its confirm dialog: a JSON call that answers
// { status, ok, data, etag } instead of throwing (a 409 is part of the save flow), the
// wording of an error body, and the dialog that shows a diff with confirm / reload buttons.
// Loaded before config.js, which uses it as window.HermesConfigDialog.
(function () {
	"use strict";

	function $(id) {
		return document.getElementById(id);
	}

	async function call(method, url, body, extraHeaders) {
		var headers = Object.assign({ "Content-Type": "application/json" }, extraHeaders || {});
		var response = await window.hermesFetch(url, {
			method: method,
			headers: headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		var data = null;
		try {
			data = await response.json();
		} catch (_error) {
			data = null;
		}
		return { status: response.status, ok: response.ok, data: data, etag: response.headers.get("ETag") };
	}

	function detailText(data) {
		if (!data) return "Request failed";
		return typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
	}

	/** A unified diff as lines coloured by their first character. */
	function showDiff(target, diff) {
		target.textContent = "";
		diff.split("\n").forEach(function (line) {
			var span = document.createElement("span");
			span.className =
				line.charAt(0) === "+"
					? "add"
					: line.charAt(0) === "-"
						? "del"
						: line.indexOf("@@") === 0
							? "hunk"
							: "";
			span.textContent = line + "\n";
			target.appendChild(span);
		});
	}

	/** `actions.confirm` runs on the confirm button; `actions.reload` offers a page reload. */
	function open(title, message, diff, actions) {
		var dialog = $("config-dialog");
		$("config-dialog-title").textContent = title;
		$("config-dialog-message").textContent = message;
		showDiff($("config-diff"), diff || "");
		$("config-dialog-confirm").hidden = !actions.confirm;
		$("config-dialog-reload").hidden = !actions.reload;
		dialog.onconfirm = actions.confirm || null;
		if (!dialog.open) dialog.showModal();
	}

	function init() {
		var dialog = $("config-dialog");
		if (!dialog) return;
		$("config-dialog-cancel").addEventListener("click", function () {
			dialog.close();
		});
		$("config-dialog-reload").addEventListener("click", function () {
			location.reload();
		});
		$("config-dialog-confirm").addEventListener("click", function () {
			if (dialog.onconfirm) dialog.onconfirm();
		});
	}

	window.HermesConfigDialog = { call: call, detailText: detailText, open: open };

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
