// The "Restart gateway" panel (Channels and Webhooks pages): POST /api/gateway/restart,
// then the restart's live log and its outcome. `window.hermesGatewayRestart.follow(name)`
// lets a page show a restart the server started itself (webhooks enable).
(function () {
	"use strict";
	var following = null;

	function panel() {
		return document.getElementById("gateway-restart");
	}

	function setState(state, text) {
		var box = panel();
		box.setAttribute("data-state", state);
		var outcome = box.querySelector("[data-testid=restart-outcome]");
		outcome.textContent = text;
		outcome.className = "small " + (state === "ok" ? "ok" : state === "failed" ? "bad" : "");
		box.querySelector("button[data-action=restart-gateway]").disabled = state === "running";
	}

	function follow(name) {
		var box = panel();
		if (!box) return;
		if (following) following.abort();
		var log = box.querySelector("[data-testid=restart-log]");
		log.textContent = "";
		log.hidden = false;
		setState("running", box.getAttribute("data-running"));
		following = window.hermesFollowAction(name, {
			onLine: function (text) {
				log.appendChild(document.createTextNode(text.replace(/\r?\n$/, "") + "\n"));
				log.scrollTop = log.scrollHeight;
			},
			onExit: function (code) {
				if (code === 0) setState("ok", box.getAttribute("data-done"));
				else setState("failed", box.getAttribute("data-failed") + " " + code);
			},
			onError: function (text) {
				setState("failed", text);
			},
		});
	}

	function restart() {
		setState("running", panel().getAttribute("data-running"));
		window
			.hermesFetch("/api/gateway/restart", { method: "POST" })
			.then(function (response) {
				return response
					.json()
					.catch(function () {
						return null;
					})
					.then(function (body) {
						if (!response.ok) throw new Error(body?.detail || "HTTP " + response.status);
						follow(body.name);
					});
			})
			.catch(function (error) {
				setState("failed", error.message);
			});
	}

	window.hermesGatewayRestart = { follow: follow };

	document.addEventListener("click", function (event) {
		if (event.target.closest("button[data-action=restart-gateway]")) restart();
	});
})();
