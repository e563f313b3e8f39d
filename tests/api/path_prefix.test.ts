/**
 * Serving behind a reverse-proxy path prefix (api-contract C.6, A.15): pages, fragments
 * and redirects carry the prefix, and no root-relative URL without it is left in the HTML.
 */
import { describe, expect, it } from "vitest";
import {
	basicProvider,
	BASIC_PASSWORD,
	gatedClient,
	registryOf,
	setCookies,
	type GatedClient,
} from "../helpers/auth.ts";
import { copyFixtureHome } from "../helpers/app.ts";
import { attrs, inlineScripts, parseHTML, rootRelativeURLs, unprefixed } from "../helpers/dom.ts";
import { NAV_ITEMS } from "../../src/views/nav.ts";
import { prefixHTML, prefixURL } from "../../src/http/path_prefix.ts";
import type { AppContext } from "../../src/context.ts";

interface Visitor {
	client: GatedClient;
	cookie: Record<string, string>;
	get(path: string, headers?: Record<string, string>): Promise<Response>;
}

/** Signs in with the basic provider through the login form (as the proxy would pass it). */
async function signIn(overrides: Partial<AppContext>, proxyHeaders: Record<string, string>): Promise<Visitor> {
	const client = gatedClient(registryOf(basicProvider()), { home: copyFixtureHome(), ...overrides });
	const login = await client.request("/auth/password-login", {
		method: "POST",
		headers: { ...proxyHeaders, "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({
			provider: "basic",
			username: "admin",
			password: BASIC_PASSWORD,
			next: "/sessions",
		}).toString(),
	});
	expect(login.status).toBe(303);
	const cookie: Record<string, string> = {};
	for (const [name, { value }] of setCookies(login)) {
		if (value !== "") {
			cookie[name] = value;
		}
	}
	const visitor: Visitor = {
		client,
		cookie,
		get: (path, headers = {}) =>
			client.request(path, { headers: { ...proxyHeaders, ...headers }, cookies: cookie }),
	};
	(visitor as Visitor & { login: Response }).login = login;
	return visitor;
}

describe("prefixURL / prefixHTML", () => {
	it("prefixes root-relative URLs only, once", () => {
		expect(prefixURL("/chat", "/hermes")).toBe("/hermes/chat");
		expect(prefixURL("/", "/hermes")).toBe("/hermes/");
		expect(prefixURL("/hermes/chat", "/hermes")).toBe("/hermes/chat");
		expect(prefixURL("/hermes", "/hermes")).toBe("/hermes");
		expect(prefixURL("/hermesx/a", "/hermes")).toBe("/hermes/hermesx/a");
		expect(prefixURL("//cdn.example/x.js", "/hermes")).toBe("//cdn.example/x.js");
		expect(prefixURL("/\\evil.example", "/hermes")).toBe("/\\evil.example");
		expect(prefixURL("#main", "/hermes")).toBe("#main");
		expect(prefixURL("https://a.example/x", "/hermes")).toBe("https://a.example/x");
		expect(prefixURL("/chat", "")).toBe("/chat");
	});

	it("rewrites URL attributes and leaves text, anchors and other data-* alone", () => {
		const markup = `<a href="/a?x=1">/b</a><a href='#top'></a><form action='/logs'></form><div hx-get="/ui/x" data-list-url="/ui/y" data-path="/home/u"></div><script src="//cdn/x.js"></script><img src="/hermes/i.svg">`;
		expect(prefixHTML(markup, "/p")).toBe(
			`<a href="/p/a?x=1">/b</a><a href='#top'></a><form action='/p/logs'></form><div hx-get="/p/ui/x" data-list-url="/p/ui/y" data-path="/home/u"></div><script src="//cdn/x.js"></script><img src="/p/hermes/i.svg">`,
		);
		expect(prefixHTML(markup, "")).toBe(markup);
	});
});

describe("gated mode behind a trusted X-Forwarded-Prefix", () => {
	const PROXY = { "x-forwarded-prefix": "hermes/" }; // normalised to "/hermes"

	it("redirects to the prefixed login page and logs in to the prefixed target", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: copyFixtureHome(), trustProxyHeaders: true });
		const gate = await client.request("/chat?resume=abc", { headers: PROXY });
		expect(gate.status).toBe(302);
		expect(gate.headers.get("location")).toBe("/hermes/login?next=%2Fchat%3Fresume%3Dabc");
		const login = await client.request("/login", { headers: PROXY });
		const markup = await login.text();
		expect(attrs(parseHTML(markup), "form[action]", "action")).toContain("/hermes/auth/password-login");
		expect(unprefixed(markup, "/hermes")).toEqual([]);

		const visitor = await signIn({ trustProxyHeaders: true }, PROXY);
		expect((visitor as Visitor & { login: Response }).login.headers.get("location")).toBe("/hermes/sessions");
	});

	it("every nav page carries the prefix in the bootstrap and in every root-relative URL", async () => {
		const visitor = await signIn({ trustProxyHeaders: true }, PROXY);
		for (const item of NAV_ITEMS) {
			const response = await visitor.get(item.path);
			expect(response.status, item.path).toBe(200);
			const markup = await response.text();
			const page = parseHTML(markup);
			expect(inlineScripts(page)).toContain('window.__HERMES_BASE_PATH__="/hermes";');
			const links = attrs(page, "a[href]", "href");
			expect(links).toContain("/hermes/chat");
			expect(links).toContain("/hermes/lang/zh");
			expect(links).toContain("#main");
			const scripts = attrs(page, "script[src]", "src").map((src) => src.split("?v=")[0]);
			expect(scripts).toContain("/hermes/static/js/app.js");
			expect(scripts).toContain("/hermes/vendor/htmx.min.js");
			expect(attrs(page, "form[action]", "action")).toContain("/hermes/auth/logout");
			expect(rootRelativeURLs(markup).length, item.path).toBeGreaterThan(10);
			expect(unprefixed(markup, "/hermes"), item.path).toEqual([]);
		}
		const notFound = await visitor.get("/no-such-page");
		expect(notFound.status).toBe(404);
		expect(unprefixed(await notFound.text(), "/hermes")).toEqual([]);
	});

	it("htmx fragments carry the prefix too", async () => {
		const visitor = await signIn({ trustProxyHeaders: true }, PROXY);
		for (const path of [
			"/ui/status",
			"/ui/sessions/list",
			"/ui/sessions/stats",
			"/ui/config/history",
			"/ui/env/list",
		]) {
			const response = await visitor.get(path);
			expect(response.status, path).toBe(200);
			const markup = await response.text();
			expect(unprefixed(markup, "/hermes"), path).toEqual([]);
		}
		const list = await (await visitor.get("/ui/sessions/list")).text();
		expect(rootRelativeURLs(list).some((url) => /^\/hermes\/(chat\?resume=|ui\/sessions\/)/.test(url))).toBe(true);
	});

	it("language switch and logout redirect under the prefix", async () => {
		const visitor = await signIn({ trustProxyHeaders: true }, PROXY);
		const back = await visitor.get("/lang/zh", { referer: "http://fly-app.fly.dev/hermes/logs?level=ERROR" });
		expect(back.status).toBe(303);
		expect(back.headers.get("location")).toBe("/hermes/logs?level=ERROR");
		expect((await visitor.get("/lang/en")).headers.get("location")).toBe("/hermes/");
		expect(
			(await visitor.get("/lang/en", { referer: "http://evil.example/hermes/x" })).headers.get("location"),
		).toBe("/hermes/");
		const logout = await visitor.client.request("/auth/logout", {
			method: "POST",
			headers: PROXY,
			cookies: visitor.cookie,
		});
		expect(logout.headers.get("location")).toBe("/hermes/login");
	});

	it("401 envelopes and HX-Redirect name the prefixed login page", async () => {
		const client = gatedClient(registryOf(basicProvider()), { home: copyFixtureHome(), trustProxyHeaders: true });
		const response = await client.request("/ui/status", { headers: PROXY });
		expect(response.status).toBe(401);
		expect(response.headers.get("hx-redirect")).toBe("/hermes/login");
		expect((await response.json()).login_url).toBe("/hermes/login");
	});

	it("without a prefix (or untrusted headers) nothing is rewritten", async () => {
		const direct = await signIn({ trustProxyHeaders: true }, {});
		const markup = parseHTML(await (await direct.get("/")).text());
		expect(inlineScripts(markup)).toContain('window.__HERMES_BASE_PATH__="";');
		expect(attrs(markup, "a[href]", "href")).toContain("/chat");
		const untrusted = await signIn({ trustProxyHeaders: false }, PROXY);
		const page = await (await untrusted.get("/")).text();
		expect(inlineScripts(parseHTML(page))).toContain('window.__HERMES_BASE_PATH__="";');
		expect(rootRelativeURLs(page).some((url) => url.startsWith("/hermes"))).toBe(false);
	});

	it("an unsafe prefix is ignored", async () => {
		const visitor = await signIn({ trustProxyHeaders: true }, { "x-forwarded-prefix": "/a/../b" });
		expect(inlineScripts(parseHTML(await (await visitor.get("/")).text()))).toContain(
			'window.__HERMES_BASE_PATH__="";',
		);
	});
});

describe("gated mode with a configured public URL path", () => {
	it("uses the public URL's path as the prefix without any proxy header", async () => {
		const visitor = await signIn({ publicURL: "https://dash.example/team/hermes" }, {});
		expect((visitor as Visitor & { login: Response }).login.headers.get("location")).toBe("/team/hermes/sessions");
		for (const item of NAV_ITEMS) {
			const markup = await (await visitor.get(item.path)).text();
			expect(inlineScripts(parseHTML(markup))).toContain('window.__HERMES_BASE_PATH__="/team/hermes";');
			expect(unprefixed(markup, "/team/hermes"), item.path).toEqual([]);
		}
	});
});
