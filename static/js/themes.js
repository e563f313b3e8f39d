// The header's palette button: picking a built-in theme switches the page at once (its
// variables are already in themes.css) and saves the choice; a user theme's style sheet is
// rendered by the server, so picking one (or leaving one) saves and reloads.
(function () {
	"use strict";
	var root = document.documentElement;

	function choices() {
		return document.querySelectorAll("[data-theme-choice]");
	}

	function markActive(name) {
		choices().forEach(function (button) {
			button.setAttribute("aria-pressed", button.getAttribute("data-theme-choice") === name ? "true" : "false");
		});
	}

	function showError(picker, message) {
		var error = picker.querySelector(".theme-error");
		if (!error) return;
		error.textContent = message;
		error.hidden = false;
	}

	document.addEventListener("click", function (event) {
		var button = event.target instanceof Element ? event.target.closest("[data-theme-choice]") : null;
		if (!button) return;
		var picker = button.closest(".theme-picker");
		var name = button.getAttribute("data-theme-choice");
		var builtin = button.getAttribute("data-theme-kind") === "builtin";
		var previousTheme = root.getAttribute("data-theme");
		var previousName = null;
		choices().forEach(function (other) {
			if (other.getAttribute("aria-pressed") === "true") previousName = other.getAttribute("data-theme-choice");
		});
		var leavingUserTheme = previousTheme === "user";
		if (builtin && !leavingUserTheme) {
			root.setAttribute("data-theme", name);
		}
		markActive(name);
		window
			.hermesFetch("/api/dashboard/theme", { method: "PUT", body: JSON.stringify({ name: name }) })
			.then(function (response) {
				if (!response.ok) {
					return response.json().then(
						function (body) {
							throw new Error(typeof body.detail === "string" ? body.detail : String(response.status));
						},
						function () {
							throw new Error(String(response.status));
						},
					);
				}
				if (!builtin || leavingUserTheme) {
					window.location.reload();
					return;
				}
				if (picker) picker.removeAttribute("open");
			})
			.catch(function (error) {
				root.setAttribute("data-theme", previousTheme);
				markActive(previousName);
				showError(picker, (picker.getAttribute("data-save-failed") || "") + ": " + error.message);
			});
	});
})();
