// Header profile switcher: lists the profiles and scopes the page by ?profile= (the
// dashboard's own home when empty). The choice is kept in the URL and carried on the
// sidebar links, as Hermes's own frontend re-asserts it on every navigation. Stays
// hidden when the profile list cannot be read (e.g. before sign-in).
(function () {
	"use strict";
	var TOKEN_HEADER = "X-Hermes-Session-Token";

	function getJSON(url) {
		var headers = {};
		if (typeof window.__HERMES_SESSION_TOKEN__ === "string")
			headers[TOKEN_HEADER] = window.__HERMES_SESSION_TOKEN__;
		var target = typeof window.hermesURL === "function" ? window.hermesURL(url) : url;
		// Plain fetch: a 401 here must not send the user to the login page.
		return fetch(target, { headers: headers, credentials: "same-origin" }).then(function (response) {
			if (!response.ok) throw new Error("HTTP " + response.status);
			return response.json();
		});
	}

	function withProfile(href, profile) {
		var url = new URL(href, window.location.href);
		if (url.origin !== window.location.origin) return href;
		if (profile) url.searchParams.set("profile", profile);
		else url.searchParams.delete("profile");
		return url.pathname + url.search + url.hash;
	}

	/** (Re)builds the options from the server's list; the own home is the empty value. */
	function populate(select, chosen) {
		return Promise.all([getJSON("/api/profiles"), getJSON("/api/profiles/active")]).then(function (answers) {
			var own = answers[1].current;
			var ownOption = document.createElement("option");
			ownOption.value = "";
			ownOption.textContent = own;
			var options = [ownOption];
			answers[0].profiles.forEach(function (row) {
				if (row.name === own) return;
				var option = document.createElement("option");
				option.value = row.name;
				option.textContent = row.name;
				options.push(option);
			});
			select.replaceChildren.apply(select, options);
			select.value = chosen === own ? "" : chosen;
			select.closest(".profile-switcher").hidden = false;
		});
	}

	document.addEventListener("DOMContentLoaded", function () {
		var select = document.getElementById("profile-switcher");
		if (!select) return;
		var chosen = new URL(window.location.href).searchParams.get("profile") || "";
		if (chosen) {
			document.querySelectorAll(".sidebar a[href]").forEach(function (link) {
				link.setAttribute("href", withProfile(link.getAttribute("href"), chosen));
			});
		}
		select.addEventListener("change", function () {
			window.location.assign(withProfile(window.location.href, select.value));
		});
		var refresh = function () {
			populate(select, chosen).catch(function () {
				// No list (signed out, or an older server): the switcher stays as it was.
			});
		};
		refresh();
		// The Profiles page announces changes to the list (create, rename, delete).
		document.addEventListener("profiles:reloaded", refresh);
	});
})();
