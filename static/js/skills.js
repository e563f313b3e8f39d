// Skills page: tabs, the installed list's filter and category pills, skill toggles,
// the SKILL.md detail view and editor, toolset toggles, and the hub (search, install,
// uninstall, update all) with the action's live log read from its SSE stream through
// fetch() (the session token travels in a header; EventSource cannot send one).
(function () {
	"use strict";

	function $(selector, root) {
		return (root || document).querySelector(selector);
	}
	function $all(selector, root) {
		return Array.prototype.slice.call((root || document).querySelectorAll(selector));
	}

	/** JSON request; rejects with the server's `detail` text on an error answer. */
	function api(url, method, body) {
		return window.hermesJSON(method || "GET", url, body);
	}

	// -- tabs -----------------------------------------------------------------------
	function showTab(name) {
		$all("#skills-tabs .tab").forEach(function (tab) {
			var on = tab.getAttribute("data-tab") === name;
			tab.classList.toggle("active", on);
			tab.setAttribute("aria-selected", on ? "true" : "false");
		});
		$all("section.skills-tab").forEach(function (section) {
			section.hidden = section.getAttribute("data-tab") !== name;
		});
	}

	// -- installed skills -----------------------------------------------------------
	var category = "*";
	function applyFilter() {
		var text = $("#skills-filter").value.trim().toLowerCase();
		var shown = 0;
		$all(".skill-row").forEach(function (row) {
			var ok =
				(category === "*" || row.getAttribute("data-category") === category) &&
				(text === "" || row.getAttribute("data-search").indexOf(text) >= 0);
			row.hidden = !ok;
			if (ok) shown++;
		});
		$("#skills-no-match").hidden = shown > 0 || $all(".skill-row").length === 0;
	}

	/** Saves a checkbox through `url`; the row shows saving/saved, or error with the box put back. */
	function saveToggle(box, row, url, body) {
		row.setAttribute("data-state", "saving");
		api(url, "PUT", body).then(
			function () {
				row.setAttribute("data-state", "saved");
			},
			function (error) {
				box.checked = !box.checked;
				row.setAttribute("data-state", "error");
				row.title = error.message;
			},
		);
	}

	function toggleSkill(box) {
		saveToggle(box, box.closest(".skill-row"), "/api/skills/toggle", {
			name: box.getAttribute("data-name"),
			enabled: box.checked,
		});
	}

	function openSkill(name) {
		var detail = $("#skill-detail");
		return window
			.hermesFetch("/ui/skills/detail?name=" + encodeURIComponent(name))
			.then(function (response) {
				return response.text().then(function (text) {
					if (!response.ok) throw new Error(text);
					return text;
				});
			})
			.then(function (markup) {
				// Server-rendered: markdown sanitised by views/markdown.ts, everything else escaped.
				detail.innerHTML = markup;
				detail.hidden = false;
				detail.setAttribute("data-name", name);
			});
	}

	function saveSkill(form) {
		var status = $(".skill-editor-status", form);
		var name = form.getAttribute("data-name");
		status.textContent = "…";
		api("/api/skills/content", "PUT", {
			name: name,
			content: form.elements.content.value,
			version: form.getAttribute("data-version"),
		}).then(
			function () {
				return openSkill(name).then(function () {
					var fresh = $("#skill-detail .skill-editor-status");
					if (fresh) fresh.textContent = fresh.getAttribute("data-saved");
				});
			},
			function (error) {
				status.textContent = error.message;
				status.classList.add("error");
			},
		);
	}

	// -- toolsets -------------------------------------------------------------------
	function toggleToolset(box) {
		saveToggle(
			box,
			box.closest(".toolset-row"),
			"/api/tools/toolsets/" + encodeURIComponent(box.getAttribute("data-name")),
			{
				enabled: box.checked,
			},
		);
	}

	// -- hub ------------------------------------------------------------------------
	var streamController = null;

	function logLine(text) {
		var log = $("#hub-log");
		log.appendChild(document.createTextNode(text.replace(/\r?\n$/, "") + "\n"));
		log.scrollTop = log.scrollHeight;
	}

	function setLogStatus(running, exitCode) {
		var badge = $("#hub-log-status");
		badge.textContent = running
			? badge.getAttribute("data-running")
			: badge.getAttribute("data-done") + " " + exitCode;
		badge.className = "badge " + (running ? "warn" : exitCode === 0 ? "ok" : "off");
		$("#hub-log").setAttribute("data-state", running ? "running" : "exited");
	}

	/** Follows an action's log from its start until the `exit` event (action_log.js). */
	function follow(name) {
		if (streamController) streamController.abort();
		$("#hub-log-panel").hidden = false;
		$("#hub-log").textContent = "";
		$("#hub-log").setAttribute("data-action", name);
		setLogStatus(true);
		streamController = window.hermesFollowAction(name, {
			onLine: logLine,
			onExit: function (exitCode) {
				setLogStatus(false, exitCode);
				refreshInstalled();
			},
			onError: logLine,
		});
	}

	var refreshes = 0;

	/** Re-reads the installed list (a hub action may have added or removed skills). */
	function refreshInstalled() {
		return window.hermesFetch("/ui/skills/list").then(function (response) {
			if (!response.ok) return;
			return response.text().then(function (markup) {
				// Server-rendered rows: every value escaped by hono/html.
				$("#skill-list").innerHTML = markup;
				applyFilter();
				refreshes++;
				$("#skill-list").setAttribute("data-refreshed", String(refreshes));
			});
		});
	}

	function startAction(url, body) {
		showTab("hub");
		// Until the new run's stream opens, the panel must not read as the previous run's end.
		$("#hub-log").setAttribute("data-state", "starting");
		return api(url, "POST", body).then(
			function (answer) {
				return follow(answer.name);
			},
			function (error) {
				$("#hub-log-panel").hidden = false;
				$("#hub-log").textContent = error.message;
				$("#hub-log").setAttribute("data-state", "error");
			},
		);
	}

	function element(tag, className, text) {
		var node = document.createElement(tag);
		if (className) node.className = className;
		if (text !== undefined) node.textContent = text;
		return node;
	}

	function renderResults(answer) {
		var list = $("#hub-results");
		var message = $("#hub-message");
		list.textContent = "";
		message.textContent = answer.results.length === 0 ? message.getAttribute("data-none") : "";
		answer.results.forEach(function (result) {
			var item = element("li", "hub-result");
			item.setAttribute("data-testid", "hub-result");
			item.setAttribute("data-identifier", result.identifier);
			item.appendChild(element("strong", "", result.name));
			item.appendChild(element("span", "badge trust trust-" + result.trust_level, result.trust_level));
			item.appendChild(element("span", "muted", result.source));
			item.appendChild(element("p", "hub-description", result.description));
			var installed = answer.installed[result.identifier];
			if (installed) {
				item.appendChild(element("span", "badge ok", list.getAttribute("data-installed")));
				var remove = element("button", "hub-uninstall", list.getAttribute("data-uninstall"));
				remove.type = "button";
				remove.setAttribute("data-name", installed.name);
				item.appendChild(remove);
			} else {
				var install = element("button", "hub-install", list.getAttribute("data-install"));
				install.type = "button";
				install.setAttribute("data-identifier", result.identifier);
				item.appendChild(install);
			}
			var preview = element("button", "hub-preview", list.getAttribute("data-preview"));
			preview.type = "button";
			preview.setAttribute("data-identifier", result.identifier);
			item.appendChild(preview);
			list.appendChild(item);
		});
	}

	/** Shows `hermes skills inspect` output under the result (as text: never HTML). */
	function previewSkill(button) {
		var item = button.closest(".hub-result");
		var box = $(".hub-preview-text", item) || item.appendChild(element("pre", "hub-preview-text"));
		box.textContent = "…";
		api("/api/skills/hub/preview?identifier=" + encodeURIComponent(button.getAttribute("data-identifier"))).then(
			function (answer) {
				box.textContent = answer.skill_md;
				box.setAttribute("data-state", "loaded");
			},
			function (error) {
				box.textContent = error.message;
				box.setAttribute("data-state", "error");
			},
		);
	}

	function search(form) {
		var params = new URLSearchParams({ q: form.elements.q.value, source: form.elements.source.value, limit: "20" });
		var message = $("#hub-message");
		message.textContent = "…";
		api("/api/skills/hub/search?" + params.toString()).then(renderResults, function (error) {
			$("#hub-results").textContent = "";
			message.textContent = error.message;
		});
	}

	// -- wiring ---------------------------------------------------------------------
	document.addEventListener("DOMContentLoaded", function () {
		if (!$("#skills-tabs")) return;
		document.addEventListener("click", function (event) {
			var target = event.target.closest("button");
			if (!target) return;
			if (target.matches("#skills-tabs .tab")) showTab(target.getAttribute("data-tab"));
			else if (target.matches("#skills-pills .pill")) {
				category = target.getAttribute("data-category");
				$all("#skills-pills .pill").forEach(function (pill) {
					pill.classList.toggle("active", pill === target);
				});
				applyFilter();
			} else if (target.matches(".skill-open")) openSkill(target.getAttribute("data-name"));
			else if (target.matches(".skill-edit")) $("#skill-detail .skill-editor").hidden = false;
			else if (target.matches(".skill-close")) $("#skill-detail").hidden = true;
			else if (target.matches(".hub-install"))
				startAction("/api/skills/hub/install", { identifier: target.getAttribute("data-identifier") });
			else if (target.matches(".hub-preview")) previewSkill(target);
			else if (target.matches(".hub-uninstall"))
				startAction("/api/skills/hub/uninstall", { name: target.getAttribute("data-name") });
			else if (target.matches("#hub-update-all")) startAction("/api/skills/hub/update", {});
		});
		document.addEventListener("change", function (event) {
			if (event.target.matches(".skill-enabled")) toggleSkill(event.target);
			else if (event.target.matches(".toolset-enabled")) toggleToolset(event.target);
		});
		document.addEventListener("submit", function (event) {
			if (event.target.matches("#hub-search")) {
				event.preventDefault();
				search(event.target);
			} else if (event.target.matches(".skill-editor")) {
				event.preventDefault();
				saveSkill(event.target);
			}
		});
		$("#skills-filter").addEventListener("input", applyFilter);
	});
})();
