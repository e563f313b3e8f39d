// Webhooks page: create (showing the one-time secret with a copy button), enable/disable,
// delete, and the one-click platform enable. The secret lives only in the panel's input
// until "Done" clears it; it is never stored, logged or put into the URL.
(function () {
	"use strict";

	function call(method, url, payload) {
		return window.hermesJSON(method, url, payload);
	}

	function page() {
		return document.getElementById("webhooks-page");
	}

	function showError(container, message) {
		window.hermesShowError(container?.querySelector(".form-error"), message);
	}

	function refresh() {
		return window.hermesSwap("webhooks-list", "/ui/webhooks/list");
	}

	function list(text) {
		return text
			.split(",")
			.map(function (item) {
				return item.trim();
			})
			.filter(function (item) {
				return item !== "";
			});
	}

	function showSecret(created) {
		var panel = document.getElementById("webhook-secret");
		document.getElementById("webhook-secret-value").value = created.secret;
		document.getElementById("webhook-secret-url").textContent = created.url;
		panel.hidden = false;
		panel.scrollIntoView({ block: "nearest" });
	}

	function hideSecret() {
		document.getElementById("webhook-secret-value").value = "";
		document.getElementById("webhook-secret-url").textContent = "";
		document.getElementById("webhook-secret").hidden = true;
	}

	function copySecret(button) {
		var input = document.getElementById("webhook-secret-value");
		var label = button.getAttribute("data-label") || button.textContent;
		button.setAttribute("data-label", label);
		var done = function () {
			button.textContent = page().getAttribute("data-copied") || "Copied";
			button.setAttribute("data-copied", "");
		};
		if (navigator.clipboard && window.isSecureContext) {
			navigator.clipboard.writeText(input.value).then(done, function () {
				input.select();
				if (document.execCommand("copy")) done();
			});
		} else {
			// Plain-HTTP dashboards on a LAN address have no async clipboard.
			input.select();
			if (document.execCommand("copy")) done();
		}
	}

	function onSubmit(event) {
		var form = event.target;
		if (form.id !== "webhook-create") return;
		event.preventDefault();
		var fields = form.elements;
		var payload = {
			name: fields.name.value,
			description: fields.description.value || null,
			events: list(fields.events.value),
			prompt: fields.prompt.value || null,
			skills: list(fields.skills.value),
			deliver: fields.deliver.value.trim() || "log",
			deliver_only: fields.deliver_only.checked,
			deliver_chat_id: fields.deliver_chat_id.value.trim() || null,
		};
		call("POST", "/api/webhooks", payload)
			.then(function (created) {
				form.reset();
				showError(form, "");
				showSecret(created);
				return refresh();
			})
			.catch(function (error) {
				showError(form, error.message);
			});
	}

	function onClick(event) {
		var button = event.target.closest("button[data-action]");
		if (!button) return;
		var action = button.getAttribute("data-action");
		if (action === "copy-secret") return copySecret(button);
		if (action === "dismiss-secret") return hideSecret();
		if (action === "enable-platform") {
			call("POST", "/api/webhooks/enable")
				.then(function (answer) {
					// Hermes restarts the gateway itself; the manual hint is the fallback when it could not.
					if (answer.restart_started) window.hermesGatewayRestart.follow(answer.restart_action);
					else document.getElementById("webhooks-restart").hidden = false;
					return refresh();
				})
				.catch(function (error) {
					window.alert(error.message);
				});
			return;
		}
		var row = button.closest(".hook-row");
		if (action === "delete" && row) {
			var name = row.getAttribute("data-name");
			if (!window.confirm(name + ": " + (page().getAttribute("data-confirm") || "Delete?"))) return;
			call("DELETE", "/api/webhooks/" + encodeURIComponent(name))
				.then(refresh)
				.catch(function (error) {
					showError(row, error.message);
				});
		}
	}

	function onChange(event) {
		var toggle = event.target;
		if (toggle.getAttribute("data-action") !== "toggle") return;
		var row = toggle.closest(".hook-row");
		call("PUT", "/api/webhooks/" + encodeURIComponent(row.getAttribute("data-name")) + "/enabled", {
			enabled: toggle.checked,
		})
			.then(refresh)
			.catch(function (error) {
				toggle.checked = !toggle.checked;
				showError(row, error.message);
			});
	}

	function start() {
		var root = page();
		if (!root) return;
		root.addEventListener("submit", onSubmit);
		root.addEventListener("click", onClick);
		root.addEventListener("change", onChange);
		root.setAttribute("data-ready", "");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
