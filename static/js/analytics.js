// Analytics page: the chart tooltip. Each bar carries its day's figures in data-*
// attributes (rendered by the server); this only positions and fills the tooltip.
(function () {
	"use strict";

	function tooltip() {
		return document.getElementById("chart-tooltip");
	}

	function line(label, value) {
		var row = document.createElement("div");
		var name = document.createElement("span");
		name.textContent = label;
		var figure = document.createElement("strong");
		figure.textContent = value;
		row.append(name, figure);
		return row;
	}

	function number(value) {
		return window.hermesFormat.integer(Number(value || 0));
	}

	function show(bar) {
		var tip = tooltip();
		if (!tip) return;
		var d = bar.dataset;
		tip.textContent = "";
		var head = document.createElement("div");
		head.className = "tip-day";
		head.textContent = d.dayLabel || d.day;
		// The labels come in the page's language on the tooltip element.
		var label = tip.dataset;
		tip.append(
			head,
			line(label.labelInput, number(d.input)),
			line(label.labelOutput, number(d.output)),
			line(label.labelCacheRead, number(d.cacheRead)),
			line(label.labelCacheWrite, number(d.cacheWrite)),
			line(label.labelHit, d.hit),
			line(label.labelSessions, number(d.sessions)),
			line(d.costKind === "actual" ? label.labelActual : label.labelEstimated, d.cost),
		);
		tip.hidden = false;
		var wrap = tip.parentElement.getBoundingClientRect();
		var rect = bar.getBoundingClientRect();
		var left = rect.left - wrap.left + rect.width / 2 - tip.offsetWidth / 2;
		tip.style.left = Math.max(0, Math.min(left, wrap.width - tip.offsetWidth)) + "px";
		tip.style.top = "0px";
	}

	function hide() {
		var tip = tooltip();
		if (tip) tip.hidden = true;
	}

	document.addEventListener("mouseover", function (event) {
		var bar = event.target.closest?.("#usage-chart .bar");
		if (bar) show(bar);
	});
	document.addEventListener("focusin", function (event) {
		var bar = event.target.closest?.("#usage-chart .bar");
		if (bar) show(bar);
	});
	document.addEventListener("mouseout", function (event) {
		if (event.target.closest?.("#usage-chart") && !event.relatedTarget?.closest?.("#usage-chart .bar")) hide();
	});
	document.addEventListener("focusout", hide);
})();
