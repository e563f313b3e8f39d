// The config form's field codec: read a control's value as the schema type says (lists one
// per line, JSON for mappings), write one back, and the dotted-key helpers export and import
// use. Loaded before config.js, which uses it as window.HermesConfigFields.
(function () {
	"use strict";

	function controlOf(field) {
		return field.querySelector(".cfg-control input, .cfg-control select, .cfg-control textarea");
	}

	function same(a, b) {
		return JSON.stringify(a) === JSON.stringify(b);
	}

	function parseJSONAttr(field, name) {
		var raw = field.getAttribute(name);
		return raw === null ? undefined : JSON.parse(raw);
	}

	/** The field's current value, or throws an Error with a message for the user. */
	function readValue(field) {
		var type = field.dataset.type;
		var control = controlOf(field);
		if (field.dataset.secret) return control.value === "" ? undefined : control.value;
		if (type === "boolean" || type === "bool") return control.checked;
		if (type === "number") {
			if (control.value.trim() === "") return parseJSONAttr(field, "data-initial") === null ? null : 0;
			var number = Number(control.value);
			if (!Number.isFinite(number)) throw new Error("not a number");
			return number;
		}
		if (type === "list" || type === "object") {
			if (control.dataset.format === "lines") {
				// One item per line; a line holding a JSON object or list is taken as one (e.g. fallback providers).
				return control.value
					.split("\n")
					.map(function (line) {
						return line.trim();
					})
					.filter(function (line) {
						return line !== "";
					})
					.map(function (line) {
						if (/^[[{]/.test(line)) {
							try {
								return JSON.parse(line);
							} catch (_error) {
								return line;
							}
						}
						return line;
					});
			}
			var value = JSON.parse(control.value.trim() === "" ? (type === "list" ? "[]" : "{}") : control.value);
			if (type === "list" && !Array.isArray(value)) throw new Error("must be a JSON list");
			if (type === "object" && (value === null || typeof value !== "object" || Array.isArray(value)))
				throw new Error("must be a JSON object");
			return value;
		}
		if (control.value === "" && parseJSONAttr(field, "data-initial") === null) return null;
		return control.value;
	}

	function writeValue(field, value) {
		var type = field.dataset.type;
		var control = controlOf(field);
		if (field.dataset.secret) return;
		if (type === "boolean" || type === "bool") control.checked = value === true;
		else if (type === "select") {
			if (
				!Array.prototype.some.call(control.options, function (option) {
					return option.value === value;
				})
			) {
				var option = document.createElement("option");
				option.value = option.textContent = String(value);
				control.appendChild(option);
			}
			control.value = value;
		} else if (type === "list" || type === "object") {
			control.value =
				control.dataset.format === "lines" && Array.isArray(value)
					? value
							.map(function (item) {
								return typeof item === "string" ? item : JSON.stringify(item);
							})
							.join("\n")
					: JSON.stringify(value, null, 2);
		} else control.value = value === null || value === undefined ? "" : String(value);
	}

	function setIn(target, dotted, value) {
		var keys = dotted === "model_context_length" ? [dotted] : dotted.split(".");
		var node = target;
		for (var i = 0; i < keys.length - 1; i++) {
			if (typeof node[keys[i]] !== "object" || node[keys[i]] === null) node[keys[i]] = {};
			node = node[keys[i]];
		}
		node[keys[keys.length - 1]] = value;
	}

	function lookup(object, dotted) {
		if (dotted in object) return { found: true, value: object[dotted] };
		var node = object;
		var keys = dotted.split(".");
		for (var i = 0; i < keys.length; i++) {
			if (node === null || typeof node !== "object" || !(keys[i] in node)) return { found: false };
			node = node[keys[i]];
		}
		return { found: true, value: node };
	}

	function typeMatches(type, value) {
		if (type === "boolean" || type === "bool") return typeof value === "boolean";
		if (type === "number") return typeof value === "number";
		if (type === "list") return Array.isArray(value);
		if (type === "object") return value !== null && typeof value === "object" && !Array.isArray(value);
		return value === null || typeof value === "string";
	}

	/** The non-secret fields' values as one nested object (invalid entries are skipped). */
	function exportValues(fields) {
		var out = {};
		fields.forEach(function (field) {
			if (field.dataset.secret) return;
			try {
				setIn(out, field.dataset.key, readValue(field));
			} catch (_error) {
				/* skip invalid */
			}
		});
		return out;
	}

	/** Which fields an imported object sets ([field, value] pairs) and the type errors found. */
	function importValues(data, fields) {
		var errors = [];
		var updates = [];
		fields.forEach(function (field) {
			var hit = lookup(data, field.dataset.key);
			if (!hit.found || field.dataset.secret) return;
			if (!typeMatches(field.dataset.type, hit.value))
				errors.push(field.dataset.key + " should be " + field.dataset.type);
			else updates.push([field, hit.value]);
		});
		return { errors: errors, updates: updates };
	}

	window.HermesConfigFields = {
		exportValues: exportValues,
		importValues: importValues,
		controlOf: controlOf,
		same: same,
		parseJSONAttr: parseJSONAttr,
		readValue: readValue,
		writeValue: writeValue,
		setIn: setIn,
		lookup: lookup,
		typeMatches: typeMatches,
	};
})();
