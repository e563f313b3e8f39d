// Page glue shared by every page: the session token on every htmx request, a 5 s
// refresh tick that pauses while the tab is hidden, and a fetch helper for scripts.
// Behind a reverse-proxy prefix (window.__HERMES_BASE_PATH__, e.g. "/hermes") every
// root-relative URL a script or htmx requests goes through window.hermesURL().
(function () {
	"use strict";
	var TOKEN_HEADER = "X-Hermes-Session-Token";
	var BASE = typeof window.__HERMES_BASE_PATH__ === "string" ? window.__HERMES_BASE_PATH__ : "";

	/**
	 * "/api/x" → "<base>/api/x". Leaves alone absolute and protocol-relative ("//") URLs,
	 * relative paths, "#" anchors and URLs that already carry the prefix (the server
	 * prefixes the URLs it writes into the HTML).
	 */
	window.hermesURL = function (url) {
		if (
			BASE === "" ||
			typeof url !== "string" ||
			url.charAt(0) !== "/" ||
			url.charAt(1) === "/" ||
			url.charAt(1) === "\\"
		)
			return url;
		if (url.indexOf(BASE) === 0) {
			var next = url.charAt(BASE.length);
			if (next === "" || next === "/" || next === "?" || next === "#") return url;
		}
		return BASE + url;
	};

	function sessionToken() {
		return typeof window.__HERMES_SESSION_TOKEN__ === "string" ? window.__HERMES_SESSION_TOKEN__ : null;
	}

	// htmx 4: request headers live on ctx.request.headers in htmx:config:request.
	document.addEventListener("htmx:config:request", function (event) {
		var token = sessionToken();
		var ctx = event.detail?.ctx;
		if (token && ctx?.request?.headers) {
			ctx.request.headers[TOKEN_HEADER] = token;
		}
		if (ctx?.request && typeof ctx.request.action === "string") {
			ctx.request.action = window.hermesURL(ctx.request.action);
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
		return fetch(typeof url === "string" ? window.hermesURL(url) : url, options);
	};

	/**
	 * An error body's `detail` as one line: Hermes's sentence, or each field error as
	 * "field.path: message" (the location without its "body"/"query" root).
	 */
	window.hermesErrorText = function (body, status) {
		if (body && typeof body.detail === "string") return body.detail;
		if (body && Array.isArray(body.detail))
			return body.detail
				.map(function (d) {
					var field = (d.loc || []).slice(1).join(".");
					return field ? field + ": " + d.msg : d.msg;
				})
				.join("; ");
		return "Request failed (" + status + ")";
	};

	/**
	 * A JSON call: resolves with the parsed answer, rejects with an Error saying why
	 * (`describe(body, status)` words it; default hermesErrorText).
	 */
	window.hermesJSON = function (method, url, payload, describe) {
		var options = { method: method };
		if (payload !== undefined) options.body = JSON.stringify(payload);
		// Looked up at call time: gated mode wraps hermesFetch below.
		return window.hermesFetch(url, options).then(function (response) {
			return response
				.json()
				.catch(function () {
					return null;
				})
				.then(function (body) {
					if (!response.ok) throw new Error((describe || window.hermesErrorText)(body, response.status));
					return body;
				});
		});
	};

	/** Shows `message` in an error slot (hidden while empty); a missing slot is ignored. */
	window.hermesShowError = function (slot, message) {
		if (!slot) return;
		slot.textContent = message || "";
		slot.hidden = !message;
	};

	/**
	 * Replaces the element #id with the first element of the HTML fragment at `url` (a
	 * server-rendered list); resolves with the new element.
	 */
	// Texts a page script writes itself, in the page's language (views/page_texts.ts);
	// "{n}" takes values.n. An unknown key reads as itself.
	var pageTexts;
	window.hermesText = function (key, values) {
		if (pageTexts === undefined) {
			var holder = document.getElementById("page-texts");
			pageTexts = holder ? JSON.parse(holder.getAttribute("data-texts") || "{}") : {};
		}
		var text = pageTexts[key] || key;
		return text.replace(/\{(\w+)\}/g, function (whole, name) {
			return values && name in values ? String(values[name]) : whole;
		});
	};

	window.hermesSwap = function (id, url) {
		return window.hermesFetch(url).then(function (response) {
			if (!response.ok) throw new Error("Could not reload (" + response.status + ")");
			return response.text().then(function (markup) {
				var holder = document.createElement("div");
				holder.innerHTML = markup;
				var next = holder.firstElementChild;
				document.getElementById(id).replaceWith(next);
				return next;
			});
		});
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
				response
					.clone()
					.json()
					.then(
						function (body) {
							if (
								body?.login_url &&
								(body.error === "unauthenticated" || body.error === "session_expired")
							) {
								try {
									sessionStorage.setItem("hermes.lastLocation", location.pathname + location.search);
								} catch (_e) {
									/* private mode */
								}
								window.location.assign(body.login_url);
							}
						},
						function () {
							/* not JSON: leave it to the caller */
						},
					);
			}
			return response;
		});
	};
})();

// The navigation behind the menu button on narrow screens: the button says whether it
// is open, Escape closes it and gives focus back to the button.
(function () {
	"use strict";
	var toggle = document.getElementById("menu-toggle");
	if (!toggle) return;
	function setOpen(open) {
		document.body.classList.toggle("nav-open", open);
		toggle.setAttribute("aria-expanded", open ? "true" : "false");
	}
	toggle.addEventListener("click", function () {
		var open = !document.body.classList.contains("nav-open");
		setOpen(open);
		if (open) document.querySelector("#sidebar a")?.focus();
	});
	document.addEventListener("keydown", function (event) {
		if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
			setOpen(false);
			toggle.focus();
		}
	});
})();

// Tables turn into cards on a phone (static/css/shell.css); each cell then shows its
// column's name from data-label, copied here from the header row, including tables
// that htmx swaps in later.
(function () {
	"use strict";
	function labelCells(root) {
		root.querySelectorAll("table").forEach(function (table) {
			var heads = table.querySelectorAll("thead th");
			if (heads.length === 0) return;
			table.querySelectorAll("tbody tr").forEach(function (row) {
				Array.prototype.forEach.call(row.children, function (cell, i) {
					var label = heads[i]?.textContent.trim();
					if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
				});
			});
		});
	}
	function start() {
		var main = document.getElementById("main");
		if (!main) return;
		labelCells(main);
		new MutationObserver(function () {
			labelCells(main);
		}).observe(main, { childList: true, subtree: true });
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();

// Dates and numbers in the page's language (<html lang>), by the same rules as
// src/views/format.ts; <time data-format> elements the server wrote in UTC are re-written
// in the reader's own time zone, including those htmx swaps in later.
(function () {
	"use strict";
	var locale = document.documentElement.lang === "zh" ? "zh-CN" : "en";
	var KINDS = {
		date: { year: "numeric", month: "short", day: "numeric" },
		datetime: {
			year: "numeric",
			month: "short",
			day: "numeric",
			hour: "2-digit",
			minute: "2-digit",
			hourCycle: "h23",
			timeZoneName: "short",
		},
		time: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" },
	};
	var BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"];
	var cache = {};
	function numbers(name, options) {
		if (!cache[name]) cache[name] = new Intl.NumberFormat(locale, options);
		return cache[name];
	}
	function dates(kind) {
		if (!cache[kind]) cache[kind] = new Intl.DateTimeFormat(locale, KINDS[kind]);
		return cache[kind];
	}
	var RELATIVE_UNITS = [
		["year", 365 * 86400],
		["month", 30 * 86400],
		["day", 86400],
		["hour", 3600],
		["minute", 60],
	];
	var format = {
		/** "5 minutes ago" / "5分钟前" from epoch ms, counted from `nowMs`. */
		relative: function (ms, nowMs) {
			if (!cache.relative) cache.relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
			var seconds = Math.round((ms - nowMs) / 1000);
			for (var i = 0; i < RELATIVE_UNITS.length; i++) {
				var unit = RELATIVE_UNITS[i];
				if (Math.abs(seconds) >= unit[1]) return cache.relative.format(Math.round(seconds / unit[1]), unit[0]);
			}
			return cache.relative.format(seconds, "second");
		},
		/** Epoch ms (or anything Date takes) → text of `kind` in the browser's zone. */
		time: function (value, kind) {
			var when = new Date(value);
			return Number.isNaN(when.getTime()) ? "" : dates(KINDS[kind] ? kind : "datetime").format(when);
		},
		integer: function (value) {
			return numbers("int", { maximumFractionDigits: 0 }).format(value);
		},
		decimal: function (value, digits) {
			var d = digits === undefined ? 1 : digits;
			return numbers("dec" + d, { minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
		},
		compact: function (value) {
			return numbers("compact", { notation: "compact", maximumSignificantDigits: 3 }).format(value);
		},
		/** A percentage given as 0–100. */
		percent: function (value, digits) {
			var d = digits === undefined ? 1 : digits;
			return numbers("pct" + d, { style: "percent", maximumFractionDigits: d }).format(value / 100);
		},
		cost: function (usd) {
			var small = usd !== 0 && Math.abs(usd) < 1;
			return numbers(small ? "usd4" : "usd2", {
				style: "currency",
				currency: "USD",
				minimumFractionDigits: 2,
				maximumFractionDigits: small ? 4 : 2,
			}).format(usd);
		},
		bytes: function (bytes) {
			var value = bytes;
			var unit = 0;
			while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
				value /= 1000;
				unit++;
			}
			return numbers("bytes-" + BYTE_UNITS[unit], {
				style: "unit",
				unit: BYTE_UNITS[unit],
				unitDisplay: unit === 0 ? "long" : "short",
				maximumFractionDigits: unit === 0 ? 0 : 1,
			}).format(value);
		},
	};
	window.hermesFormat = format;

	function localize(root) {
		root.querySelectorAll("time[data-format]").forEach(function (node) {
			var text = format.time(node.getAttribute("datetime"), node.getAttribute("data-format"));
			if (text !== "" && node.textContent !== text) node.textContent = text;
		});
	}
	function start() {
		localize(document.body);
		new MutationObserver(function () {
			localize(document.body);
		}).observe(document.body, { childList: true, subtree: true });
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
