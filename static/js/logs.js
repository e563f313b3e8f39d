// Logs page: live filters and the live tail. The tail reads the SSE stream with
// fetch() so the session token travels in a header (EventSource cannot send one). It
// stops while the tab is hidden and resumes from the last byte offset it saw.
(function () {
	"use strict";
	var MAX_DOM_LINES = 5000;
	var HEAD =
		/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d+)? (DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? [^\s:]+:/;
	var ANY_LEVEL = / (DEBUG|INFO|WARNING|ERROR|CRITICAL) /;

	var view, form, follow, statusBadge;
	var offset = 0;
	var controller = null;
	var retryTimer = null;
	var currentLevel = null;
	var loadSeq = 0;

	function query() {
		var params = new URLSearchParams();
		["file", "level", "component", "lines", "search"].forEach(function (name) {
			var value = form.elements[name].value;
			if (value !== "") params.set(name, value);
		});
		return params;
	}

	function classify(line) {
		var head = HEAD.exec(line);
		if (head) {
			currentLevel = head[1];
			return head[1];
		}
		var any = ANY_LEVEL.exec(line);
		if (any) {
			currentLevel = any[1];
			return any[1];
		}
		return line.trim() === "" ? null : currentLevel;
	}

	function lineElement(line) {
		var div = document.createElement("div");
		var level = classify(line);
		div.className = "log-line lvl-" + (level ? level.toLowerCase() : "none");
		div.textContent = line.replace(/\r?\n$/, "");
		return div;
	}

	function atBottom() {
		return view.scrollHeight - view.scrollTop - view.clientHeight < 40;
	}

	function append(lines) {
		if (lines.length === 0) return;
		var stick = atBottom();
		var empty = view.querySelector(".log-empty");
		if (empty) empty.remove();
		var fragment = document.createDocumentFragment();
		lines.forEach(function (line) {
			fragment.appendChild(lineElement(line));
		});
		view.appendChild(fragment);
		// Only trim (and jump) when the reader is following the end; a reader who
		// scrolled up keeps their place.
		if (stick) {
			while (view.childElementCount > MAX_DOM_LINES) view.firstElementChild.remove();
			view.scrollTop = view.scrollHeight;
		}
	}

	/** Translated labels rendered by the server on the status badge. */
	function label(name) {
		return statusBadge.getAttribute("data-" + name) || name;
	}

	function setStatus(text, kind) {
		statusBadge.textContent = text;
		statusBadge.className = "badge logs-status " + (kind || "off");
		view.setAttribute("data-stream", kind === "ok" ? "live" : "idle");
	}

	function stopStream() {
		if (retryTimer) {
			clearTimeout(retryTimer);
			retryTimer = null;
		}
		if (controller) {
			controller.abort();
			controller = null;
		}
	}

	function handleEvent(block) {
		var event = "message";
		var data = [];
		block.split("\n").forEach(function (line) {
			if (line.indexOf("event: ") === 0) event = line.slice(7);
			else if (line.indexOf("data: ") === 0) data.push(line.slice(6));
		});
		if (data.length === 0) return;
		var payload = JSON.parse(data.join("\n"));
		if (event === "ready") {
			offset = payload.offset;
			setStatus(label("live"), "ok");
		} else if (event === "lines") {
			offset = payload.offset;
			append(payload.lines);
		}
	}

	function startStream() {
		stopStream();
		if (!follow.checked || document.visibilityState !== "visible") {
			setStatus(follow.checked ? label("paused") : "", "off");
			return;
		}
		var params = query();
		params.delete("lines");
		params.set("from", String(offset));
		var own = new AbortController();
		controller = own;
		window
			.hermesFetch("/api/logs/stream?" + params.toString(), { signal: own.signal })
			.then(function (response) {
				// A refused file (not regular, outside the home, unknown) will not heal by retrying.
				if (response.status === 400 || response.status === 403 || response.status === 404) {
					return response.json().then(function (body) {
						if (controller !== own) return;
						controller = null;
						setStatus(typeof body.detail === "string" ? body.detail : "Request failed", "danger");
					});
				}
				if (!response.ok || !response.body) throw new Error("stream failed: " + response.status);
				var reader = response.body.getReader();
				var decoder = new TextDecoder();
				var buffer = "";
				function pump() {
					return reader.read().then(function (chunk) {
						if (chunk.done) throw new Error("stream ended");
						buffer += decoder.decode(chunk.value, { stream: true });
						for (var cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
							handleEvent(buffer.slice(0, cut));
							buffer = buffer.slice(cut + 2);
						}
						return pump();
					});
				}
				return pump();
			})
			.catch(function () {
				if (controller !== own) return; // stopped on purpose
				controller = null;
				setStatus(label("reconnecting"), "warn");
				retryTimer = setTimeout(startStream, 2000);
			});
	}

	function load() {
		var seq = ++loadSeq;
		stopStream();
		setStatus("", "off");
		var params = query();
		history.replaceState(null, "", window.hermesURL("/logs?" + params.toString()));
		return window
			.hermesFetch("/api/logs?" + params.toString())
			.then(function (response) {
				return response.json().then(function (body) {
					if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : "Request failed");
					if (seq !== loadSeq) return;
					offset = Number(response.headers.get("X-Hermes-Log-Offset") || 0);
					view.textContent = "";
					currentLevel = null;
					if (body.lines.length === 0) {
						var empty = document.createElement("p");
						empty.className = "muted log-empty";
						empty.textContent = label("empty");
						view.appendChild(empty);
					}
					append(body.lines);
					view.scrollTop = view.scrollHeight;
					startStream();
				});
			})
			.catch(function (error) {
				setStatus(error.message, "danger");
			});
	}

	function start() {
		view = document.getElementById("log-view");
		form = document.getElementById("logs-form");
		follow = document.getElementById("logs-follow");
		statusBadge = document.getElementById("logs-status");
		if (!view || !form) return;
		offset = Number(view.getAttribute("data-offset") || 0);
		view.scrollTop = view.scrollHeight;
		var searchTimer = null;
		form.addEventListener("submit", function (event) {
			event.preventDefault();
			load();
		});
		form.addEventListener("change", function (event) {
			if (event.target === follow) {
				startStream();
				return;
			}
			load();
		});
		form.elements.search.addEventListener("input", function () {
			clearTimeout(searchTimer);
			searchTimer = setTimeout(load, 300);
		});
		document.addEventListener("visibilitychange", startStream);
		window.addEventListener("pagehide", stopStream);
		startStream();
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
