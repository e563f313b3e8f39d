import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { checkWSCredential, internalWSQuery } from "../../src/auth/ws_credentials.ts";
import { makeContext, TEST_TOKEN } from "../helpers/app.ts";
import { basicProvider, registryOf } from "../helpers/auth.ts";
import type { AppContext } from "../../src/context.ts";

function probe(app: AppContext): (query: string) => Promise<unknown> {
	const hono = new Hono();
	hono.get("/api/ws", (c) => c.json(checkWSCredential(c, app)));
	return async (query) => (await hono.request(`http://x/api/ws?${query}`)).json();
}

describe("WebSocket credentials", () => {
	it("token mode: the session token only", async () => {
		const app = makeContext();
		const check = probe(app);
		expect(await check(`token=${TEST_TOKEN}`)).toMatchObject({ ok: true });
		expect(await check("token=wrong")).toEqual({ ok: false, reason: "token_mismatch" });
		const { ticket } = app.wsTickets.mint({ userId: "u", provider: "p" });
		expect(await check(`ticket=${ticket}`)).toEqual({ ok: false, reason: "no_credential" });
		expect(internalWSQuery(app)).toBe(`token=${TEST_TOKEN}`);
	});

	it("gated mode: single-use tickets or the internal credential, never the token", async () => {
		const app = makeContext({ host: "0.0.0.0", providers: registryOf(basicProvider()) });
		const check = probe(app);
		const { ticket } = app.wsTickets.mint({ userId: "admin", provider: "basic" });
		expect(await check(`ticket=${ticket}`)).toEqual({ ok: true, identity: { userId: "admin", provider: "basic" } });
		expect(await check(`ticket=${ticket}`)).toEqual({ ok: false, reason: "ticket_invalid" });
		expect(await check(`token=${TEST_TOKEN}`)).toEqual({ ok: false, reason: "no_credential" });
		const internal = internalWSQuery(app);
		expect(internal).toMatch(/^internal=/);
		expect(await check(internal)).toMatchObject({ ok: true, identity: { userId: "server-internal" } });
		expect(await check(internal)).toMatchObject({ ok: true });
		expect(
			await check(`internal=nope&ticket=${app.wsTickets.mint({ userId: "a", provider: "b" }).ticket}`),
		).toEqual({ ok: false, reason: "internal_invalid" });
	});
});
