// API Keys page: set, delete and reveal `.env` values through the JSON API, then
// re-render the list from /ui/env/list. Revealed values live only in the DOM and are
// hidden again after 30 s; they are never stored anywhere.
(function () {
	"use strict";
	var REVEAL_MS = 30000;

	function page() {
		return document.getElementById("env-page");
	}

	function call(method, url, payload) {
		return window.hermesJSON(method, url, payload);
	}

	function showError(container, message) {
		window.hermesShowError(container?.querySelector(".env-error"), message);
	}

	function applyFilter() {
		var input = document.getElementById("env-filter");
		var needle = input ? input.value.trim().toLowerCase() : "";
		var rows = document.querySelectorAll(".env-row");
		for (var i = 0; i < rows.length; i++) {
			var key = rows[i].getAttribute("data-key").toLowerCase();
			rows[i].classList.toggle("filtered-out", needle !== "" && key.indexOf(needle) < 0);
		}
		page().classList.toggle("filtering", needle !== "");
	}

	function refresh() {
		return window.hermesSwap("env-list", "/ui/env/list").then(applyFilter);
	}

	function rowOf(element) {
		return element.closest(".env-row");
	}

	function onSubmit(event) {
		var form = event.target;
		if (form.id === "env-add") {
			event.preventDefault();
			var key = form.elements.key.value.trim();
			call("PUT", "/api/env", { key: key, value: form.elements.value.value })
				.then(function () {
					form.reset();
					showError(form, "");
					return refresh();
				})
				.catch(function (error) {
					showError(form, error.message);
				});
			return;
		}
		if (form.getAttribute("data-action") !== "set") return;
		event.preventDefault();
		var row = rowOf(form);
		var value = form.elements.value.value;
		if (value === "") {
			showError(row, page().getAttribute("data-empty-value"));
			return;
		}
		call("PUT", "/api/env", { key: row.getAttribute("data-key"), value: value })
			.then(refresh)
			.catch(function (error) {
				showError(row, error.message);
			});
	}

	function reveal(button, row) {
		var preview = row.querySelector(".env-preview");
		if (row.hasAttribute("data-revealed")) {
			preview.textContent = row.getAttribute("data-preview");
			row.removeAttribute("data-revealed");
			button.textContent = button.getAttribute("data-label") || button.textContent;
			return;
		}
		call("POST", "/api/env/reveal", { key: row.getAttribute("data-key") })
			.then(function (body) {
				row.setAttribute("data-preview", preview.textContent);
				row.setAttribute("data-revealed", "");
				button.setAttribute("data-label", button.textContent);
				button.textContent = page().getAttribute("data-hide-label") || "Hide";
				preview.textContent = body.value;
				showError(row, "");
				setTimeout(function () {
					if (row.hasAttribute("data-revealed")) reveal(button, row);
				}, REVEAL_MS);
			})
			.catch(function (error) {
				showError(row, error.message);
			});
	}

	function onClick(event) {
		var button = event.target.closest("button[data-action]");
		if (!button) return;
		var row = rowOf(button);
		if (!row) return;
		var action = button.getAttribute("data-action");
		if (action === "reveal") reveal(button, row);
		if (action === "delete") {
			var key = row.getAttribute("data-key");
			if (!window.confirm(key + ": " + (page().getAttribute("data-confirm") || "Remove from .env?"))) return;
			call("DELETE", "/api/env", { key: key })
				.then(refresh)
				.catch(function (error) {
					showError(row, error.message);
				});
		}
	}

	function start() {
		var root = page();
		if (!root) return;
		root.addEventListener("submit", onSubmit);
		root.addEventListener("click", onClick);
		var filter = document.getElementById("env-filter");
		filter.addEventListener("input", applyFilter);
		var advanced = document.getElementById("env-show-advanced");
		advanced.checked = localStorage.getItem("hermes-env-advanced") === "1";
		root.classList.toggle("show-advanced", advanced.checked);
		advanced.addEventListener("change", function () {
			root.classList.toggle("show-advanced", advanced.checked);
			localStorage.setItem("hermes-env-advanced", advanced.checked ? "1" : "0");
		});
		root.setAttribute("data-ready", "");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
