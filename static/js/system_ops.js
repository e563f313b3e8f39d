// System page, operations and backups: a background action's live log in its section's
// panel (the SSE stream read through fetch, so the session token travels in a header),
// Hermes update after a confirmation naming the commits to pull, backup download through
// a token-header fetch, and restore from an uploaded archive.
(function () {
	"use strict";
	var shared = window.hermesSystem;
	var sectionOf = shared.sectionOf;
	var showError = shared.showError;
	var detailText = shared.detailText;
	var refresh = shared.refresh;

	var streams = {};

	function panelPart(section, role) {
		return section.querySelector('[data-role="' + role + '"]');
	}

	function logLine(section, text) {
		var log = panelPart(section, "action-log");
		log.appendChild(document.createTextNode(text.replace(/\r?\n$/, "") + "\n"));
		log.scrollTop = log.scrollHeight;
	}

	function setLogStatus(section, running, exitCode) {
		var badge = panelPart(section, "action-status");
		badge.textContent = running
			? badge.getAttribute("data-running")
			: badge.getAttribute("data-done") + " " + exitCode;
		badge.className = "badge " + (running ? "warn" : exitCode === 0 ? "ok" : "off");
		panelPart(section, "action-log").setAttribute("data-state", running ? "running" : "exited");
		panelPart(section, "action-log").setAttribute("data-exit-code", running ? "" : String(exitCode));
	}

	function openPanel(section, name) {
		section.querySelector(".ops-log-panel").hidden = false;
		panelPart(section, "action-name").textContent = name;
		panelPart(section, "action-log").textContent = "";
		panelPart(section, "action-log").setAttribute("data-action", name);
	}

	/** Replaces only the backups list (the section's log panel keeps its content). */
	function refreshPart(name) {
		return window
			.hermesFetch("/ui/system/" + name)
			.then(function (response) {
				return response.ok ? response.text() : null;
			})
			.then(function (markup) {
				var current = document.querySelector("#sys-" + name + ' [data-role="backup-list"]');
				if (markup === null || !current) return;
				var holder = document.createElement("div");
				holder.innerHTML = markup;
				var next = holder.querySelector('[data-role="backup-list"]');
				if (next) current.replaceWith(next);
			});
	}

	/** Follows an action's SSE stream (action_log.js) into the section's panel until `exit`. */
	function follow(name, section, refreshAfter) {
		var key = section.getAttribute("data-section");
		if (streams[key]) streams[key].abort();
		openPanel(section, name);
		setLogStatus(section, true);
		streams[key] = window.hermesFollowAction(name, {
			onLine: function (line) {
				logLine(section, line);
			},
			onExit: function (exitCode) {
				setLogStatus(section, false, exitCode);
				if (refreshAfter) refreshPart(refreshAfter);
				refresh("audit");
			},
			onError: function (text) {
				logLine(section, text);
			},
		});
	}

	function jsonOf(response) {
		return response.json().catch(function () {
			return null;
		});
	}

	/** `hermes update` after a confirmation naming the commits to pull; managed installs get the command. */
	function startUpdate(button) {
		var section = sectionOf(button);
		showError(button, "");
		window
			.hermesFetch("/api/hermes/update/check")
			.then(jsonOf)
			.then(function (check) {
				if (!check) throw new Error("update check failed");
				if (!check.can_apply) {
					openPanel(section, "hermes-update");
					logLine(section, button.getAttribute("data-out-of-band") + " " + check.update_command);
					return;
				}
				var question =
					check.behind > 0
						? button.getAttribute("data-confirm-count").replace("{count}", String(check.behind))
						: button.getAttribute("data-confirm-unknown");
				if (!window.confirm(question)) return;
				return window
					.hermesFetch("/api/hermes/update", { method: "POST", body: "{}" })
					.then(function (response) {
						return jsonOf(response).then(function (json) {
							if (!response.ok) throw new Error(detailText(json, response.status));
							if (json.ok === false) {
								openPanel(section, "hermes-update");
								logLine(section, json.message + " " + json.update_command);
								return;
							}
							follow(json.name, section);
						});
					});
			})
			.catch(function (error) {
				showError(button, error.message);
			});
	}

	function downloadBackup(button) {
		showError(button, "");
		window
			.hermesFetch("/api/ops/backup/download?archive=" + encodeURIComponent(button.getAttribute("data-archive")))
			.then(function (response) {
				if (!response.ok) {
					return jsonOf(response).then(function (json) {
						throw new Error(detailText(json, response.status));
					});
				}
				return response.blob().then(function (blob) {
					var url = URL.createObjectURL(blob);
					var link = document.createElement("a");
					link.href = url;
					link.download = button.getAttribute("data-name");
					document.body.appendChild(link);
					link.click();
					link.remove();
					setTimeout(function () {
						URL.revokeObjectURL(url);
					}, 0);
				});
			})
			.catch(function (error) {
				showError(button, error.message);
			});
	}

	function uploadRestore(form) {
		var file = form.elements.file.files[0];
		if (!file || !window.confirm(form.getAttribute("data-confirm"))) return;
		showError(form, "");
		var body = new FormData();
		body.append("force", "true");
		body.append("file", file, file.name);
		window
			.hermesFetch("/api/ops/import-upload", { method: "POST", body: body })
			.then(function (response) {
				return jsonOf(response).then(function (json) {
					if (!response.ok) throw new Error(detailText(json, response.status));
					follow(json.name, sectionOf(form), "backups");
				});
			})
			.catch(function (error) {
				showError(form, error.message);
			});
	}

	window.hermesSystemOps = { follow: follow };

	document.addEventListener("click", function (event) {
		var update = event.target.closest("[data-action=hermes-update]");
		if (update) startUpdate(update);
		var download = event.target.closest("[data-action=backup-download]");
		if (download) downloadBackup(download);
	});

	document.addEventListener("submit", function (event) {
		var form = event.target.closest("form[data-action=import-upload]");
		if (!form) return;
		event.preventDefault();
		uploadRestore(form);
	});
})();
