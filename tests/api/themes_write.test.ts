/**
 * PUT /api/dashboard/theme (api-contract-clients §5.6): `{name}` stored verbatim in the
 * own config.yaml through the comment-preserving writer (read back by PyYAML, as Hermes
 * loads it), a cookie for the next page, and the next page rendered in the theme.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";

function pyYAMLTheme(configPath: string): unknown {
	const out = execFileSync(
		"python3",
		[
			"-c",
			"import json,sys,yaml; print(json.dumps((yaml.safe_load(open(sys.argv[1])) or {}).get('dashboard', {}).get('theme')))",
			configPath,
		],
		{ encoding: "utf8" },
	);
	return JSON.parse(out);
}

function put(request: ReturnType<typeof testClient>, body: unknown, init: { token?: boolean } = {}) {
	return request("/api/dashboard/theme", {
		method: "PUT",
		headers: { "content-type": "application/json" },
		body: typeof body === "string" ? body : JSON.stringify(body),
		...init,
	});
}

describe("PUT /api/dashboard/theme", () => {
	it("saves the name in dashboard.theme, keeps every comment, and answers {ok, theme}", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		const original = readFileSync(path, "utf8").replace(
			"dashboard:\n  theme: default\n",
			"# the dashboard section\ndashboard:\n  theme: default  # picked in the header\n",
		);
		writeFileSync(path, original);
		const request = testClient(context);
		const response = await put(request, { name: "midnight" });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, theme: "midnight" });
		const saved = readFileSync(path, "utf8");
		expect(saved).toBe(original.replace("theme: default  # picked", "theme: midnight  # picked"));
		expect(pyYAMLTheme(path)).toBe("midnight");
		const listed = await (await request("/api/dashboard/themes")).json();
		expect(listed.active).toBe("midnight");
		const page = parseHTML(await (await request("/", { token: false })).text());
		expect(page.documentElement.getAttribute("data-theme")).toBe("midnight");
		expect($(page, '[data-theme-choice="midnight"]').getAttribute("aria-pressed")).toBe("true");
		expect(
			$$(page, '[data-theme-choice][aria-pressed="true"]').map((b) => b.getAttribute("data-theme-choice")),
		).toEqual(["midnight"]);
	});

	it("stores any name unvalidated; the page falls back to the default theme with a warning", async () => {
		const context = makeContext();
		const request = testClient(context);
		const name = "no such: theme #1";
		expect(await (await put(request, { name })).json()).toEqual({ ok: true, theme: name });
		expect(pyYAMLTheme(join(context.home, "config.yaml"))).toBe(name);
		expect((await (await request("/api/dashboard/themes")).json()).active).toBe(name);
		const page = parseHTML(await (await request("/", { token: false })).text());
		expect(page.documentElement.getAttribute("data-theme")).toBe("default");
		expect(textOf(page.body)).toContain("Theme “no such: theme #1” is not available; showing Hermes Teal.");
	});

	it("adds a dashboard section to a config that has none", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		writeFileSync(path, "# mine\nmodel: gpt-x\n");
		const response = await put(testClient(context), { name: "ember" });
		expect(response.status).toBe(200);
		const saved = readFileSync(path, "utf8");
		expect(saved.startsWith("# mine\nmodel: gpt-x\n")).toBe(true);
		expect(pyYAMLTheme(path)).toBe("ember");
	});

	it("sets a cookie that renders the theme while config.yaml names none", async () => {
		const context = makeContext();
		const request = testClient(context);
		const response = await put(request, { name: "rose" });
		const cookie = response.headers.get("set-cookie") ?? "";
		expect(cookie).toMatch(/^hermes_theme=rose;/);
		expect(cookie).toMatch(/HttpOnly/i);
		const path = join(context.home, "config.yaml");
		writeFileSync(path, readFileSync(path, "utf8").replace("  theme: rose\n", ""));
		const page = parseHTML(
			await (await request("/", { token: false, headers: { cookie: "hermes_theme=rose" } })).text(),
		);
		expect(page.documentElement.getAttribute("data-theme")).toBe("rose");
		// config.yaml wins whenever it names a theme.
		await put(request, { name: "mono" });
		const again = parseHTML(
			await (await request("/", { token: false, headers: { cookie: "hermes_theme=rose" } })).text(),
		);
		expect(again.documentElement.getAttribute("data-theme")).toBe("mono");
	});

	it("refuses a missing, non-string or malformed name with 422, and writes nothing", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		const before = readFileSync(path, "utf8");
		const request = testClient(context);
		for (const body of [{}, { name: 3 }, { name: null }, [], "{not json"]) {
			const response = await put(request, body);
			expect(response.status, JSON.stringify(body)).toBe(422);
			expect(Array.isArray((await response.json()).detail)).toBe(true);
		}
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("needs the session token, unlike the public theme list", async () => {
		const request = testClient(makeContext());
		expect((await put(request, { name: "mono" }, { token: false })).status).toBe(401);
		expect((await request("/api/dashboard/themes", { token: false })).status).toBe(200);
	});

	it("answers 409 and keeps the file when config.yaml does not parse", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		writeFileSync(path, "model: [unclosed\n");
		const response = await put(testClient(context), { name: "mono" });
		expect(response.status).toBe(409);
		expect((await response.json()).detail).toMatch(/does not parse/);
		expect(readFileSync(path, "utf8")).toBe("model: [unclosed\n");
	});
});
