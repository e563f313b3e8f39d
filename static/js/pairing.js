// Pairing page: approve a code per platform, revoke an approved user, clear every
// pending request (after a confirmation), re-rendering the list from /ui/pairing/list.
(function () {
	"use strict";

	function call(url, payload) {
		return window.hermesJSON("POST", url, payload);
	}

	function page() {
		return document.getElementById("pairing-page");
	}

	function showError(section, message) {
		window.hermesShowError(section?.querySelector(".form-error"), message);
	}

	function status(message) {
		document.getElementById("pairing-status").textContent = message;
	}

	function refresh() {
		return window.hermesSwap("pairing-list", "/ui/pairing/list");
	}

	function onSubmit(event) {
		var form = event.target;
		if (form.getAttribute("data-action") !== "approve") return;
		event.preventDefault();
		var section = form.closest(".pairing-platform");
		call("/api/pairing/approve", {
			platform: section.getAttribute("data-platform"),
			code: form.elements.code.value,
		})
			.then(function (body) {
				status(body.user.user_name || body.user.user_id);
				return refresh();
			})
			.catch(function (error) {
				showError(section, error.message);
			});
	}

	function onClick(event) {
		var button = event.target.closest("button[data-action]");
		if (!button) return;
		var action = button.getAttribute("data-action");
		if (action === "clear-pending") {
			if (!window.confirm(page().getAttribute("data-confirm-clear") || "Clear?")) return;
			call("/api/pairing/clear-pending")
				.then(function (body) {
					status(String(body.cleared));
					return refresh();
				})
				.catch(function (error) {
					status(error.message);
				});
			return;
		}
		if (action === "revoke") {
			var section = button.closest(".pairing-platform");
			var item = button.closest("li");
			var userId = item.getAttribute("data-user-id");
			if (!window.confirm(userId + ": " + (page().getAttribute("data-confirm-revoke") || "Revoke?"))) return;
			call("/api/pairing/revoke", { platform: section.getAttribute("data-platform"), user_id: userId })
				.then(refresh)
				.catch(function (error) {
					showError(section, error.message);
				});
		}
	}

	function start() {
		var root = page();
		if (!root) return;
		root.addEventListener("submit", onSubmit);
		root.addEventListener("click", onClick);
		root.setAttribute("data-ready", "");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
