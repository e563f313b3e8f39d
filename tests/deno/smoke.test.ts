/**
 * The same app under Deno (the npm `deno` package's binary): status API, the page with
 * its token, the token check, and the Host guard.
 */
import { describe, expect, it } from "vitest";
import { useDenoDashboard } from "../helpers/deno_server.ts";
import { $, parseHTML, sessionTokenOf, textOf } from "../helpers/dom.ts";
import { rawGet } from "../helpers/server.ts";

const deno = useDenoDashboard();

describe("Deno runtime", () => {
	it("serves /api/status for the home", async () => {
		const status = await (await fetch(`${deno.server.baseURL}/api/status`)).json();
		expect(status.hermes_home).toBe(deno.home);
		expect(status.config_version).toBe(33);
		expect(status.auth_required).toBe(false);
	});

	it("serves the Status page with the token, and the token guards /ui", async () => {
		const html = await (await fetch(`${deno.server.baseURL}/`)).text();
		const token = sessionTokenOf(html);
		expect(textOf($(parseHTML(html), '[data-testid="config-version"]'))).toBe("33");
		expect((await fetch(`${deno.server.baseURL}/ui/status`)).status).toBe(401);
		expect(
			(await fetch(`${deno.server.baseURL}/ui/status`, { headers: { "X-Hermes-Session-Token": token } })).status,
		).toBe(200);
	});

	it("applies the Host guard and serves vendor files", async () => {
		const bad = await rawGet(`${deno.server.baseURL}/api/status`, { Host: "evil.example" });
		expect(bad.status).toBe(400);
		expect(bad.body).toContain("Invalid Host header");
		const vendor = await fetch(`${deno.server.baseURL}/vendor/htmx.min.js`);
		expect(vendor.status).toBe(200);
		expect(vendor.headers.get("etag")).toMatch(/^"/);
	});
});
