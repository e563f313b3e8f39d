// Page glue shared by every page: the session token on every htmx request, a 5 s
// refresh tick that pauses while the tab is hidden, and a fetch helper for scripts.
(function () {
	"use strict";
	var TOKEN_HEADER = "X-Hermes-Session-Token";

	function sessionToken() {
		return typeof window.__HERMES_SESSION_TOKEN__ === "string" ? window.__HERMES_SESSION_TOKEN__ : null;
	}

	// htmx 4: request headers live on ctx.request.headers in htmx:config:request.
	document.addEventListener("htmx:config:request", function (event) {
		var token = sessionToken();
		var ctx = event.detail && event.detail.ctx;
		if (token && ctx && ctx.request && ctx.request.headers) {
			ctx.request.headers[TOKEN_HEADER] = token;
		}
	});

	/** fetch() with the session token and JSON error bodies turned into Errors. */
	window.hermesFetch = function (url, options) {
		options = options || {};
		var headers = new Headers(options.headers || {});
		var token = sessionToken();
		if (token) headers.set(TOKEN_HEADER, token);
		if (options.body && typeof options.body === "string" && !headers.has("Content-Type")) {
			headers.set("Content-Type", "application/json");
		}
		options.headers = headers;
		options.credentials = "same-origin";
		return fetch(url, options);
	};

	// Elements with hx-trigger="hermes:tick from:body" refresh on this tick.
	var TICK_MS = 5000;
	function tick() {
		if (document.visibilityState === "visible") {
			document.body.dispatchEvent(new CustomEvent("hermes:tick"));
		}
	}
	setInterval(tick, TICK_MS);
	document.addEventListener("visibilitychange", tick);
})();

// Gated mode (api-contract D.15): a 401 envelope from a script fetch means the session
// is gone; remember where the user was and go to the login page it names.
(function () {
	"use strict";
	if (window.__HERMES_AUTH_REQUIRED__ !== true || typeof window.hermesFetch !== "function") return;
	var fetchWithToken = window.hermesFetch;
	window.hermesFetch = function (url, options) {
		return fetchWithToken(url, options).then(function (response) {
			if (response.status === 401) {
				response.clone().json().then(function (body) {
					if (body && body.login_url && (body.error === "unauthenticated" || body.error === "session_expired")) {
						try { sessionStorage.setItem("hermes.lastLocation", location.pathname + location.search); } catch (e) { /* private mode */ }
						window.location.assign(body.login_url);
					}
				}, function () { /* not JSON: leave it to the caller */ });
			}
			return response;
		});
	};
})();
