// Login page: submits password forms as JSON (the plain form POST works without this)
// and shows the error text in place instead of reloading the page.
(function () {
	"use strict";
	var MESSAGES = {
		429: "Too many attempts. Please wait and try again.",
		401: "Invalid username or password.",
	};
	function basePath() {
		var action = document.querySelector("form.provider-form");
		return action ? action.getAttribute("action").replace(/\/auth\/password-login$/, "") : "";
	}
	document.querySelectorAll("form.provider-form").forEach(function (form) {
		form.addEventListener("submit", function (event) {
			event.preventDefault();
			var error = form.querySelector(".form-error");
			var button = form.querySelector("button[type=submit]");
			error.textContent = "";
			button.disabled = true;
			fetch(form.getAttribute("action"), {
				method: "POST",
				credentials: "same-origin",
				headers: { "Content-Type": "application/json", Accept: "application/json" },
				body: JSON.stringify({
					provider: form.dataset.provider,
					username: form.elements.username.value,
					password: form.elements.password.value,
					next: form.elements.next.value,
				}),
			}).then(
				function (response) {
					return response
						.json()
						.catch(function () {
							return {};
						})
						.then(function (data) {
							if (response.ok && data.ok) {
								window.location.assign(basePath() + (data.next || "/"));
								return;
							}
							error.textContent = MESSAGES[response.status] || "Sign-in failed. Please try again.";
							button.disabled = false;
						});
				},
				function () {
					error.textContent = "Sign-in failed. Please try again.";
					button.disabled = false;
				},
			);
		});
	});
})();
