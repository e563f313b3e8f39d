/**
 * Plugin pages behind a reverse-proxy path prefix, signed in: the plugin tab, its nav
 * entry, its server-rendered markup (htmx targets included), its stylesheet and the
 * browser host's scripts all carry the prefix, as every built-in page does.
 */
import { describe, expect, it } from "vitest";
import { basicProvider, BASIC_PASSWORD, gatedClient, registryOf, setCookies } from "../helpers/auth.ts";
import { homeWithPlugins } from "./plugin_runtime_fixture.ts";

const PROXY = { "x-forwarded-prefix": "/hermes" };

/** Root-relative attribute values that lack the prefix (a nonce is not a URL). */
function unprefixed(markup: string): string[] {
	return [...markup.matchAll(/\s([a-z][\w:.-]*)\s*=\s*"(\/(?![/\\])[^"]*)"/gi)]
		.filter((match) => match[1]?.toLowerCase() !== "nonce")
		.map((match) => match[2] ?? "")
		.filter((url) => url !== "/hermes" && !url.startsWith("/hermes/"));
}

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
			expect(unprefixed(markup), path).toEqual([]);
			expect(markup).toContain('href="/hermes/hello"');
		}
		const hello = await (await client.request("/hello", { headers: PROXY, cookies })).text();
		expect(hello).toContain('hx-post="/hermes/api/plugins/hello-dashboard/greet"');
		expect(hello).toContain('href="/hermes/dashboard-plugins/hello-dashboard/hello.css"');
		const py = await (await client.request("/py", { headers: PROXY, cookies })).text();
		expect(py).toMatch(/src="\/hermes\/plugin-host\/react\.js\?v=/);
	});
});
