// Models page: the main-model picker (provider select fills the model suggestions),
// auxiliary slot saves and reset, the default MoA preset, and the usage period. Every
// call carries the page's ?profile=; after a save the page reloads to show the stored
// values. An expensive model asks for confirmation and is re-sent confirmed.
(function () {
	"use strict";
	var message;
	var profile = new URL(window.location.href).searchParams.get("profile") || "";

	function scoped(url) {
		return profile ? url + (url.indexOf("?") < 0 ? "?" : "&") + "profile=" + encodeURIComponent(profile) : url;
	}

	function api(url, method, body) {
		return window.hermesJSON(method, scoped(url), body);
	}

	function say(text, isError) {
		message.textContent = text || "";
		message.className = "models-message" + (isError ? " error" : "");
	}

	function done() {
		window.location.reload();
	}

	function failed(error) {
		say(error.message, true);
	}

	/** POST /api/model/set, asking once when the server wants an expensive model confirmed. */
	function assign(body) {
		return api("/api/model/set", "POST", body).then(function (answer) {
			if (answer?.confirm_required) {
				if (!window.confirm(answer.confirm_message)) return null;
				body.confirm_expensive_model = true;
				return api("/api/model/set", "POST", body);
			}
			return answer;
		});
	}

	function parseSlot(text) {
		var at = text.indexOf(":");
		return at < 0 ? null : { provider: text.slice(0, at).trim(), model: text.slice(at + 1).trim() };
	}

	function setupMain() {
		var form = document.getElementById("models-main-form");
		var options = JSON.parse(form.dataset.options || "[]");
		var providerSelect = form.elements.provider;
		var list = document.getElementById("models-model-list");
		var hint = form.querySelector('[data-slot="hint"]');
		function fill() {
			var row = options.find(function (entry) {
				return entry.slug === providerSelect.value;
			});
			list.replaceChildren();
			(row ? row.models : []).forEach(function (model) {
				var option = document.createElement("option");
				option.value = model;
				list.appendChild(option);
			});
			hint.textContent = row?.warning || "";
		}
		providerSelect.addEventListener("change", fill);
		fill();
		form.addEventListener("submit", function (event) {
			event.preventDefault();
			assign({ scope: "main", provider: providerSelect.value, model: form.elements.model.value })
				.then(function (answer) {
					if (!answer) return;
					if (answer.stale_aux?.length) {
						window.sessionStorage.setItem(
							"models-stale",
							answer.stale_aux
								.map(function (slot) {
									return slot.task + " (" + slot.provider + ")";
								})
								.join(", "),
						);
					}
					done();
				})
				.catch(failed);
		});
	}

	function setupAuxiliary() {
		document.querySelector(".models-aux").addEventListener("click", function (event) {
			var button = event.target.closest("button[data-action]");
			if (!button) return;
			if (button.dataset.action === "aux-reset") {
				assign({ scope: "auxiliary", task: "__reset__", provider: "", model: "" }).then(done).catch(failed);
				return;
			}
			var row = button.closest("tr[data-task]");
			assign({
				scope: "auxiliary",
				task: row.dataset.task,
				provider: row.querySelector('[name="provider"]').value,
				model: row.querySelector('[name="model"]').value,
			})
				.then(function (answer) {
					if (answer) done();
				})
				.catch(failed);
		});
	}

	function setupMoa() {
		var form = document.getElementById("models-moa-form");
		form.addEventListener("submit", function (event) {
			event.preventDefault();
			var references = form.elements.references.value
				.split("\n")
				.map(function (line) {
					return parseSlot(line);
				})
				.filter(Boolean);
			var preset = {
				reference_models: references,
				aggregator: parseSlot(form.elements.aggregator.value) || undefined,
				max_tokens: Number(form.elements.max_tokens.value) || 4096,
				enabled: form.elements.enabled.checked,
			};
			api("/api/model/moa", "GET")
				.catch(function () {
					return null;
				})
				.then(function (current) {
					var presets = current?.presets ? current.presets : {};
					var name = current?.default_preset || "default";
					presets[name] = Object.assign({}, presets[name] || {}, preset);
					return api("/api/model/moa", "PUT", {
						default_preset: name,
						active_preset: current ? current.active_preset : "",
						presets: presets,
					});
				})
				.then(done)
				.catch(failed);
		});
	}

	document.addEventListener("DOMContentLoaded", function () {
		message = document.getElementById("models-message");
		if (!message) return;
		var stale = window.sessionStorage.getItem("models-stale");
		if (stale) {
			window.sessionStorage.removeItem("models-stale");
			say(message.dataset.stale.replace("{list}", stale));
		}
		setupMain();
		setupAuxiliary();
		setupMoa();
		var days = document.getElementById("models-days");
		days.addEventListener("change", function () {
			days.form.submit();
		});
	});
})();
