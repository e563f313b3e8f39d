import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { basicProvider, gatedClient, registryOf } from "../helpers/auth.ts";
import { $, $$, parseHTML } from "../helpers/dom.ts";

/** The theme a page shows: `data-theme` on `<html>`. */
function themeOf(document: Document): string | null {
	return document.documentElement.getAttribute("data-theme");
}

/** The CSS of the user theme's `<style>` in the page head. */
function userStyleOf(document: Document): string {
	return $(document, "head style#theme-user-style").textContent ?? "";
}

function withTheme(yamlText: string, active: string) {
	const context = makeContext();
	mkdirSync(join(context.home, "dashboard-themes"));
	writeFileSync(join(context.home, "dashboard-themes", "sunset.yaml"), yamlText);
	const config = readFileSync(join(context.home, "config.yaml"), "utf8").replace(
		"  theme: default",
		`  theme: ${active}`,
	);
	writeFileSync(join(context.home, "config.yaml"), config);
	return context;
}

describe("dashboard themes", () => {
	it("lists the built-ins and the active theme, without a token", async () => {
		const response = await testClient(makeContext())("/api/dashboard/themes", { token: false });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.active).toBe("default");
		expect(body.themes.map((theme: { name: string }) => theme.name)).toEqual([
			"default",
			"default-large",
			"nous-blue",
			"midnight",
			"ember",
			"mono",
			"cyberpunk",
			"rose",
		]);
		expect(body.themes[0]).not.toHaveProperty("definition");
	});

	it("normalises a user theme and renders it as CSS variables", async () => {
		const context = withTheme(
			"name: sunset\nlabel: Sunset\npalette:\n  background: '#201010'\n  midground: {hex: '#ffd0a0', alpha: 0.9}\ncolorOverrides:\n  primary: '#ff7043'\ncustomCSS: 'h1 { letter-spacing: 1px } </style><script>alert(1)</script>'\n",
			"sunset",
		);
		const request = testClient(context);
		const body = await (await request("/api/dashboard/themes")).json();
		const sunset = body.themes.find((theme: { name: string }) => theme.name === "sunset");
		expect(sunset.definition.palette.background).toEqual({ hex: "#201010", alpha: 1 });
		expect(sunset.definition.palette.midground).toEqual({ hex: "#ffd0a0", alpha: 0.9 });
		expect(sunset.definition.palette.foreground).toEqual({ hex: "#ffffff", alpha: 0 });
		expect(sunset.definition.layout).toEqual({ radius: "0.5rem", density: "comfortable" });
		expect(body.active).toBe("sunset");
		const html = await (await request("/", { token: false })).text();
		const page = parseHTML(html);
		expect(themeOf(page)).toBe("user");
		expect(userStyleOf(page)).toContain("--accent: #ff7043;");
		// The custom CSS cannot close the <style> and open a script: no script element carries it.
		expect($$(page, "script").filter((script) => script.textContent?.includes("alert(1)"))).toHaveLength(0);
		expect(html).not.toContain("<script>alert(1)");
	});

	it("falls back to the default theme for an unknown name", async () => {
		const context = withTheme("name: sunset\n", "no-such-theme");
		const page = parseHTML(await (await testClient(context)("/", { token: false })).text());
		expect(themeOf(page)).toBe("default");
	});

	it("a user theme named like a built-in is ignored; a broken file is skipped", async () => {
		const context = withTheme("name: midnight\n", "default");
		writeFileSync(join(context.home, "dashboard-themes", "broken.yaml"), "name: [unclosed\n");
		const body = await (await testClient(context)("/api/dashboard/themes")).json();
		expect(body.themes.filter((theme: { name: string }) => theme.name === "midnight")).toHaveLength(1);
		expect(body.themes).toHaveLength(8);
	});

	it("the login page shows the same active theme as every other page, user themes included", async () => {
		const context = withTheme("name: sunset\ncolorOverrides:\n  primary: '#ff7043'\n", "sunset");
		const login = await gatedClient(registryOf(basicProvider()), { home: context.home }).request("/login");
		const loginPage = parseHTML(await login.text());
		expect(themeOf(loginPage)).toBe("user");
		expect(userStyleOf(loginPage)).toContain("--accent: #ff7043;");
		const page = parseHTML(await (await testClient(context)("/", { token: false })).text());
		expect(themeOf(page)).toBe("user");

		const unknown = withTheme("name: sunset\n", "no-such-theme");
		const fallback = await gatedClient(registryOf(basicProvider()), { home: unknown.home }).request("/login");
		expect(themeOf(parseHTML(await fallback.text()))).toBe("default");
	});
});
