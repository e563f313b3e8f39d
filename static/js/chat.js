// Chat page: the Hermes TUI in xterm.js over /api/pty. WebGL renderer (DOM fallback),
// fit to the window, Unicode 11 widths, clickable links; flow control (pause/resume
// with watermarks); auto-reconnect with backoff and the same attach key, so the
// server's ring buffer replays what was missed (api-contract B.3).
// The socket asks for the control channel (?control=1, src/pty/protocol.ts): keystrokes
// go as binary frames and our own messages (resize, pause, resume) as JSON text frames,
// so nothing typed or pasted can be mistaken for one.
(function () {
	"use strict";
	var root = document.getElementById("terminal");
	if (!root || typeof window.Terminal !== "function") return;

	var KEY_STORAGE = "hermes.pty.token.chat";
	var SR_STORAGE = "hermes.chat.screenReader";
	var HIGH_WATER = 256 * 1024;
	var LOW_WATER = 32 * 1024;
	var encoder = new TextEncoder();
	var statusEl = document.getElementById("chat-status");
	var bannerEl = document.getElementById("chat-banner");
	var restartEl = document.getElementById("chat-restart");
	var srEl = document.getElementById("chat-screen-reader");

	function storage(name, value) {
		try {
			if (value === undefined) return window.localStorage.getItem(name);
			if (value === null) window.localStorage.removeItem(name);
			else window.localStorage.setItem(name, value);
		} catch {
			/* storage disabled: keys live for this page only */
		}
		return null;
	}

	function newKey() {
		var bytes = new Uint8Array(16);
		crypto.getRandomValues(bytes);
		return Array.prototype.map
			.call(bytes, function (b) {
				return (b < 16 ? "0" : "") + b.toString(16);
			})
			.join("");
	}

	var resume = root.dataset.resume || "";
	var profile = root.dataset.profile || "";
	var attachKey = storage(KEY_STORAGE);
	// Resuming a chosen session needs a PTY of its own, not the one already running.
	if (!attachKey || resume) {
		attachKey = newKey();
		storage(KEY_STORAGE, attachKey);
	}
	var fresh = false;

	var css = getComputedStyle(document.documentElement);
	var term = new window.Terminal({
		allowProposedApi: true,
		// A blinking cursor is motion: off when the system asks for less.
		cursorBlink: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
		fontFamily: css.getPropertyValue("--font-mono").trim() || "monospace",
		fontSize: 14,
		scrollback: 5000,
		screenReaderMode: storage(SR_STORAGE) === "1",
		theme: { background: "#021313", foreground: "#e8f3f1", cursor: "#4fd1c5", selectionBackground: "#1c4442" },
	});
	var fit = new window.FitAddon.FitAddon();
	term.loadAddon(fit);
	term.loadAddon(new window.Unicode11Addon.Unicode11Addon());
	term.unicode.activeVersion = "11";
	term.loadAddon(
		new window.WebLinksAddon.WebLinksAddon(function (_event, uri) {
			window.open(uri, "_blank", "noopener,noreferrer");
		}),
	);
	term.open(root);
	var renderer = "dom";
	try {
		var webgl = new window.WebglAddon.WebglAddon();
		webgl.onContextLoss(function () {
			webgl.dispose();
			renderer = "dom";
			publish();
		});
		term.loadAddon(webgl);
		renderer = "webgl";
	} catch {
		renderer = "dom"; // No WebGL2: xterm's DOM renderer draws instead.
	}
	fit.fit();
	term.focus();

	var ws = null;
	var attempts = 0;
	var reconnectTimer = null;
	var state = "connecting";
	var pending = 0;
	var paused = false;

	function publish() {
		window.hermesChat = { state: state, renderer: renderer, attachKey: attachKey, socket: ws };
	}
	window.term = term;

	function setState(next, message) {
		state = next;
		statusEl.dataset.state = next;
		statusEl.textContent = statusEl.dataset["label" + next.charAt(0).toUpperCase() + next.slice(1)] || next;
		statusEl.className =
			"badge " +
			(next === "connected"
				? "ok"
				: next === "error" || next === "denied"
					? "danger"
					: next === "ended"
						? "off"
						: "warn");
		bannerEl.hidden = !message;
		bannerEl.textContent = message || "";
		restartEl.hidden = !(next === "ended" || next === "superseded" || next === "error");
		publish();
	}

	function send(data) {
		if (ws && ws.readyState === WebSocket.OPEN) ws.send(data);
	}

	/** Keystrokes and pastes: always a binary frame, never read as a control message. */
	function sendInput(text) {
		send(encoder.encode(text));
	}

	function sendControl(message) {
		send(JSON.stringify(message));
	}

	function sendResize() {
		sendControl({ type: "resize", cols: term.cols, rows: term.rows });
	}

	function credential() {
		if (typeof window.__HERMES_SESSION_TOKEN__ === "string") {
			return Promise.resolve("token=" + encodeURIComponent(window.__HERMES_SESSION_TOKEN__));
		}
		// Gated mode: a single-use ticket minted with the session cookie.
		return window
			.hermesFetch("/api/auth/ws-ticket", { method: "POST" })
			.then(function (response) {
				if (!response.ok) throw new Error("ticket " + response.status);
				return response.json();
			})
			.then(function (body) {
				return "ticket=" + encodeURIComponent(body.ticket);
			});
	}

	function socketURL(auth) {
		var query = auth + "&control=1&attach=" + encodeURIComponent(attachKey);
		if (resume) query += "&resume=" + encodeURIComponent(resume);
		if (profile) query += "&profile=" + encodeURIComponent(profile);
		if (fresh) query += "&fresh=1";
		// Through the reverse proxy like the page itself: the base path goes in front.
		return (
			(location.protocol === "https:" ? "wss://" : "ws://") +
			location.host +
			window.hermesURL("/api/pty?" + query)
		);
	}

	// xterm.js flow control: count bytes handed to the parser, ask the server to pause
	// above the high watermark and to resume once the parser caught up.
	function output(data) {
		pending += data.length;
		term.write(data, function () {
			pending -= data.length;
			if (paused && pending < LOW_WATER) {
				paused = false;
				sendControl({ type: "resume" });
			}
		});
		if (!paused && pending > HIGH_WATER) {
			paused = true;
			sendControl({ type: "pause" });
		}
	}

	function connect() {
		clearTimeout(reconnectTimer);
		setState(attempts > 0 ? "reconnecting" : "connecting");
		credential().then(
			function (auth) {
				var socket = new WebSocket(socketURL(auth));
				socket.binaryType = "arraybuffer";
				ws = socket;
				publish();
				var stuck = setTimeout(function () {
					if (socket.readyState === WebSocket.CONNECTING) socket.close();
				}, 8000);
				socket.onopen = function () {
					clearTimeout(stuck);
					attempts = 0;
					pending = 0;
					paused = false;
					// The server replays its buffer: start from a clean screen, at our size.
					term.reset();
					fit.fit();
					sendResize();
					if (resume) {
						resume = "";
						history.replaceState(null, "", location.pathname);
					}
					fresh = false;
					setState("connected");
				};
				socket.onmessage = function (event) {
					output(typeof event.data === "string" ? event.data : new Uint8Array(event.data));
				};
				socket.onclose = function (event) {
					clearTimeout(stuck);
					if (ws === socket) ws = null;
					closed(event);
				};
			},
			function () {
				scheduleReconnect();
			},
		);
	}

	function scheduleReconnect() {
		attempts += 1;
		setState("reconnecting");
		reconnectTimer = setTimeout(connect, Math.min(3000, 250 * 2 ** (attempts - 1)));
	}

	function closed(event) {
		var code = event.code;
		if (code === 4401 || code === 4403 || code === 4404 || code === 4408) {
			setState("denied", root.dataset.deniedText + " (" + code + (event.reason ? ": " + event.reason : "") + ")");
		} else if (code === 1011) {
			setState("error"); // The server already wrote the explanation into the terminal.
		} else if (code === 4410) {
			setState("ended");
		} else if (code === 4409) {
			setState("superseded");
		} else if (!event.wasClean || code === 1001 || code === 1006) {
			scheduleReconnect();
		} else {
			setState("ended", statusEl.dataset.labelEnded + " (code " + code + ")");
		}
	}

	restartEl.addEventListener("click", function () {
		attachKey = newKey();
		storage(KEY_STORAGE, attachKey);
		fresh = true;
		attempts = 0;
		term.reset();
		connect();
		term.focus();
	});

	srEl.checked = term.options.screenReaderMode;
	srEl.addEventListener("change", function () {
		term.options.screenReaderMode = srEl.checked;
		storage(SR_STORAGE, srEl.checked ? "1" : "0");
	});

	term.onData(sendInput);
	term.onBinary(function (data) {
		var bytes = new Uint8Array(data.length);
		for (var i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 255;
		send(bytes);
	});
	term.onResize(sendResize);

	var fitQueued = false;
	function queueFit() {
		if (fitQueued) return;
		fitQueued = true;
		requestAnimationFrame(function () {
			fitQueued = false;
			fit.fit();
		});
	}
	window.addEventListener("resize", queueFit);
	if (typeof ResizeObserver === "function") new ResizeObserver(queueFit).observe(root);

	// On-screen keys for phones (no Esc, Tab, Ctrl or arrows there). They type through
	// term.input(), so they reach the socket exactly as the keyboard's keys do. Ctrl is
	// sticky: it applies to the next letter typed.
	var SEQUENCES = { esc: "\x1b", tab: "\t", up: "\x1b[A", down: "\x1b[B", right: "\x1b[C", left: "\x1b[D" };
	var ctrlKey = document.querySelector(".term-keys [data-seq=ctrl]");
	function setCtrl(on) {
		if (ctrlKey) ctrlKey.setAttribute("aria-pressed", on ? "true" : "false");
	}
	document.querySelectorAll(".term-keys [data-seq]").forEach(function (button) {
		button.addEventListener("click", function () {
			var name = button.dataset.seq;
			if (name === "ctrl") {
				setCtrl(button.getAttribute("aria-pressed") !== "true");
			} else {
				term.input(SEQUENCES[name], true);
				setCtrl(false);
			}
			term.focus();
		});
	});
	term.attachCustomKeyEventHandler(function (event) {
		if (ctrlKey?.getAttribute("aria-pressed") !== "true" || event.type !== "keydown") return true;
		if (!/^[a-zA-Z@[\\\]^_]$/.test(event.key)) return true;
		setCtrl(false);
		event.preventDefault(); // no keypress: the letter itself must not follow
		term.input(String.fromCharCode(event.key.toUpperCase().charCodeAt(0) & 31), true);
		return false;
	});

	connect();
})();
