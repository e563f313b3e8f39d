// Channels page: configure a platform from its drawer (blank fields keep the stored
// value, "Clear" removes it), enable/disable, Test, and a status refresh every 10 s so
// badges follow the gateway. Typed secrets are sent once and the form is reset.
(function () {
	"use strict";

	var call = window.hermesJSON;
	var POLL_MS = 10000;

	function page() {
		return document.getElementById("channels-page");
	}

	function message(card, text, ok) {
		var box = card.querySelector(".channel-message");
		box.textContent = text || "";
		box.hidden = !text;
		box.classList.toggle("ok", ok === true);
		box.classList.toggle("bad", ok === false);
	}

	function hasUnsavedInput() {
		var active = document.activeElement;
		if (active?.closest?.(".channel-form")) return true;
		return Array.prototype.some.call(document.querySelectorAll(".channel-form input"), function (input) {
			return input.type === "checkbox" ? input.checked : input.value !== "";
		});
	}

	/** Re-renders the cards, keeping open drawers open and messages shown. */
	function refresh(force) {
		var open = {};
		var notes = {};
		document.querySelectorAll(".channel-card").forEach(function (card) {
			var id = card.getAttribute("data-id");
			if (card.querySelector("details").open) open[id] = true;
			var box = card.querySelector(".channel-message");
			if (!box.hidden) notes[id] = { text: box.textContent, cls: box.className };
		});
		// The timer never replaces a drawer the user is typing in or has typed into.
		if (!force && hasUnsavedInput()) return Promise.resolve();
		return window.hermesSwap("channels-list", "/ui/channels/list").then(function () {
			document.querySelectorAll(".channel-card").forEach(function (card) {
				var id = card.getAttribute("data-id");
				if (open[id]) card.querySelector("details").open = true;
				if (notes[id]) {
					var box = card.querySelector(".channel-message");
					box.textContent = notes[id].text;
					box.className = notes[id].cls;
					box.hidden = false;
				}
			});
		});
	}

	function onSubmit(event) {
		var form = event.target;
		if (form.getAttribute("data-action") !== "configure") return;
		event.preventDefault();
		var card = form.closest(".channel-card");
		var env = {};
		var clear = [];
		Array.prototype.forEach.call(form.elements, function (input) {
			if (!input.name) return;
			if (input.name.indexOf("clear:") === 0) {
				if (input.checked) clear.push(input.name.slice(6));
			} else if (input.value.trim() !== "") {
				env[input.name] = input.value;
			}
		});
		call("PUT", "/api/messaging/platforms/" + encodeURIComponent(card.getAttribute("data-id")), {
			env: env,
			clear_env: clear,
		})
			.then(function () {
				form.reset();
				message(card, page().getAttribute("data-saved"), true);
				return refresh(true);
			})
			.catch(function (error) {
				message(card, error.message, false);
			});
	}

	function onChange(event) {
		var toggle = event.target;
		if (toggle.getAttribute("data-action") !== "toggle") return;
		var card = toggle.closest(".channel-card");
		call("PUT", "/api/messaging/platforms/" + encodeURIComponent(card.getAttribute("data-id")), {
			enabled: toggle.checked,
		})
			.then(function () {
				return refresh(true);
			})
			.catch(function (error) {
				toggle.checked = !toggle.checked;
				message(card, error.message, false);
			});
	}

	function onClick(event) {
		var button = event.target.closest("button[data-action=test]");
		if (!button) return;
		var card = button.closest(".channel-card");
		call("POST", "/api/messaging/platforms/" + encodeURIComponent(card.getAttribute("data-id")) + "/test")
			.then(function (body) {
				message(card, body.message, body.ok);
			})
			.catch(function (error) {
				message(card, error.message, false);
			});
	}

	function start() {
		var root = page();
		if (!root) return;
		root.addEventListener("submit", onSubmit);
		root.addEventListener("change", onChange);
		root.addEventListener("click", onClick);
		setInterval(function () {
			if (!document.hidden) refresh(false).catch(function () {});
		}, POLL_MS);
		root.setAttribute("data-ready", "");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
