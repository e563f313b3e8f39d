// The host Hermes dashboard plugin bundles expect (hermes-home §18.2): the
// window.__HERMES_PLUGIN_SDK__ object (React, hooks, a few components, fetchJSON) and
// window.__HERMES_PLUGINS__.register / registerSlot. Loaded only on pages where a plugin
// script runs; each plugin script is added as a same-origin <script src> (no inline code,
// no eval), and whatever one plugin breaks shows as a warning in its own tab or slot.
(function () {
	"use strict";
	var meta = document.querySelector('meta[name="hermes-plugins"]');
	var React = window.React;
	var ReactDOM = window.ReactDOM;
	if (!meta || !React || !ReactDOM) return;
	var config;
	try {
		config = JSON.parse(meta.getAttribute("content") || "{}");
	} catch (_error) {
		return;
	}
	var strings = config.strings || {};
	/** A page-language message with the plugin name (and detail) filled in. */
	function say(key, name, detail) {
		return String(strings[key] || key)
			.replace("{plugin}", () => name)
			.replace("{detail}", () => detail || "");
	}
	var h = React.createElement;
	var tabs = {};
	var slots = {};
	var roots = new Map();

	function warningElement(text) {
		var p = document.createElement("p");
		p.className = "plugin-warning";
		p.setAttribute("role", "status");
		p.setAttribute("data-testid", "plugin-warning");
		p.textContent = text;
		return p;
	}

	/** Mount points of one plugin: its tab root and its client slot fills. */
	function mountsOf(name) {
		return Array.prototype.filter.call(
			document.querySelectorAll("[data-plugin-root], .plugin-fill[data-client]"),
			function (element) {
				return (
					element.getAttribute("data-plugin-root") === name || element.getAttribute("data-plugin") === name
				);
			},
		);
	}

	function warn(name, text) {
		mountsOf(name).forEach(function (element) {
			var root = roots.get(element);
			if (root) {
				root.unmount();
				roots.delete(element);
			}
			element.replaceChildren(warningElement(text));
		});
	}

	// A render error in one plugin's component is caught here, not by the page. (This
	// script runs once per page, so the class is defined once.)
	// biome-ignore lint/correctness/noComponentHookFactories: module-level in effect, see above
	class Boundary extends React.Component {
		constructor(props) {
			super(props);
			this.state = { error: null };
		}
		static getDerivedStateFromError(error) {
			return { error: error };
		}
		render() {
			if (this.state.error) {
				var message = this.state.error?.message ? this.state.error.message : String(this.state.error);
				return h(
					"p",
					{ className: "plugin-warning", role: "status", "data-testid": "plugin-warning" },
					say("failed", this.props.plugin, message),
				);
			}
			return this.props.children;
		}
	}

	function render(element, name, Component) {
		var root = roots.get(element);
		if (!root) {
			element.replaceChildren();
			root = ReactDOM.createRoot(element);
			roots.set(element, root);
		}
		root.render(h(Boundary, { plugin: name }, h(Component, {})));
	}

	function renderPlugin(name) {
		mountsOf(name).forEach(function (element) {
			if (element.hasAttribute("data-plugin-root")) {
				if (tabs[name]) render(element, name, tabs[name]);
				return;
			}
			var slot = element.closest("[data-plugin-slot]");
			var Component = slot && slots[name]?.[slot.getAttribute("data-plugin-slot")];
			if (Component) render(element, name, Component);
		});
	}

	function isComponent(value) {
		return typeof value === "function" || (value !== null && typeof value === "object");
	}

	window.__HERMES_PLUGINS__ = {
		register: function (name, Component) {
			if (!isComponent(Component)) return;
			tabs[String(name)] = Component;
			renderPlugin(String(name));
		},
		registerSlot: function (name, slot, Component) {
			if (!isComponent(Component)) return;
			slots[String(name)] = slots[String(name)] || {};
			slots[String(name)][String(slot)] = Component;
			renderPlugin(String(name));
		},
	};

	/** A small component: the given tag with a class name prefixed. */
	function styled(tag, base) {
		return function (props) {
			var rest = Object.assign({}, props);
			var className = [base, props.className].filter(Boolean).join(" ");
			delete rest.className;
			delete rest.variant;
			delete rest.size;
			return h(tag, Object.assign(rest, { className: className }), props.children);
		};
	}

	var components = {
		Card: styled("section", "card"),
		CardHeader: styled("header", "card-header"),
		CardTitle: styled("h2", "card-title"),
		CardDescription: styled("p", "muted"),
		CardContent: styled("div", "card-content"),
		CardFooter: styled("footer", "card-footer"),
		Badge: styled("span", "badge"),
		Button: styled("button", "button"),
		Input: styled("input", "input"),
		Label: styled("label", ""),
		Separator: styled("hr", ""),
	};

	function fetchJSON(url, init) {
		var request = typeof window.hermesFetch === "function" ? window.hermesFetch : fetch;
		return request(url, init).then(function (response) {
			return response.text().then(function (text) {
				var body = null;
				try {
					body = text ? JSON.parse(text) : null;
				} catch (_error) {
					body = text;
				}
				if (!response.ok) {
					var detail = body && typeof body === "object" && body.detail ? body.detail : response.statusText;
					var error = new Error(response.status + ": " + detail);
					error.status = response.status;
					error.body = text;
					throw error;
				}
				return body;
			});
		});
	}

	/** Epoch seconds → "5 minutes ago" in the page's language (hermesFormat in app.js). */
	function timeAgo(seconds) {
		var now = Date.now();
		return window.hermesFormat.relative(Math.min(now, Number(seconds) * 1000), now);
	}

	window.__HERMES_PLUGIN_SDK__ = {
		React: React,
		ReactDOM: ReactDOM,
		hooks: {
			useState: React.useState,
			useEffect: React.useEffect,
			useCallback: React.useCallback,
			useMemo: React.useMemo,
			useRef: React.useRef,
			useContext: React.useContext,
			useReducer: React.useReducer,
		},
		// Unknown component names render as a plain <div>, so one missing widget does not
		// take the whole plugin down.
		components: new Proxy(components, {
			get: function (target, key) {
				return key in target ? target[key] : styled("div", "");
			},
		}),
		utils: {
			cn: (...classes) => classes.filter(Boolean).join(" "),
			timeAgo: timeAgo,
			isoTimeAgo: function (iso) {
				return timeAgo(Date.parse(iso) / 1000);
			},
		},
		fetchJSON: fetchJSON,
		api: {},
	};

	var scriptsByURL = {};

	// An uncaught error thrown from a plugin's own file is that plugin's failure.
	window.addEventListener("error", function (event) {
		var name = event.filename ? scriptsByURL[new URL(event.filename, location.href).pathname] : undefined;
		if (name) warn(name, say("failed", name, event.message || "script error"));
	});

	(config.scripts || []).forEach(function (entry) {
		var url = typeof window.hermesURL === "function" ? window.hermesURL(entry.src) : entry.src;
		scriptsByURL[new URL(url, location.href).pathname] = entry.name;
		var script = document.createElement("script");
		script.src = url;
		script.async = true;
		script.setAttribute("data-hermes-plugin", entry.name);
		script.addEventListener("error", function () {
			warn(entry.name, say("script_failed", entry.name));
		});
		script.addEventListener("load", function () {
			var root = document.querySelector("[data-plugin-root]");
			var named = root && root.getAttribute("data-plugin-root") === entry.name;
			if (named && !tabs[entry.name] && !root.querySelector(".plugin-warning")) {
				warn(entry.name, say("no_register", entry.name));
			}
		});
		document.head.appendChild(script);
	});
})();
