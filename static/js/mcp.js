// MCP page: add, enable/disable, test and remove servers through the JSON API, then
// re-render the list from /ui/mcp/servers. The Catalog tab loads /ui/mcp/catalog on
// first open; its install forms send the prompted keys once and clear them.
(function () {
	"use strict";

	var call = window.hermesJSON;

	function page() {
		return document.getElementById("mcp-page");
	}

	function label(name) {
		return page().getAttribute("data-" + name) || "";
	}

	function showError(container, message) {
		window.hermesShowError(container?.querySelector(".mcp-error"), message);
	}

	function refreshServers() {
		return window.hermesSwap("mcp-servers", "/ui/mcp/servers");
	}

	function lines(text) {
		return text
			.split("\n")
			.map(function (line) {
				return line.trim();
			})
			.filter(function (line) {
				return line !== "";
			});
	}

	/** KEY=VALUE lines to an object; null when a line has no `=` or no key. */
	function envObject(text) {
		var env = {};
		var list = lines(text);
		for (var i = 0; i < list.length; i++) {
			var at = list[i].indexOf("=");
			if (at <= 0) return null;
			env[list[i].slice(0, at).trim()] = list[i].slice(at + 1);
		}
		return env;
	}

	function addServer(form) {
		var kind = form.elements.kind.value;
		var payload = { name: form.elements.name.value.trim() };
		if (kind === "url") {
			payload.url = form.elements.url.value.trim();
			if (form.elements.auth.value) payload.auth = form.elements.auth.value;
		} else {
			payload.command = form.elements.command.value.trim();
			payload.args = lines(form.elements.args.value);
			var env = envObject(form.elements.env.value);
			if (env === null) {
				showError(form, label("env-invalid"));
				return;
			}
			payload.env = env;
		}
		call("POST", "/api/mcp/servers", payload)
			.then(function () {
				form.reset();
				form.setAttribute("data-kind", "url");
				showError(form, "");
				return refreshServers();
			})
			.catch(function (error) {
				showError(form, error.message);
			});
	}

	function renderResult(card, body) {
		var box = card.querySelector(".mcp-result");
		box.textContent = "";
		box.hidden = false;
		var head = document.createElement("p");
		head.className = body.ok ? "mcp-ok" : "mcp-failed";
		var counts =
			body.prompts === undefined
				? ""
				: " · " + body.prompts + " " + label("prompts") + " · " + body.resources + " " + label("resources");
		head.textContent = body.ok ? label("ok") + counts : label("failed") + ": " + body.error;
		box.appendChild(head);
		if (!body.ok) return;
		var list = document.createElement("ul");
		list.className = "mcp-tools";
		body.tools.forEach(function (tool) {
			var item = document.createElement("li");
			var name = document.createElement("code");
			name.textContent = tool.name;
			item.appendChild(name);
			if (tool.description) item.appendChild(document.createTextNode(" — " + tool.description));
			list.appendChild(item);
		});
		box.appendChild(list);
	}

	/** Test and Sign in both answer `{ok, error, tools}`; sign-in waits on the browser. */
	function probe(card, button, action) {
		var name = card.getAttribute("data-name");
		var box = card.querySelector(".mcp-result");
		button.disabled = true;
		box.hidden = false;
		box.textContent = label(action === "auth" ? "signing-in" : "testing");
		showError(card, "");
		call("POST", "/api/mcp/servers/" + encodeURIComponent(name) + "/" + action)
			.then(function (body) {
				renderResult(card, body);
			})
			.catch(function (error) {
				box.hidden = true;
				showError(card, error.message);
			})
			.finally(function () {
				button.disabled = false;
			});
	}

	function onClick(event) {
		var tab = event.target.closest("button[data-tab]");
		if (tab) {
			selectTab(tab.getAttribute("data-tab"));
			return;
		}
		var button = event.target.closest("button[data-action]");
		var card = button?.closest(".mcp-server");
		if (!card) return;
		var name = card.getAttribute("data-name");
		var action = button.getAttribute("data-action");
		if (action === "test") probe(card, button, "test");
		if (action === "signin") probe(card, button, "auth");
		if (action === "remove") {
			if (!window.confirm(name + ": " + label("confirm"))) return;
			call("DELETE", "/api/mcp/servers/" + encodeURIComponent(name))
				.then(refreshServers)
				.catch(function (error) {
					showError(card, error.message);
				});
		}
	}

	function onChange(event) {
		var input = event.target;
		if (input.name === "kind") {
			input.form.setAttribute("data-kind", input.value);
			return;
		}
		if (input.getAttribute("data-action") !== "toggle") return;
		var card = input.closest(".mcp-server");
		call("PUT", "/api/mcp/servers/" + encodeURIComponent(card.getAttribute("data-name")) + "/enabled", {
			enabled: input.checked,
		})
			.then(refreshServers)
			.catch(function (error) {
				input.checked = !input.checked;
				showError(card, error.message);
			});
	}

	function install(form) {
		var entry = form.closest(".mcp-entry");
		var env = {};
		var inputs = form.querySelectorAll("input[data-env]");
		for (var i = 0; i < inputs.length; i++) env[inputs[i].getAttribute("data-env")] = inputs[i].value;
		call("POST", "/api/mcp/catalog/install", { name: entry.getAttribute("data-name"), env: env })
			.then(function (answer) {
				form.reset();
				// Background installs report their own outcome in the card's log panel.
				if (answer.background)
					return followInstall(entry, answer.action).then(function () {
						return false;
					});
				showError(entry, "");
				return Promise.all([window.hermesSwap("mcp-catalog-list", "/ui/mcp/catalog"), refreshServers()]);
			})
			.then(function (synchronous) {
				if (synchronous === false) return;
				var fresh = document.querySelector(
					'.mcp-entry[data-name="' + CSS.escape(entry.getAttribute("data-name")) + '"]',
				);
				if (fresh) fresh.querySelector(".mcp-done").hidden = false;
			})
			.catch(function (error) {
				showError(entry, error.message);
			});
	}

	/** A git-bootstrap install runs in the background: its log streams into the card. */
	function followInstall(entry, action) {
		var panel = entry.querySelector("[data-testid=mcp-install-log]");
		var lines = panel.querySelector(".mcp-log-lines");
		var status = panel.querySelector("[data-testid=mcp-install-status]");
		showError(entry, "");
		panel.hidden = false;
		lines.textContent = "";
		panel.setAttribute("data-state", "running");
		status.textContent = status.getAttribute("data-running");
		status.className = "badge warn";
		return new Promise(function (resolve) {
			window.hermesFollowAction(action, {
				onLine: function (text) {
					lines.appendChild(document.createTextNode(text.replace(/\r?\n$/, "") + "\n"));
					lines.scrollTop = lines.scrollHeight;
				},
				onExit: function (code) {
					status.textContent = status.getAttribute("data-done") + " " + code;
					status.className = "badge " + (code === 0 ? "ok" : "off");
					panel.setAttribute("data-state", code === 0 ? "ok" : "failed");
					// The CLI wrote config.yaml: the server list changes; the card keeps its log.
					refreshServers();
					resolve();
				},
				onError: function (text) {
					showError(entry, text);
					panel.setAttribute("data-state", "failed");
					resolve();
				},
			});
		});
	}

	function onSubmit(event) {
		var form = event.target;
		if (form.id === "mcp-add") {
			event.preventDefault();
			addServer(form);
		} else if (form.getAttribute("data-action") === "install") {
			event.preventDefault();
			install(form);
		}
	}

	var catalogLoaded = false;

	function selectTab(name) {
		var tabs = page().querySelectorAll("button[data-tab]");
		for (var i = 0; i < tabs.length; i++) {
			var selected = tabs[i].getAttribute("data-tab") === name;
			tabs[i].setAttribute("aria-selected", selected ? "true" : "false");
			document.getElementById(tabs[i].getAttribute("aria-controls")).hidden = !selected;
		}
		if (name === "catalog" && !catalogLoaded) {
			catalogLoaded = true;
			window.hermesSwap("mcp-catalog-list", "/ui/mcp/catalog").catch(function (error) {
				catalogLoaded = false;
				document.getElementById("mcp-catalog-list").textContent = error.message;
			});
		}
	}

	function start() {
		var root = page();
		if (!root) return;
		root.addEventListener("click", onClick);
		root.addEventListener("change", onChange);
		root.addEventListener("submit", onSubmit);
		root.setAttribute("data-ready", "");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
