/**
 * Compression and themes under Deno (the npm `deno` package's binary): node:zlib brotli
 * and gzip on pages, JSON and vendor files, none on SSE; a theme choice saved.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useDenoDashboard } from "../helpers/deno_server.ts";
import { $, $$, parseHTML, textOf, sessionTokenOf } from "../helpers/dom.ts";

const deno = useDenoDashboard();
let token: string;

beforeAll(async () => {
	token = sessionTokenOf(await (await fetch(`${deno.server.baseURL}/`)).text());
});

function get(path: string, encoding: string): Promise<Response> {
	return fetch(`${deno.server.baseURL}${path}`, {
		headers: { "accept-encoding": encoding, "x-hermes-session-token": token },
	});
}

describe("compression under Deno", () => {
	for (const [path, marker] of [
		["/config", "<!doctype html>"],
		["/api/config", '"model"'],
		["/vendor/htmx.min.js", "htmx"],
	] as const) {
		for (const coding of ["br", "gzip"]) {
			it(`${path} in ${coding}`, async () => {
				const response = await get(path, coding);
				expect(response.status).toBe(200);
				expect(response.headers.get("content-encoding")).toBe(coding);
				expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
				// fetch decodes the body: it must be the document itself.
				expect(await response.text()).toContain(marker);
			});
		}
	}

	it("leaves the SSE stream alone", async () => {
		const controller = new AbortController();
		const response = await fetch(`${deno.server.baseURL}/api/logs/stream?file=agent`, {
			headers: { "accept-encoding": "br, gzip", "x-hermes-session-token": token },
			signal: controller.signal,
		});
		expect(response.headers.get("content-type")).toContain("text/event-stream");
		expect(response.headers.get("content-encoding")).toBeNull();
		const reader = response.body!.getReader();
		expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: ready");
		controller.abort();
	});

	it("saves a theme choice into config.yaml", async () => {
		const response = await fetch(`${deno.server.baseURL}/api/dashboard/theme`, {
			method: "PUT",
			headers: { "content-type": "application/json", "x-hermes-session-token": token },
			body: JSON.stringify({ name: "cyberpunk" }),
		});
		expect(await response.json()).toEqual({ ok: true, theme: "cyberpunk" });
		expect(readFileSync(join(deno.home, "config.yaml"), "utf8")).toContain("  theme: cyberpunk\n");
		const page = parseHTML(await (await get("/", "br")).text());
		expect(page.documentElement.getAttribute("data-theme")).toBe("cyberpunk");
	});

	it("renders a user theme with its custom CSS sanitised", async () => {
		mkdirSync(join(deno.home, "dashboard-themes"), { recursive: true });
		writeFileSync(
			join(deno.home, "dashboard-themes", "d.yaml"),
			"name: deno-theme\ncolorOverrides:\n  primary: '#ff7043'\ncustomCSS: 'h1 { color: red } @import url(https://x.example/y.css); </style><script>alert(1)</script>'\n",
		);
		await fetch(`${deno.server.baseURL}/api/dashboard/theme`, {
			method: "PUT",
			headers: { "content-type": "application/json", "x-hermes-session-token": token },
			body: JSON.stringify({ name: "deno-theme" }),
		});
		const page = parseHTML(await (await get("/", "br")).text());
		expect(page.documentElement.getAttribute("data-theme")).toBe("user");
		const style = $(page, "style#theme-user-style").textContent ?? "";
		expect(style).toContain("--accent: #ff7043;");
		expect(style).toContain("h1{color:red}");
		expect(style).not.toContain("@import");
		// The theme menu says what was dropped; the style's "</style><script>" made no element.
		expect($$(page, ".theme-warning").map(textOf).join(" ")).toContain("customCSS @import");
		expect($$(page, "script").filter((script) => (script.textContent ?? "").includes("alert(1)"))).toEqual([]);
	});
});
