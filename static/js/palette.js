// Keyboard layer shared by every page: the command palette (Ctrl/⌘-K, results from
// GET /api/palette), "/" to focus the page's search, "?" for the shortcut list, F6 to
// leave the chat terminal (xterm keeps Tab and Esc for the shell), and a jump to the
// row a palette link names (#<key>). Native modal <dialog>s give the focus trap,
// Escape and focus return.
(function () {
	"use strict";
	var DEBOUNCE_MS = 120;

	function typingIn(target) {
		if (!target || !(target instanceof Element)) return false;
		if (target.closest(".xterm")) return true;
		var tag = target.tagName;
		return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
	}

	function inTerminal(target) {
		return target instanceof Element && target.closest(".xterm, #terminal") !== null;
	}

	function openDialog(dialog) {
		if (!dialog || dialog.open) return;
		document.body.classList.remove("nav-open");
		dialog.showModal();
	}

	// ---- the palette -------------------------------------------------------------
	var palette = document.getElementById("palette");
	var input = document.getElementById("palette-input");
	var list = document.getElementById("palette-results");
	var empty = document.getElementById("palette-empty");
	var kinds = {};
	try {
		kinds = JSON.parse(palette?.dataset.kinds || "{}");
	} catch (_e) {
		kinds = {};
	}
	var results = [];
	var active = -1;
	var timer = null;
	var asked = 0;

	function setActive(index) {
		var items = list.querySelectorAll("[role=option]");
		if (items.length === 0) {
			active = -1;
			input.removeAttribute("aria-activedescendant");
			return;
		}
		active = (index + items.length) % items.length;
		items.forEach(function (item, i) {
			item.setAttribute("aria-selected", i === active ? "true" : "false");
		});
		input.setAttribute("aria-activedescendant", items[active].id);
		items[active].scrollIntoView({ block: "nearest" });
	}

	function render() {
		list.textContent = "";
		results.forEach(function (result, i) {
			var item = document.createElement("li");
			item.id = "palette-option-" + i;
			item.setAttribute("role", "option");
			item.dataset.url = result.url;
			var label = document.createElement("span");
			label.className = "palette-label";
			label.textContent = result.label;
			var meta = document.createElement("span");
			meta.className = "palette-meta";
			meta.textContent = (kinds[result.kind] || result.kind) + (result.detail ? " · " + result.detail : "");
			item.append(label, meta);
			item.addEventListener("click", function () {
				go(i);
			});
			list.append(item);
		});
		input.setAttribute("aria-expanded", results.length > 0 ? "true" : "false");
		empty.hidden = results.length > 0;
		setActive(0);
		palette.dataset.state = "ready";
	}

	function search() {
		var ticket = ++asked;
		palette.dataset.state = "loading";
		window
			.hermesFetch("/api/palette?q=" + encodeURIComponent(input.value))
			.then(function (response) {
				return response.ok ? response.json() : { results: [] };
			})
			.then(
				function (body) {
					if (ticket !== asked) return; // an older answer arriving late
					results = Array.isArray(body.results) ? body.results : [];
					render();
				},
				function () {
					if (ticket !== asked) return;
					results = [];
					render();
				},
			);
	}

	function go(index) {
		var result = results[index];
		if (!result) return;
		palette.close();
		window.location.assign(window.hermesURL(result.url));
	}

	function openPalette() {
		if (!palette) return;
		input.value = "";
		openDialog(palette);
		input.focus();
		search();
	}

	if (palette) {
		input.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(search, DEBOUNCE_MS);
		});
		input.addEventListener("keydown", function (event) {
			if (event.key === "ArrowDown" || event.key === "ArrowUp") {
				event.preventDefault();
				setActive(active + (event.key === "ArrowDown" ? 1 : -1));
			} else if (event.key === "Enter") {
				event.preventDefault();
				go(active);
			}
		});
		document.getElementById("palette-open")?.addEventListener("click", openPalette);
		// A click on the backdrop (the dialog element itself, outside its box) closes it.
		palette.addEventListener("click", function (event) {
			if (event.target === palette) palette.close();
		});
	}

	// ---- global shortcuts --------------------------------------------------------
	function pageSearch() {
		return document.querySelector(
			"main [data-page-search], main input[type=search], main input[name=q], main input[name=search]",
		);
	}

	function leaveTerminal() {
		var terminal = document.getElementById("terminal");
		var focusable = Array.prototype.slice.call(
			document.querySelectorAll("a[href], button:not([disabled]), input, select, textarea, [tabindex='0']"),
		);
		var next = focusable.find(function (el) {
			return (
				!terminal.contains(el) &&
				el.getClientRects().length > 0 && // not display:none (the key bar on a desktop)
				terminal.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
			);
		});
		(next || document.getElementById("main")).focus();
	}

	// Modal dialogs keep Tab inside: from the last control back to the first and back.
	function trapTab(event) {
		var dialog = document.querySelector("dialog[open]");
		if (event.key !== "Tab" || !dialog || !dialog.matches(":modal")) return;
		var items = Array.prototype.filter.call(
			dialog.querySelectorAll(
				"a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, [tabindex='0']",
			),
			function (el) {
				return el.getClientRects().length > 0;
			},
		);
		if (items.length === 0) return;
		var first = items[0];
		var last = items[items.length - 1];
		if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
			event.preventDefault();
			last.focus();
		} else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
			event.preventDefault();
			first.focus();
		}
	}

	document.addEventListener(
		"keydown",
		function (event) {
			var target = event.target;
			trapTab(event);
			if (event.defaultPrevented) return;
			if (event.key === "F6" && inTerminal(target)) {
				event.preventDefault();
				event.stopPropagation();
				leaveTerminal();
				return;
			}
			var mod = event.ctrlKey || event.metaKey;
			// Ctrl-K in the terminal is the shell's kill-line; the header button still opens the palette.
			if (mod && !event.altKey && event.key.toLowerCase() === "k" && !inTerminal(target)) {
				event.preventDefault();
				if (palette?.open) palette.close();
				else openPalette();
				return;
			}
			if (mod || event.altKey || typingIn(target) || document.querySelector("dialog[open]")) return;
			if (event.key === "/") {
				var field = pageSearch();
				if (field) {
					event.preventDefault();
					field.focus();
					if (typeof field.select === "function") field.select();
				}
			} else if (event.key === "?") {
				event.preventDefault();
				openDialog(document.getElementById("shortcuts"));
			}
		},
		true,
	);

	// ---- "more" menus (<details class="more-menu">): one open at a time, closed by
	// Escape (focus back on its button), by a click outside, or once an item is chosen.
	function closeMenus(except) {
		document.querySelectorAll("details.more-menu[open]").forEach(function (menu) {
			if (menu !== except) menu.open = false;
		});
	}
	document.addEventListener("click", function (event) {
		var menu = event.target instanceof Element ? event.target.closest("details.more-menu") : null;
		closeMenus(menu);
		if (menu && event.target.closest(".more-items button, .more-items a")) {
			menu.open = false;
			// The chosen item is hidden now: focus (and a dialog's focus return) goes to "more".
			menu.querySelector("summary").focus();
		}
	});
	document.addEventListener("keydown", function (event) {
		if (event.key !== "Escape") return;
		var menu = document.querySelector("details.more-menu[open]");
		if (!menu) return;
		menu.open = false;
		menu.querySelector("summary").focus();
	});

	// ---- a palette link's row (#<key>): scroll to it and put focus there ----------
	function jumpToHash() {
		var name = decodeURIComponent(window.location.hash.slice(1));
		if (name === "" || document.getElementById(name)) return;
		var quoted = CSS.escape(name);
		var row = document.querySelector(
			"main [data-key='" +
				quoted +
				"'], main [data-job-id='" +
				quoted +
				"'], main .skill-row[data-name='" +
				quoted +
				"']",
		);
		if (!row) return;
		// A field first, then a button, then a link: the row's first thing to act on.
		var focusable = ["input:not([type=hidden]), select, textarea", "button", "a[href]"]
			.map(function (selector) {
				return row.querySelector(selector);
			})
			.find(Boolean);
		if (!focusable) {
			row.setAttribute("tabindex", "-1");
			focusable = row;
		}
		row.scrollIntoView({ block: "center" });
		focusable.focus({ preventScroll: true });
	}
	jumpToHash();
	window.addEventListener("hashchange", jumpToHash);
})();
