/**
 * Plugin pages behind a reverse-proxy path prefix, signed in: the plugin tab, its nav
 * entry, its server-rendered markup (htmx targets included), its stylesheet and the
 * browser host's scripts all carry the prefix, as every built-in page does.
 */
import { describe, expect, it } from "vitest";
import { basicProvider, BASIC_PASSWORD, gatedClient, registryOf, setCookies } from "../helpers/auth.ts";
import { attrs, parseHTML, unprefixed } from "../helpers/dom.ts";
import { homeWithPlugins } from "./plugin_runtime_fixture.ts";

const PROXY = { "x-forwarded-prefix": "/hermes" };

describe("plugin pages behind a path prefix", () => {
	it("carry the prefix in every root-relative URL", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: homeWithPlugins(), trustProxyHeaders: true });
		const login = await client.request("/auth/password-login", {
			method: "POST",
			headers: { ...PROXY, "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({
				provider: "basic",
				username: "admin",
				password: BASIC_PASSWORD,
				next: "/",
			}).toString(),
		});
		expect(login.status).toBe(303);
		const cookies: Record<string, string> = {};
		for (const [name, { value }] of setCookies(login)) if (value !== "") cookies[name] = value;

		for (const path of ["/hello", "/py", "/sessions"]) {
			const response = await client.request(path, { headers: PROXY, cookies });
			expect(response.status, path).toBe(200);
			const markup = await response.text();
			expect(unprefixed(markup, "/hermes"), path).toEqual([]);
			expect(attrs(parseHTML(markup), "a[href]", "href")).toContain("/hermes/hello");
		}
		const hello = parseHTML(await (await client.request("/hello", { headers: PROXY, cookies })).text());
		expect(attrs(hello, "[hx-post]", "hx-post")).toContain("/hermes/api/plugins/hello-dashboard/greet");
		expect(attrs(hello, 'link[rel="stylesheet"]', "href")).toContain(
			"/hermes/dashboard-plugins/hello-dashboard/hello.css",
		);
		const py = parseHTML(await (await client.request("/py", { headers: PROXY, cookies })).text());
		expect(attrs(py, "script[src]", "src").map((src) => src.split("?v=")[0])).toContain(
			"/hermes/plugin-host/react.js",
		);
	});
});
