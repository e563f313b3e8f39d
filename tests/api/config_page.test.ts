/**
 * The /config page HTML and the less common write rules (symlinks, managed installs).
 */
import { describe, expect, it } from "vitest";
import {
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML, textOf } from "../helpers/dom.ts";

function put(body: unknown): RequestInit {
	return { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

describe("GET /config", () => {
	it("renders every schema field in category tabs, without secrets or expanded templates", async () => {
		const context = makeContext({
			env: { NOTES_MCP_TOKEN: "tok-should-not-leak", VISION_KEY: "vk-should-not-leak" },
		});
		const path = join(context.home, "config.yaml");
		writeFileSync(
			path,
			readFileSync(path, "utf8")
				.replace("    password: ''\n", "    password: hunter2-very-secret\n")
				.replace(
					"  vision:\n    provider: auto\n    model: ''\n    base_url: ''\n    api_key: ''",
					"  vision:\n    provider: auto\n    model: ''\n    base_url: ''\n    api_key: ${VISION_KEY}",
				),
		);
		const response = await testClient(context)("/config");
		expect(response.status).toBe(200);
		const shell = parseHTML(await response.text());
		// The page carries the first category; the rest come from /ui/config/panels on first need.
		const firstOnly = $$(shell, ".cfg-field").length;
		expect(firstOnly).toBeGreaterThan(0);
		expect(firstOnly).toBeLessThan(200);
		expect($$(shell, "section.config-panel[data-lazy][hidden]").length).toBeGreaterThan(10);
		const panelsText = await (await testClient(context)("/ui/config/panels")).text();
		const panels = parseHTML(panelsText);
		expect($$(shell, ".cfg-field").length + $$(panels, ".cfg-field").length).toBeGreaterThan(550);
		const tabs = $$(shell, "[data-tab]").map((tab) => tab.getAttribute("data-tab"));
		expect(tabs).toContain("general");
		expect(tabs).toContain("agent");
		expect(tabs.indexOf("general")).toBeLessThan(tabs.indexOf("agent"));
		// Secrets are plain text checks over everything the browser receives.
		const page = shell.documentElement.outerHTML + panelsText;
		expect(page).not.toContain("hunter2-very-secret");
		expect(page).not.toContain("vk-should-not-leak");
		expect(page).not.toContain("tok-should-not-leak");
		const fields = [...$$(shell, ".cfg-field"), ...$$(panels, ".cfg-field")];
		// A stored secret shows only as a redacted placeholder of an empty password input.
		const secretInputs = fields.flatMap((field) => $$(field, 'input[type="password"]'));
		const redacted = secretInputs.find((input) => input.getAttribute("placeholder") === "set (hunt...cret)");
		expect(redacted).toBeDefined();
		expect(redacted!.getAttribute("value") ?? "").toBe("");
		const options = fields.flatMap((field) => $$(field, "option"));
		expect(
			options.some(
				(option) =>
					option.getAttribute("value") === "manual" &&
					textOf(option) === "manual" &&
					!option.hasAttribute("selected"),
			),
		).toBe(true);
		const modalMode = fields.find((field) => field.getAttribute("data-key") === "terminal.modal_mode");
		expect(
			$$(modalMode!, "option[selected]").map((option) => [option.getAttribute("value"), textOf(option)]),
		).toEqual([["auto", "auto"]]);
		expect($$(shell, "script[src]").map((script) => script.getAttribute("src")!.split("?")[0])).toContain(
			"/static/js/config.js",
		);
	});

	it("shows the parse error of a broken file", async () => {
		const context = makeContext();
		writeFileSync(join(context.home, "config.yaml"), "a: [1,\n");
		const page = parseHTML(await (await testClient(context)("/config")).text());
		expect(textOf($(page, '[data-testid="config-parse-error"]'))).toMatch(/line \d+, column \d+/);
	});
});

describe("config writes", () => {
	it("replaces a symlinked config.yaml in place, keeping the link", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		const dotfiles = mkdtempSync(join(tmpdir(), "dotfiles-"));
		const target = join(dotfiles, "hermes-config.yaml");
		renameSync(path, target);
		symlinkSync(target, path);
		const response = await testClient(context)("/api/config", put({ config: { display: { compact: true } } }));
		expect(response.status).toBe(200);
		expect(lstatSync(path).isSymbolicLink()).toBe(true);
		expect(readFileSync(target, "utf8")).toContain("  compact: true\n");
	});

	it("refuses every write in a managed install (403) and leaves the file", async () => {
		const context = makeContext({ env: { HERMES_MANAGED: "nix" } });
		const path = join(context.home, "config.yaml");
		const before = readFileSync(path, "utf8");
		const request = testClient(context);
		expect((await request("/api/config", put({ config: { display: { compact: true } } }))).status).toBe(403);
		expect((await request("/api/config/raw", put({ yaml_text: "a: 1\n" }))).status).toBe(403);
		expect(readFileSync(path, "utf8")).toBe(before);
	});

	it("answers 409 for a config.yaml that cannot be read, and never replaces it", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		rmSync(path);
		mkdirSync(path);
		const request = testClient(context);
		for (const response of [
			await request("/api/config"),
			await request("/api/config/raw"),
			await request("/api/config", put({ config: { display: { compact: true } } })),
			await request("/api/config/raw", put({ yaml_text: "a: 1\n" })),
		]) {
			expect(response.status).toBe(409);
			expect((await response.json()).detail).toBe("config.yaml cannot be read (EISDIR)");
		}
		expect(statSync(path).isDirectory()).toBe(true);
	});

	it("creates a missing config.yaml with only the non-default values", async () => {
		const context = makeContext();
		const path = join(context.home, "config.yaml");
		rmSync(path);
		const request = testClient(context);
		const config = await (await request("/api/config")).json();
		config.agent.max_turns = 42;
		expect((await request("/api/config", put({ config }))).status).toBe(200);
		expect(readFileSync(path, "utf8")).toBe("agent:\n  max_turns: 42\n");
		expect(statSync(path).mode & 0o777).toBe(0o600);
	});
});
