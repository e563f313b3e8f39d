// Cron page: card buttons (edit, pause/resume, run now, runs, delete) call the JSON API
// and reload the card list fragment; the create/edit dialog checks the schedule as it
// is typed (description and next run, or Hermes's error); the profile selector reloads
// the list. Times are shown in the browser's local time.
(function () {
	"use strict";
	var list, dialog, form, confirmDialog, runs, profileSelect, check, formError, message;
	var editing = null; // { id, profile, original } while editing, null while creating
	var checkSeq = 0;
	var checkTimer = null;

	function selectedProfile() {
		return profileSelect.value;
	}

	function withProfile(url, profile) {
		return url + (url.indexOf("?") < 0 ? "?" : "&") + "profile=" + encodeURIComponent(profile);
	}

	function showMessage(text, isError) {
		message.textContent = text || "";
		message.className = "cron-message" + (isError ? " error" : "");
	}

	function reloadList() {
		return window
			.hermesFetch(withProfile("/ui/cron/jobs", selectedProfile()))
			.then(function (response) {
				return response.text().then(function (text) {
					if (!response.ok) throw new Error("HTTP " + response.status);
					return text;
				});
			})
			.then(function (text) {
				list.innerHTML = text;
			});
	}

	function setField(name, value) {
		form.elements[name].value = value == null ? "" : value;
	}

	function openDialog(job) {
		editing = job;
		formError.textContent = "";
		var values = job ? job.original : { name: "", prompt: "", schedule: "", deliver: "local", skills: "" };
		["name", "prompt", "schedule", "deliver", "skills"].forEach(function (name) {
			setField(name, values[name]);
		});
		document.getElementById("cron-dialog-title").textContent = dialog.getAttribute(
			job ? "data-edit-title" : "data-create-title",
		);
		check.textContent = "";
		dialog.showModal();
		if (values.schedule) checkSchedule();
		form.elements[job ? "schedule" : "name"].focus();
	}

	function formProfile() {
		if (editing) return editing.profile;
		var profile = selectedProfile();
		return profile === "all" ? "default" : profile;
	}

	function checkSchedule() {
		var value = form.elements.schedule.value.trim();
		var seq = ++checkSeq;
		if (value === "") {
			check.textContent = "";
			check.className = "cron-schedule-check muted";
			return;
		}
		window
			.hermesJSON("GET", withProfile("/ui/cron/schedule?schedule=" + encodeURIComponent(value), formProfile()))
			.then(
				function (body) {
					if (seq !== checkSeq) return;
					var parts = [body.description || body.schedule.display];
					if (body.next_run_at) parts.push("→ " + window.hermesFormat.time(body.next_run_at, "datetime"));
					check.textContent = parts.join(" ");
					check.className = "cron-schedule-check ok";
				},
				function (error) {
					if (seq !== checkSeq) return;
					check.textContent = error.message;
					check.className = "cron-schedule-check error";
				},
			);
	}

	function skillsOf(text) {
		return text
			.split(/[,\n]/)
			.map(function (item) {
				return item.trim();
			})
			.filter(Boolean);
	}

	function submit(event) {
		event.preventDefault();
		formError.textContent = "";
		var values = {};
		["name", "prompt", "schedule", "deliver", "skills"].forEach(function (name) {
			values[name] = form.elements[name].value;
		});
		var request;
		if (editing) {
			// Only the fields the user changed: re-sending an unchanged schedule would
			// re-anchor its next run.
			var updates = {};
			Object.keys(values).forEach(function (name) {
				if (values[name] !== editing.original[name]) {
					updates[name] = name === "skills" ? skillsOf(values[name]) : values[name];
				}
			});
			request = window.hermesJSON(
				"PUT",
				withProfile("/api/cron/jobs/" + encodeURIComponent(editing.id), editing.profile),
				{ updates: updates },
			);
		} else {
			var body = {
				name: values.name,
				prompt: values.prompt,
				schedule: values.schedule,
				deliver: values.deliver || "local",
				skills: skillsOf(values.skills),
			};
			request = window.hermesJSON("POST", withProfile("/api/cron/jobs", formProfile()), body);
		}
		request.then(
			function () {
				dialog.close();
				return reloadList();
			},
			function (error) {
				formError.textContent = error.message;
			},
		);
	}

	function cardOf(target) {
		var card = target.closest("[data-job-id]");
		return card
			? {
					id: card.getAttribute("data-job-id"),
					profile: card.getAttribute("data-profile"),
					original: JSON.parse(card.getAttribute("data-job")),
				}
			: null;
	}

	function jobURL(card, suffix) {
		return withProfile("/api/cron/jobs/" + encodeURIComponent(card.id) + (suffix || ""), card.profile);
	}

	function openRuns(card) {
		window
			.hermesFetch(withProfile("/ui/cron/jobs/" + encodeURIComponent(card.id) + "/runs", card.profile))
			.then(function (response) {
				return response.text();
			})
			.then(function (text) {
				runs.innerHTML = text;
				runs.hidden = false;
				var close = runs.querySelector("[data-action=close-runs]");
				if (close) close.focus();
			});
	}

	function onListClick(event) {
		var button = event.target.closest("button[data-action]");
		if (!button) return;
		var card = cardOf(button);
		if (!card) return;
		var action = button.getAttribute("data-action");
		showMessage("");
		if (action === "edit") {
			openDialog(card);
		} else if (action === "runs") {
			openRuns(card);
		} else if (action === "delete") {
			confirmDialog.returnValue = "";
			confirmDialog.showModal();
			confirmDialog.addEventListener(
				"close",
				function () {
					if (confirmDialog.returnValue !== "delete") return;
					window.hermesJSON("DELETE", jobURL(card)).then(reloadList, function (error) {
						showMessage(error.message, true);
					});
				},
				{ once: true },
			);
		} else {
			button.disabled = true;
			window.hermesJSON("POST", jobURL(card, "/" + action)).then(reloadList, function (error) {
				button.disabled = false;
				showMessage(error.message, true);
			});
		}
	}

	function init() {
		list = document.getElementById("cron-jobs");
		if (!list) return;
		dialog = document.getElementById("cron-dialog");
		form = document.getElementById("cron-form");
		confirmDialog = document.getElementById("cron-confirm");
		runs = document.getElementById("cron-runs");
		profileSelect = document.getElementById("cron-profile");
		check = document.getElementById("cron-schedule-check");
		formError = document.getElementById("cron-form-error");
		message = document.getElementById("cron-message");
		list.addEventListener("click", onListClick);
		document.getElementById("cron-new").addEventListener("click", function () {
			openDialog(null);
		});
		form.addEventListener("submit", submit);
		form.querySelector("[data-action=cancel]").addEventListener("click", function () {
			dialog.close();
		});
		form.elements.schedule.addEventListener("input", function () {
			clearTimeout(checkTimer);
			checkTimer = setTimeout(checkSchedule, 250);
		});
		runs.addEventListener("click", function (event) {
			if (event.target.closest("[data-action=close-runs]")) runs.hidden = true;
		});
		profileSelect.addEventListener("change", function () {
			var url = new URL(location.href);
			url.searchParams.set("profile", selectedProfile());
			history.replaceState(null, "", url);
			reloadList();
		});
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
