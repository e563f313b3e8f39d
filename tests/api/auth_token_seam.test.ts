import { describe, expect, it } from "vitest";
import { DrainSecretProvider, drainFromEnv, isStrongSecret } from "../../src/auth/drain_secret.ts";
import { basicProvider, gatedClient, registryOf } from "../helpers/auth.ts";
import { copyFixtureHome } from "../helpers/app.ts";

const SECRET = "Zq8-mV3pL_x9Tn2RfK7wB4cY1hJ6sD0eGuAiOoPlMkNbVc";

describe("token seam (drain secret)", () => {
	it("gates secrets by strength", () => {
		expect(isStrongSecret(SECRET)).toBe(true);
		expect(isStrongSecret("a".repeat(64))).toBe(false);
		expect(isStrongSecret("abcdefghijklmnop".repeat(2))).toBe(false);
		expect(drainFromEnv({ HERMES_DASHBOARD_DRAIN_SECRET: "weak" })).toEqual({
			skip: expect.stringContaining("too weak"),
		});
		expect(drainFromEnv({})).toBeNull();
	});

	it("accepts the bearer secret only on its exact path and never as a session", async () => {
		const client = gatedClient(registryOf(basicProvider(), new DrainSecretProvider(SECRET)), {
			home: copyFixtureHome(),
		});
		const good = await client.request("/api/gateway/drain", {
			method: "POST",
			headers: { authorization: `bearer ${SECRET}` },
		});
		expect([401, 403, 503]).not.toContain(good.status);
		const bad = await client.request("/api/gateway/drain", {
			method: "POST",
			headers: { authorization: "Bearer wrong" },
		});
		expect(bad.status).toBe(401);
		expect(await bad.json()).toEqual({ error: "unauthenticated", detail: "Unauthorized" });
		const elsewhere = await client.request("/api/auth/me", { headers: { authorization: `Bearer ${SECRET}` } });
		expect(elsewhere.status).toBe(401);
		const providers = (await (await client.request("/api/auth/providers")).json()) as {
			providers: { name: string }[];
		};
		expect(providers.providers.map((p) => p.name)).toEqual(["basic"]);
		expect((await client.request("/auth/login?provider=drain-secret")).status).toBe(404);
		const status = (await (await client.request("/api/status")).json()) as { auth_providers: string[] };
		expect(status.auth_providers).toEqual(["basic", "drain-secret"]);
	});
});
