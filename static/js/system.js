// System page: declared writes, section refreshes, live host stats and the update check.
// Elements carry data-call="METHOD /api/…" (a button, or a form whose fields become the
// JSON body), data-body (a JSON body), data-confirm (asked first) and data-refresh (the
// section re-rendered afterwards; the admin activity section always follows).
(function () {
	"use strict";
	var STATS_MS = 3000;
	var SPARK_POINTS = 40;
	var history = { cpu: [], memory: [] };

	function sectionOf(el) {
		return el.closest("[data-section]");
	}

	function showError(el, message) {
		window.hermesShowError(sectionOf(el)?.querySelector(".sys-error"), message);
	}

	// Hermes's sentence or the field errors, as every page words them (app.js).
	var detailText = window.hermesErrorText;

	function refresh(name) {
		var current = document.getElementById("sys-" + name);
		if (!current) return Promise.resolve();
		return window
			.hermesFetch("/ui/system/" + name)
			.then(function (response) {
				return response.ok ? response.text() : null;
			})
			.then(function (markup) {
				if (markup === null) return;
				var holder = document.createElement("div");
				holder.innerHTML = markup;
				var next = holder.firstElementChild;
				if (next) current.replaceWith(next);
			});
	}

	function formBody(form) {
		var body = {};
		Array.prototype.forEach.call(form.elements, function (field) {
			if (!field.name) return;
			if (field.type === "checkbox") {
				body[field.name] = field.checked;
			} else if (field.value === "" && field.hasAttribute("data-optional")) {
				return;
			} else if (field.type === "number") {
				body[field.name] = Number(field.value);
			} else {
				body[field.name] = field.value;
			}
		});
		return body;
	}

	function call(el, body) {
		var spec = el.getAttribute("data-call").split(" ");
		var confirmText = el.getAttribute("data-confirm");
		if (confirmText && !window.confirm(confirmText)) return;
		showError(el, "");
		var sectionName = sectionOf(el)?.getAttribute("data-section");
		el.setAttribute("aria-busy", "true");
		window
			.hermesFetch(spec[1], { method: spec[0], body: JSON.stringify(body || {}) })
			.then(function (response) {
				return response
					.json()
					.catch(function () {
						return null;
					})
					.then(function (json) {
						if (!response.ok) throw new Error(detailText(json, response.status));
						el.removeAttribute("aria-busy");
						if (el.hasAttribute("data-follow") && json?.name) {
							// A section re-rendered after the call (gateway) shows its log in another one's panel.
							var into = el.getAttribute("data-follow-in");
							var logSection = into ? document.getElementById("sys-" + into) : sectionOf(el);
							if (logSection)
								window.hermesSystemOps.follow(
									json.name,
									logSection,
									el.getAttribute("data-refresh-after"),
								);
						}
						var refreshes = [el.getAttribute("data-refresh"), "audit"].filter(Boolean);
						return Promise.all(refreshes.map(refresh)).then(function () {
							// A spawned action reports its process in the (re-rendered) section.
							var result = document.querySelector("#sys-" + sectionName + " .sys-result");
							if (result && json?.name) result.textContent = json.name + " (pid " + json.pid + ")";
						});
					});
			})
			.catch(function (error) {
				el.removeAttribute("aria-busy");
				showError(el, error.message);
			});
	}

	document.addEventListener("click", function (event) {
		var button = event.target.closest("button[data-call]");
		if (button) {
			var raw = button.getAttribute("data-body");
			call(button, raw ? JSON.parse(raw) : {});
			return;
		}
		if (event.target.closest("[data-action=update-check]")) checkUpdates(true);
	});

	document.addEventListener("submit", function (event) {
		var form = event.target.closest("form[data-call]");
		if (!form) return;
		event.preventDefault();
		call(form, formBody(form));
	});

	// Host stats: a poll that stops while the tab is hidden; CPU and memory sparklines.
	function drawSpark(name) {
		var line = document.querySelector('[data-spark="' + name + '"] polyline');
		var values = history[name];
		if (!line || values.length === 0) return;
		var step = 120 / (SPARK_POINTS - 1);
		var offset = SPARK_POINTS - values.length;
		line.setAttribute(
			"points",
			values
				.map(function (value, i) {
					return ((offset + i) * step).toFixed(1) + "," + (30 - (value / 100) * 28 - 1).toFixed(1);
				})
				.join(" "),
		);
	}

	function remember(name, value) {
		if (typeof value !== "number") return;
		history[name].push(value);
		if (history[name].length > SPARK_POINTS) history[name].shift();
		drawSpark(name);
	}

	function setStat(name, text) {
		var el = document.querySelector('[data-stat="' + name + '"]');
		if (el && text) el.textContent = text;
	}

	var statsTimer = null;
	function pollStats() {
		statsTimer = null;
		if (document.visibilityState !== "visible") return;
		window
			.hermesFetch("/api/system/stats")
			.then(function (response) {
				return response.ok ? response.json() : null;
			})
			.then(function (stats) {
				if (stats) {
					if (typeof stats.cpu_percent === "number")
						setStat("cpu_percent", window.hermesFormat.percent(stats.cpu_percent));
					if (stats.memory) {
						setStat(
							"memory",
							window.hermesFormat.bytes(stats.memory.used) +
								" / " +
								window.hermesFormat.bytes(stats.memory.total) +
								" (" +
								window.hermesFormat.percent(stats.memory.percent) +
								")",
						);
						remember("memory", stats.memory.percent);
					}
					if (stats.load_avg) setStat("load_avg", stats.load_avg.join(" · "));
					remember("cpu", stats.cpu_percent);
				}
			})
			.catch(function () {})
			.then(schedule);
	}
	function schedule() {
		if (statsTimer === null && document.visibilityState === "visible") statsTimer = setTimeout(pollStats, STATS_MS);
	}
	document.addEventListener("visibilitychange", schedule);

	function checkUpdates(force) {
		var summary = document.querySelector("[data-testid=update-summary]");
		var list = document.querySelector("[data-testid=update-commits]");
		if (!summary) return;
		summary.textContent = summary.getAttribute("data-checking");
		window
			.hermesFetch("/api/hermes/update/check" + (force ? "?force=1" : ""))
			.then(function (response) {
				return response.json();
			})
			.then(function (check) {
				var text = check.message || "";
				if (check.update_available && check.behind > 0) {
					text = check.behind + " " + summary.getAttribute("data-behind");
				} else if (check.update_available) {
					text = summary.getAttribute("data-newer");
				}
				if (check.update_available || (!check.can_apply && check.install_method !== "unknown")) {
					text += " — " + summary.getAttribute("data-command") + ": " + check.update_command;
				}
				summary.textContent = text;
				list.textContent = "";
				(check.commits || []).forEach(function (commit) {
					var item = document.createElement("li");
					item.textContent = commit.sha + " " + commit.summary + " (" + commit.author + ")";
					list.appendChild(item);
				});
			})
			.catch(function (error) {
				summary.textContent = error.message;
			});
	}

	// Shared with system_ops.js (the operations and backups sections).
	window.hermesSystem = { sectionOf: sectionOf, showError: showError, detailText: detailText, refresh: refresh };

	document.addEventListener("DOMContentLoaded", function () {
		var page = document.querySelector(".sys-page");
		if (page) page.setAttribute("data-ready", "");
		checkUpdates(false);
		pollStats();
	});
})();
