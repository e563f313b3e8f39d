// Follows one background action's log (GET /api/actions/{name}/stream, SSE read through
// fetch so the session token travels in a header): calls onLine for every log line and
// onExit(exit_code) once the process has ended and its output is drained. Shared by the
// pages that start actions (gateway restart on Channels/Webhooks, MCP catalog installs,
// Skills hub installs, System operations and backups).
(function () {
	"use strict";

	function handle(block, handlers) {
		var event = /^event: (.*)$/m.exec(block);
		var data = /^data: (.*)$/m.exec(block);
		if (!event || !data) return;
		var payload = JSON.parse(data[1]);
		if (event[1] === "lines") payload.lines.forEach(handlers.onLine);
		if (event[1] === "exit") handlers.onExit(payload.exit_code);
	}

	/** Returns an AbortController-like handle; `abort()` stops following. */
	window.hermesFollowAction = function (name, handlers) {
		var controller = new AbortController();
		window
			.hermesFetch("/api/actions/" + encodeURIComponent(name) + "/stream", { signal: controller.signal })
			.then(function (response) {
				if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
				var reader = response.body.getReader();
				var decoder = new TextDecoder();
				var buffer = "";
				function pump() {
					return reader.read().then(function (chunk) {
						if (chunk.done) return;
						buffer += decoder.decode(chunk.value, { stream: true });
						var split = buffer.indexOf("\n\n");
						while (split >= 0) {
							handle(buffer.slice(0, split), handlers);
							buffer = buffer.slice(split + 2);
							split = buffer.indexOf("\n\n");
						}
						return pump();
					});
				}
				return pump();
			})
			.catch(function (error) {
				if (error.name !== "AbortError" && handlers.onError) handlers.onError(String(error.message || error));
			});
		return controller;
	};
})();
