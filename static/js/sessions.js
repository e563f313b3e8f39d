// Sessions page: row actions (expand, rename, archive, export, delete), "load more"
// messages, and the prune dialog. The list, search and pager are htmx fragments; this
// script only uses event delegation, so it keeps working after every swap.
(function () {
	"use strict";

	function listBox() {
		return document.getElementById("session-list");
	}

	function showError(message) {
		var banner = document.getElementById("session-error");
		if (!banner) return;
		banner.textContent = message || "";
		banner.hidden = !message;
	}

	async function failure(response) {
		var detail = response.status + " " + response.statusText;
		try {
			var body = await response.json();
			if (body?.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
		} catch (_e) {
			/* not JSON */
		}
		return detail;
	}

	async function api(method, url, body) {
		var response = await window.hermesFetch(url, {
			method: method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(await failure(response));
		return response.json();
	}

	/** Re-renders the current list page (keeps search, filters and offset). */
	async function reloadList() {
		var box = listBox();
		var inner = box?.querySelector("[data-list-url]");
		var url = inner ? inner.getAttribute("data-list-url") : "/ui/sessions/list";
		var response = await window.hermesFetch(url);
		box.innerHTML = await response.text();
		if (window.htmx) window.htmx.process(box);
		document.body.dispatchEvent(new CustomEvent("sessions:changed"));
	}

	function sessionPath(id) {
		return "/api/sessions/" + encodeURIComponent(id);
	}

	async function loadInto(container, url, append) {
		var response = await window.hermesFetch(url);
		var markup = await response.text();
		if (append) {
			container.insertAdjacentHTML("beforeend", markup);
		} else {
			container.innerHTML = markup;
		}
	}

	async function expand(row, button) {
		var detail = row.querySelector(".session-detail");
		if (!detail.hidden) {
			detail.hidden = true;
			button.setAttribute("aria-expanded", "false");
			return;
		}
		if (!detail.dataset.loaded) {
			var url = "/ui/sessions/" + encodeURIComponent(row.dataset.id) + "/messages";
			if (row.dataset.hit) url += "?hit=" + encodeURIComponent(row.dataset.hit);
			await loadInto(detail, url, false);
			detail.dataset.loaded = "1";
		}
		detail.hidden = false;
		button.setAttribute("aria-expanded", "true");
		var hit = detail.querySelector(".msg.hit");
		if (hit) hit.scrollIntoView({ block: "center" });
	}

	function startRename(row) {
		var title = row.querySelector(".session-title");
		if (!title || row.querySelector("form.rename")) return;
		var form = document.createElement("form");
		form.className = "rename";
		var input = document.createElement("input");
		input.name = "title";
		input.maxLength = 100;
		input.value = row.dataset.title || "";
		input.setAttribute("aria-label", "New title");
		input.setAttribute("data-testid", "rename-input");
		var save = document.createElement("button");
		save.type = "submit";
		save.textContent = "Save";
		save.className = "primary";
		form.append(input, save);
		title.hidden = true;
		title.after(form);
		input.focus();
		input.select();
		form.addEventListener("submit", async function (event) {
			event.preventDefault();
			try {
				await api("PATCH", sessionPath(row.dataset.id), { title: input.value });
				showError("");
				await reloadList();
			} catch (error) {
				showError(error.message);
			}
		});
		input.addEventListener("keydown", function (event) {
			if (event.key === "Escape") {
				form.remove();
				title.hidden = false;
			}
		});
	}

	async function exportSession(id) {
		var response = await window.hermesFetch(sessionPath(id) + "/export");
		if (!response.ok) throw new Error(await failure(response));
		var blob = new Blob([await response.text()], { type: "application/json" });
		var link = document.createElement("a");
		link.href = URL.createObjectURL(blob);
		link.download = "hermes-session-" + id + ".json";
		document.body.append(link);
		link.click();
		link.remove();
		setTimeout(function () {
			URL.revokeObjectURL(link.href);
		}, 1000);
	}

	function confirmDelete(id) {
		var dialog = document.getElementById("delete-dialog");
		dialog.querySelector("[data-role=target]").textContent = id;
		dialog.returnValue = "";
		dialog.showModal();
		return new Promise(function (resolve) {
			dialog.addEventListener(
				"close",
				function () {
					resolve(dialog.returnValue === "confirm");
				},
				{ once: true },
			);
		});
	}

	function pruneBody(dryRun) {
		var form = document.getElementById("prune-form");
		return {
			older_than_days: Number(form.elements.older_than_days.value),
			include_archived: form.elements.include_archived.checked,
			dry_run: dryRun,
		};
	}

	async function prunePreview() {
		var box = document.getElementById("prune-preview");
		var run = document.querySelector("[data-action=prune-run]");
		try {
			var result = await api("POST", "/api/sessions/prune", pruneBody(true));
			box.textContent = "";
			var summary = document.createElement("p");
			summary.setAttribute("data-testid", "prune-matched");
			summary.textContent = window.hermesText("script.prune_matched", { n: result.matched });
			box.append(summary);
			var list = document.createElement("ul");
			list.className = "prune-list";
			result.sessions.slice(0, 50).forEach(function (session) {
				var item = document.createElement("li");
				item.textContent =
					window.hermesFormat.time(session.started_at * 1000, "date") +
					" · " +
					(session.title || session.id) +
					" · " +
					window.hermesText("script.prune_messages", { n: session.message_count });
				list.append(item);
			});
			box.append(list);
			run.disabled = result.matched === 0;
		} catch (error) {
			box.textContent = error.message;
			run.disabled = true;
		}
	}

	async function pruneRun() {
		var box = document.getElementById("prune-preview");
		try {
			var result = await api("POST", "/api/sessions/prune", pruneBody(false));
			box.textContent = window.hermesText("script.prune_removed", { n: result.removed });
			document.querySelector("[data-action=prune-run]").disabled = true;
			await reloadList();
		} catch (error) {
			box.textContent = error.message;
		}
	}

	document.addEventListener("click", async function (event) {
		var button = event.target.closest("[data-action]");
		if (!button) return;
		var action = button.dataset.action;
		var row = button.closest(".session-row");
		try {
			if (action === "expand" && row) {
				await expand(row, button);
			} else if (action === "rename" && row) {
				startRename(row);
			} else if (action === "archive" && row) {
				await api("PATCH", sessionPath(row.dataset.id), { archived: button.dataset.archived !== "1" });
				await reloadList();
			} else if (action === "export" && row) {
				await exportSession(row.dataset.id);
			} else if (action === "delete" && row) {
				if (await confirmDelete(row.dataset.id)) {
					await api("DELETE", sessionPath(row.dataset.id));
					await reloadList();
				}
			} else if (action === "load-more") {
				var container = button.parentElement;
				button.remove();
				await loadInto(container, button.dataset.url, true);
			} else if (action === "load-messages") {
				await loadInto(button.closest(".session-detail"), button.dataset.url, false);
			} else if (action === "prune-open") {
				document.getElementById("prune-preview").textContent = "";
				document.querySelector("[data-action=prune-run]").disabled = true;
				document.getElementById("prune-dialog").showModal();
			} else if (action === "prune-preview") {
				await prunePreview();
			} else if (action === "prune-run") {
				await pruneRun();
			} else {
				return;
			}
			showError("");
		} catch (error) {
			showError(error.message);
		}
	});
})();
