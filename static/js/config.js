// Config page: tabs, search, modified marks, save with a diff preview and the file's
// version (409 → diff + reload), reset to defaults (local until saved), JSON export and
// import, the raw YAML editor and history restore. Only changed fields are sent. The
// server calls and the confirm dialog are in config_dialog.js, the field codec in config_fields.js.
(function () {
	"use strict";

	var page, form, statusLine, dialog, version;

	// Reading and writing field values: static/js/config_fields.js.
	var fieldCodec = window.HermesConfigFields;
	var controlOf = fieldCodec.controlOf;
	var same = fieldCodec.same;
	var parseJSONAttr = fieldCodec.parseJSONAttr;
	var readValue = fieldCodec.readValue;
	var writeValue = fieldCodec.writeValue;
	var setIn = fieldCodec.setIn;

	// Server calls and the confirm dialog: static/js/config_dialog.js.
	var api = window.HermesConfigDialog.call;
	var detailText = window.HermesConfigDialog.detailText;
	var openDialog = window.HermesConfigDialog.open;

	function $(id) {
		return document.getElementById(id);
	}
	function fields() {
		return Array.prototype.slice.call(form.querySelectorAll(".cfg-field"));
	}

	function setStatus(text, kind) {
		statusLine.textContent = text;
		statusLine.className = "config-status" + (kind ? " " + kind : "");
	}

	/** Marks a field custom (≠ default), dirty (≠ loaded) or invalid. */
	function mark(field) {
		try {
			var value = readValue(field);
			field.classList.remove("invalid");
			field.classList.toggle(
				"custom",
				!field.dataset.secret && !same(value, parseJSONAttr(field, "data-default")),
			);
			field.classList.toggle(
				"dirty",
				field.dataset.secret ? value !== undefined : !same(value, parseJSONAttr(field, "data-initial")),
			);
		} catch (_error) {
			field.classList.add("invalid", "dirty");
		}
	}

	/** `{config}` with only the changed fields; throws on an invalid one. */
	function changedConfig() {
		var config = {};
		var count = 0;
		fields().forEach(function (field) {
			var value;
			try {
				value = readValue(field);
			} catch (error) {
				throw new Error(field.dataset.key + ": " + error.message);
			}
			if (field.dataset.secret ? value !== undefined : !same(value, parseJSONAttr(field, "data-initial"))) {
				setIn(config, field.dataset.key, value);
				count++;
			}
		});
		if (config.model_context_length !== undefined && config.model === undefined) {
			var model = form.querySelector('.cfg-field[data-key="model"]');
			if (model) config.model = readValue(model);
		}
		return { config: config, count: count };
	}

	/** Preview → confirm → PUT; a 409 shows the new diff over the current file and offers reload. */
	async function saveForm(force) {
		var change;
		try {
			change = changedConfig();
		} catch (error) {
			setStatus(error.message, "error");
			return;
		}
		if (change.count === 0) {
			setStatus(window.hermesText("script.config_nothing"), "");
			return;
		}
		var preview = await api("POST", "/api/config/preview", { config: change.config });
		if (!preview.ok) {
			handleFailure(preview);
			return;
		}
		var title = force
			? window.hermesText("script.config_changed_title")
			: change.count === 1
				? window.hermesText("script.config_save_one")
				: window.hermesText("script.config_save_many", { n: change.count });
		var message = force
			? window.hermesText("script.config_changed_message")
			: preview.data.changed
				? window.hermesText("script.config_will_change")
				: window.hermesText("script.config_no_change");
		openDialog(title, message, preview.data.diff, {
			reload: force,
			confirm: async function () {
				var result = await api(
					"PUT",
					"/api/config",
					{ config: change.config },
					{ "If-Match": '"' + (force ? preview.data.version : version) + '"' },
				);
				if (!result.ok) {
					handleFailure(result);
					return;
				}
				version = result.data.version;
				page.dataset.version = version;
				fields().forEach(function (field) {
					if (!field.dataset.secret && !field.classList.contains("invalid"))
						field.setAttribute("data-initial", JSON.stringify(readValue(field)));
					else if (field.dataset.secret) {
						var control = controlOf(field);
						if (control.value) {
							control.value = "";
							control.placeholder = "set";
						}
					}
					mark(field);
				});
				dialog.close();
				setStatus("Saved.", "ok");
				loadRaw();
				document.body.dispatchEvent(new CustomEvent("config:history"));
			},
		});
	}

	function handleFailure(result) {
		if (result.status === 409 && /changed since/.test(detailText(result.data))) {
			saveForm(true);
			return;
		}
		if (result.status === 409) {
			openDialog("config.yaml does not parse", detailText(result.data) + " — fix it in the raw editor.", "", {
				reload: true,
			});
			return;
		}
		if (dialog.open) dialog.close();
		setStatus(detailText(result.data), "error");
	}

	async function loadRaw() {
		var result = await api("GET", "/api/config/raw");
		if (result.ok) {
			$("config-raw").value = result.data.yaml;
			$("config-raw").dataset.version = result.data.version;
		}
	}

	async function saveRaw() {
		var text = $("config-raw").value;
		var error = $("config-raw-error");
		error.hidden = true;
		var preview = await api("POST", "/api/config/preview", { yaml_text: text });
		if (!preview.ok) {
			error.textContent = detailText(preview.data);
			error.hidden = false;
			return;
		}
		openDialog(
			window.hermesText("script.config_raw_title"),
			window.hermesText("script.config_raw_message"),
			preview.data.diff,
			{
				confirm: async function () {
					var result = await api("PUT", "/api/config/raw", {
						yaml_text: text,
						version: $("config-raw").dataset.version,
					});
					if (!result.ok) {
						dialog.close();
						error.textContent = detailText(result.data);
						error.hidden = false;
						return;
					}
					location.reload();
				},
			},
		);
	}

	var panelsLoaded = null;

	/**
	 * The page arrives with the first category's fields only; the rest come once, on the
	 * first tab switch, search, reset, export or import that needs them.
	 */
	function loadPanels() {
		if (panelsLoaded) return panelsLoaded;
		if (!form.querySelector(".config-panel[data-lazy]")) {
			panelsLoaded = Promise.resolve();
			return panelsLoaded;
		}
		panelsLoaded = window
			.hermesFetch("/ui/config/panels")
			.then(function (response) {
				if (!response.ok) throw new Error(response.status + " " + response.statusText);
				return response.text();
			})
			.then(function (text) {
				var holder = document.createElement("div");
				holder.innerHTML = text;
				holder.querySelectorAll(".config-panel").forEach(function (loaded) {
					var slot = form.querySelector(
						'.config-panel[data-lazy][data-panel="' + loaded.dataset.panel + '"]',
					);
					if (!slot) return;
					loaded.hidden = slot.hidden;
					slot.replaceWith(loaded);
					loaded.querySelectorAll(".cfg-field").forEach(mark);
				});
			})
			.catch(function (error) {
				panelsLoaded = null;
				setStatus(window.hermesText("script.config_load_failed", { n: error.message }), "error");
				throw error;
			});
		return panelsLoaded;
	}

	function showTab(name) {
		document.querySelectorAll(".config-tab").forEach(function (tab) {
			tab.setAttribute("aria-selected", tab.dataset.tab === name ? "true" : "false");
		});
		document.querySelectorAll(".config-panel").forEach(function (panel) {
			panel.hidden = panel.dataset.panel !== name;
		});
		form.hidden = name === "__raw" || name === "__history";
		if (name === "__history") document.body.dispatchEvent(new CustomEvent("config:history"));
	}

	function search(query) {
		query = query.trim().toLowerCase();
		page.classList.toggle("searching", query !== "");
		var any = false;
		document.querySelectorAll("#config-form .config-panel").forEach(function (panel) {
			var hits = 0;
			panel.querySelectorAll(".cfg-field").forEach(function (field) {
				var match =
					query === "" ||
					field.dataset.key.toLowerCase().indexOf(query) >= 0 ||
					field.querySelector(".cfg-label").textContent.toLowerCase().indexOf(query) >= 0;
				field.hidden = !match;
				if (match) hits++;
			});
			panel.classList.toggle("has-hits", query !== "" && hits > 0);
			if (hits > 0) any = true;
		});
		if (query === "") {
			var selected = document.querySelector('.config-tab[aria-selected="true"]');
			showTab(selected ? selected.dataset.tab : "general");
		} else form.hidden = false;
		$("config-no-match").hidden = any;
	}

	function exportJSON() {
		var json = JSON.stringify(fieldCodec.exportValues(fields()), null, 2);
		var link = document.createElement("a");
		link.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
		link.download = "hermes-config.json";
		document.body.appendChild(link);
		link.click();
		link.remove();
	}

	async function importJSON(file) {
		var data;
		try {
			data = JSON.parse(await file.text());
		} catch (_error) {
			setStatus(window.hermesText("script.config_import_json"), "error");
			return;
		}
		if (data === null || typeof data !== "object" || Array.isArray(data)) {
			setStatus(window.hermesText("script.config_import_object"), "error");
			return;
		}
		var found = fieldCodec.importValues(data, fields());
		if (found.errors.length > 0) {
			var listed = found.errors.slice(0, 5).join("; ") + (found.errors.length > 5 ? "…" : "");
			setStatus(window.hermesText("script.config_import_refused", { n: listed }), "error");
			return;
		}
		found.updates.forEach(function (update) {
			writeValue(update[0], update[1]);
			mark(update[0]);
		});
		setStatus(window.hermesText("script.config_imported", { n: found.updates.length }), "");
		saveForm(false);
	}

	function init() {
		page = $("config-page");
		if (!page) return;
		form = $("config-form");
		statusLine = $("config-status");
		dialog = $("config-dialog");
		version = page.dataset.version;
		fields().forEach(mark);
		form.addEventListener("input", function (event) {
			var field = event.target.closest(".cfg-field");
			if (field) mark(field);
		});
		form.addEventListener("change", function (event) {
			var field = event.target.closest(".cfg-field");
			if (field) mark(field);
		});
		form.addEventListener("submit", function (event) {
			event.preventDefault();
		});
		document.querySelectorAll(".config-tab").forEach(function (tab) {
			tab.addEventListener("click", function () {
				$("config-search").value = "";
				search("");
				showTab(tab.dataset.tab);
				loadPanels().then(function () {
					showTab(tab.dataset.tab);
				});
			});
		});
		document.querySelectorAll("[data-tab-link]").forEach(function (link) {
			link.addEventListener("click", function () {
				showTab(link.dataset.tabLink);
			});
		});
		$("config-search").addEventListener("input", function (event) {
			loadPanels().then(function () {
				search(event.target.value);
			});
		});
		$("config-save").addEventListener("click", function () {
			saveForm(false);
		});
		$("config-reset").addEventListener("click", function () {
			loadPanels().then(function () {
				fields().forEach(function (field) {
					writeValue(field, parseJSONAttr(field, "data-default"));
					mark(field);
				});
				setStatus(window.hermesText("script.config_defaults_restored"), "");
			});
		});
		$("config-export").addEventListener("click", function () {
			loadPanels().then(exportJSON);
		});
		$("config-import").addEventListener("change", function (event) {
			var file = event.target.files[0];
			event.target.value = "";
			if (file)
				loadPanels().then(function () {
					importJSON(file);
				});
		});
		$("config-raw-save").addEventListener("click", saveRaw);
		$("config-history").addEventListener("click", async function (event) {
			var button = event.target.closest("[data-restore]");
			if (!button) return;
			var result = await api(
				"POST",
				"/api/config/history/" + encodeURIComponent(button.dataset.restore) + "/restore",
				{},
			);
			if (result.ok) location.reload();
			else setStatus(detailText(result.data), "error");
		});
		loadRaw();
		if (page.dataset.broken) {
			showTab("__raw");
			$("config-save").disabled = true;
		}
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
