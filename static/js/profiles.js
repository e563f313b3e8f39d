// Profiles page: the create form and each card's buttons (make active, rename, edit
// SOUL.md, delete) call the JSON API, then the card list is reloaded from
// /ui/profiles/list. Rename, SOUL.md and delete use <dialog>s; errors show Hermes's text.
(function () {
	"use strict";
	var list, message;

	function api(url, method, body) {
		return window.hermesJSON(method || "GET", url, body);
	}

	function say(text, isError) {
		message.textContent = text || "";
		message.className = "profiles-message" + (isError ? " error" : "");
	}

	function reload() {
		return window
			.hermesFetch("/ui/profiles/list")
			.then(function (response) {
				return response.text();
			})
			.then(function (markup) {
				list.innerHTML = markup;
				list.dispatchEvent(new CustomEvent("profiles:reloaded", { bubbles: true }));
			});
	}

	function profilePath(name) {
		return "/api/profiles/" + encodeURIComponent(name);
	}

	/** Opens a dialog; `onOk` runs when it is confirmed and may reject to keep it open with the error. */
	function openDialog(dialog, name, onOk) {
		var error = dialog.querySelector('[data-slot="error"]');
		dialog.querySelector('[data-slot="name"]').textContent = name;
		error.textContent = "";
		var form = dialog.querySelector("form");
		form.onsubmit = function (event) {
			var submitter = event.submitter;
			if (submitter?.value !== "ok") return;
			event.preventDefault();
			submitter.disabled = true;
			onOk(form)
				.then(function () {
					dialog.close();
					say(message.dataset.saved);
					return reload();
				})
				.catch(function (failure) {
					error.textContent = failure.message;
				})
				.finally(function () {
					submitter.disabled = false;
				});
		};
		dialog.showModal();
	}

	var actions = {
		activate: function (name) {
			api("/api/profiles/active", "POST", { name: name })
				.then(function () {
					say(message.dataset.saved);
					return reload();
				})
				.catch(function (error) {
					say(error.message, true);
				});
		},
		rename: function (name) {
			var dialog = document.getElementById("profile-rename");
			dialog.querySelector('[name="new_name"]').value = name;
			openDialog(dialog, name, function (form) {
				return api(profilePath(name), "PATCH", { new_name: form.elements.new_name.value });
			});
		},
		soul: function (name) {
			var dialog = document.getElementById("profile-soul");
			var area = dialog.querySelector("textarea");
			area.value = "";
			area.disabled = true;
			api(profilePath(name) + "/soul")
				.then(function (soul) {
					area.value = soul.content;
					area.disabled = false;
					area.dataset.loaded = name;
				})
				.catch(function (error) {
					dialog.querySelector('[data-slot="error"]').textContent = error.message;
				});
			openDialog(dialog, name, function (form) {
				return api(profilePath(name) + "/soul", "PUT", { content: form.elements.content.value });
			});
		},
		delete: function (name) {
			openDialog(document.getElementById("profile-delete"), name, function () {
				return api(profilePath(name), "DELETE");
			});
		},
	};

	function createProfile(event) {
		event.preventDefault();
		var form = event.target;
		var button = form.querySelector('button[type="submit"]');
		var body = { name: form.elements.name.value, clone_from: form.elements.clone_from.value || null };
		if (form.elements.description.value.trim()) body.description = form.elements.description.value;
		button.disabled = true;
		api("/api/profiles", "POST", body)
			.then(function () {
				form.reset();
				say(message.dataset.saved);
				return reload();
			})
			.catch(function (error) {
				say(error.message, true);
			})
			.finally(function () {
				button.disabled = false;
			});
	}

	document.addEventListener("DOMContentLoaded", function () {
		list = document.getElementById("profile-list");
		message = document.getElementById("profiles-message");
		if (!list) return;
		document.getElementById("profile-create").addEventListener("submit", createProfile);
		list.addEventListener("click", function (event) {
			var button = event.target.closest("button[data-action]");
			if (!button) return;
			var card = button.closest("[data-profile]");
			var action = actions[button.dataset.action];
			if (card && action) action(card.dataset.profile);
		});
	});
})();
