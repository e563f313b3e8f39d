/**
 * The Files routes, the plugin list and the OpenAPI document under Deno (the npm `deno`
 * package's binary): the streamed multipart upload (busboy on Deno's node:stream), the
 * streamed download, and the document's generation all work there too.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { useDenoDashboard } from "../helpers/deno_server.ts";

const TOKEN = "files-deno-token-0123456789abcdefghijklmnopq";
const deno = useDenoDashboard((home) => ({ HERMES_DASHBOARD_SESSION_TOKEN: TOKEN, HERMES_DASHBOARD_FILES_ROOT: home }));

const headers = { "x-hermes-session-token": TOKEN };

describe("Files under Deno", () => {
	it("uploads a multipart file, lists it, downloads it", async () => {
		const form = new FormData();
		form.append("path", "deno/hello.txt");
		form.append("file", new Blob(["hello from deno\n"]), "hello.txt");
		const upload = await fetch(`${deno.server.baseURL}/api/files/upload-stream`, {
			method: "POST",
			headers,
			body: form,
		});
		expect(upload.status, await upload.clone().text()).toBe(200);
		expect(readFileSync(join(deno.home, "deno", "hello.txt"), "utf8")).toBe("hello from deno\n");
		expect(statSync(join(deno.home, "deno", "hello.txt")).mode & 0o777).toBe(0o600);
		const listing = await (await fetch(`${deno.server.baseURL}/api/files?path=deno`, { headers })).json();
		expect(listing.entries.map((entry: { name: string }) => entry.name)).toEqual(["hello.txt"]);
		const download = await fetch(`${deno.server.baseURL}/api/files/download?path=deno/hello.txt&token=${TOKEN}`);
		expect(download.headers.get("content-disposition")).toBe('attachment; filename="hello.txt"');
		expect(await download.text()).toBe("hello from deno\n");
		const outside = await fetch(`${deno.server.baseURL}/api/files/read?path=/etc/hostname`, { headers });
		expect(outside.status).toBe(403);
	});

	it("serves the plugin list and the OpenAPI document", async () => {
		expect(await (await fetch(`${deno.server.baseURL}/api/dashboard/plugins`)).json()).toEqual([]);
		const document = await (await fetch(`${deno.server.baseURL}/api/openapi.json`, { headers })).json();
		expect(document.openapi).toBe("3.1.0");
		expect(Object.keys(document.paths)).toContain("/api/files/upload-stream");
	});
});
