// Files page: browses the managed files through /api/files, previews text and images
// (GET /api/files/read), downloads through a token-header fetch (no token in any URL),
// uploads with progress (XHR multipart to /api/files/upload-stream), creates folders and
// deletes after a confirmation. Every name is set as text, never as HTML.
(function () {
	"use strict";
	var root, labels, tbody, pathInput, message, progress, lockedNote, preview, confirmDialog;
	var current = null; // the listing being shown: { path, parent, entries, locked_root }
	var TEXT_TYPES = /^(text\/|application\/(json|xml|yaml|x-yaml|javascript|toml|x-sh))/;
	var PREVIEW_TEXT_LIMIT = 1024 * 1024;

	function label(key) {
		return labels[key] || key;
	}

	function showMessage(text, isError) {
		message.textContent = text || "";
		message.className = "files-message" + (isError ? " error" : "");
	}

	function formatSize(size) {
		return size === null || size === undefined ? "" : window.hermesFormat.bytes(size);
	}

	function joinPath(dir, name) {
		return dir.replace(/\/+$/, "") + "/" + name;
	}

	function button(text, action, testid) {
		var node = document.createElement("button");
		node.type = "button";
		node.textContent = text;
		node.setAttribute("data-action", action);
		if (testid) node.setAttribute("data-testid", testid);
		return node;
	}

	function entryRow(entry) {
		var row = document.createElement("tr");
		row.setAttribute("data-testid", "files-entry");
		row.setAttribute("data-name", entry.name);
		row.setAttribute("data-kind", entry.is_directory ? "directory" : "file");
		var nameCell = document.createElement("td");
		var open = button(
			(entry.is_directory ? "📁 " : "") + entry.name,
			entry.is_directory ? "open" : "preview",
			"files-open",
		);
		open.className = "files-name";
		nameCell.appendChild(open);
		var size = document.createElement("td");
		size.textContent = formatSize(entry.size);
		size.setAttribute("data-testid", "files-size");
		var modified = document.createElement("td");
		modified.textContent = window.hermesFormat.time(entry.mtime * 1000, "datetime");
		modified.setAttribute("data-testid", "files-mtime");
		var actions = document.createElement("td");
		actions.className = "files-actions";
		if (!entry.is_directory) actions.appendChild(button(label("files.download"), "download", "files-download"));
		actions.appendChild(button(label("files.delete"), "delete", "files-delete"));
		row.append(nameCell, size, modified, actions);
		row._entry = entry;
		return row;
	}

	function render(listing) {
		current = listing;
		root.setAttribute("data-path", listing.path);
		pathInput.value = listing.path;
		lockedNote.hidden = listing.locked_root === null;
		lockedNote.textContent = listing.locked_root === null ? "" : label("files.locked") + " " + listing.locked_root;
		root.querySelector("[data-action=up]").disabled = listing.parent === null;
		tbody.replaceChildren();
		if (listing.entries.length === 0) {
			var empty = document.createElement("tr");
			var cell = document.createElement("td");
			cell.colSpan = 4;
			cell.className = "files-empty";
			cell.textContent = label("files.empty");
			empty.appendChild(cell);
			tbody.appendChild(empty);
		}
		listing.entries.forEach(function (entry) {
			tbody.appendChild(entryRow(entry));
		});
	}

	function load(path) {
		var url = "/api/files" + (path ? "?path=" + encodeURIComponent(path) : "");
		return window
			.hermesJSON("GET", url)
			.then(function (listing) {
				render(listing);
				root.setAttribute("data-ready", "");
			})
			.catch(function (error) {
				showMessage(error.message, true);
				root.setAttribute("data-ready", "");
			});
	}

	function reload() {
		return load(current ? current.path : "");
	}

	function decodeBase64Text(dataURL) {
		var base64 = dataURL.slice(dataURL.indexOf(",") + 1);
		var binary = atob(base64);
		var bytes = new Uint8Array(binary.length);
		for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return new TextDecoder().decode(bytes);
	}

	function openPreview(entry) {
		var text = preview.querySelector("[data-testid=files-preview-text]");
		var image = preview.querySelector("[data-testid=files-preview-image]");
		var none = preview.querySelector("[data-testid=files-preview-none]");
		preview.querySelector("[data-testid=files-preview-name]").textContent = entry.name;
		text.hidden = true;
		image.hidden = true;
		none.hidden = true;
		var mime = entry.mime_type || "";
		var isImage = /^image\//.test(mime);
		var isText = TEXT_TYPES.test(mime) && entry.size <= PREVIEW_TEXT_LIMIT;
		if (!isImage && !isText) {
			none.hidden = false;
			preview.showModal();
			return Promise.resolve();
		}
		return window
			.hermesJSON("GET", "/api/files/read?path=" + encodeURIComponent(entry.path))
			.then(function (file) {
				if (isImage) {
					image.src = file.data_url;
					image.alt = file.name;
					image.hidden = false;
				} else {
					text.textContent = decodeBase64Text(file.data_url);
					text.hidden = false;
				}
				preview.showModal();
			})
			.catch(function (error) {
				showMessage(error.message, true);
			});
	}

	function download(entry) {
		return window
			.hermesFetch("/api/files/download?path=" + encodeURIComponent(entry.path))
			.then(function (response) {
				if (!response.ok) {
					return response.json().then(function (body) {
						throw new Error(window.hermesErrorText(body, response.status));
					});
				}
				return response.blob();
			})
			.then(function (blob) {
				var link = document.createElement("a");
				link.href = URL.createObjectURL(blob);
				link.download = entry.name;
				document.body.appendChild(link);
				link.click();
				link.remove();
				setTimeout(function () {
					URL.revokeObjectURL(link.href);
				}, 0);
			})
			.catch(function (error) {
				showMessage(error.message, true);
			});
	}

	function confirmDelete(entry) {
		confirmDialog.querySelector("[data-testid=files-confirm-path]").textContent = entry.path;
		confirmDialog.returnValue = "";
		confirmDialog.onclose = function () {
			if (confirmDialog.returnValue !== "delete") return;
			window
				.hermesJSON("DELETE", "/api/files", { path: entry.path, recursive: entry.is_directory })
				.then(function () {
					showMessage("");
					return reload();
				})
				.catch(function (error) {
					showMessage(error.message, true);
				});
		};
		confirmDialog.showModal();
	}

	/** One file through XHR, for upload progress events (fetch has none for request bodies). */
	function uploadOne(file, index, count) {
		return new Promise(function (resolve, reject) {
			var form = new FormData();
			form.append("path", joinPath(current.path, file.name));
			form.append("overwrite", "true");
			form.append("file", file, file.name);
			var xhr = new XMLHttpRequest();
			xhr.open("POST", window.hermesURL("/api/files/upload-stream"));
			var token = window.__HERMES_SESSION_TOKEN__;
			if (typeof token === "string") xhr.setRequestHeader("X-Hermes-Session-Token", token);
			xhr.upload.onprogress = function (event) {
				if (event.lengthComputable) {
					progress.value = Math.round(((index + event.loaded / event.total) / count) * 100);
					root.setAttribute("data-upload-progress", String(progress.value));
				}
			};
			xhr.onload = function () {
				var body = null;
				try {
					body = JSON.parse(xhr.responseText);
				} catch (_error) {
					body = null;
				}
				if (xhr.status >= 200 && xhr.status < 300) resolve(body);
				else reject(new Error(window.hermesErrorText(body, xhr.status)));
			};
			xhr.onerror = function () {
				reject(new Error("Upload failed"));
			};
			xhr.send(form);
		});
	}

	function upload(files) {
		if (!current || files.length === 0) return;
		progress.hidden = false;
		progress.value = 0;
		showMessage(label("files.uploading") + "…");
		var chain = Promise.resolve();
		Array.prototype.forEach.call(files, function (file, index) {
			chain = chain.then(function () {
				return uploadOne(file, index, files.length);
			});
		});
		chain
			.then(function () {
				progress.value = 100;
				showMessage("");
			})
			.catch(function (error) {
				showMessage(error.message, true);
			})
			.then(function () {
				progress.hidden = true;
				return reload();
			});
	}

	function onTableClick(event) {
		var target = event.target.closest("button[data-action]");
		var row = event.target.closest("tr[data-testid=files-entry]");
		if (!target || !row) return;
		var entry = row._entry;
		var action = target.getAttribute("data-action");
		if (action === "open") load(entry.path);
		else if (action === "preview") openPreview(entry);
		else if (action === "download") download(entry);
		else if (action === "delete") confirmDelete(entry);
	}

	function init() {
		root = document.querySelector("[data-testid=files-page]");
		if (!root) return;
		labels = JSON.parse(root.getAttribute("data-labels") || "{}");
		tbody = root.querySelector("[data-testid=files-entries]");
		pathInput = root.querySelector("[data-testid=files-path]");
		message = root.querySelector("[data-testid=files-message]");
		progress = root.querySelector("[data-testid=files-progress]");
		lockedNote = root.querySelector("[data-testid=files-locked]");
		preview = root.querySelector("[data-testid=files-preview]");
		confirmDialog = root.querySelector("[data-testid=files-confirm]");

		tbody.addEventListener("click", onTableClick);
		root.querySelector("[data-testid=files-pathbar]").addEventListener("submit", function (event) {
			event.preventDefault();
			load(pathInput.value.trim());
		});
		root.querySelector("[data-action=up]").addEventListener("click", function () {
			if (current?.parent) load(current.parent);
		});
		root.querySelector("[data-action=refresh]").addEventListener("click", reload);
		root.querySelector("[data-testid=files-mkdir]").addEventListener("submit", function (event) {
			event.preventDefault();
			var input = event.target.querySelector("input[name=name]");
			var name = input.value.trim();
			if (!name || !current) return;
			window
				.hermesJSON("POST", "/api/files/mkdir", { path: joinPath(current.path, name) })
				.then(function () {
					input.value = "";
					showMessage("");
					return reload();
				})
				.catch(function (error) {
					showMessage(error.message, true);
				});
		});
		root.querySelector("[data-testid=files-upload]").addEventListener("change", function (event) {
			var files = Array.prototype.slice.call(event.target.files);
			event.target.value = "";
			upload(files);
		});
		preview.querySelector("[data-action=close-preview]").addEventListener("click", function () {
			preview.close();
		});
		load("");
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
