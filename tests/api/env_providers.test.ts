import { describe, expect, it } from "vitest";
import { makeContext, testClient } from "../helpers/app.ts";

describe("GET /api/env provider attribution", () => {
	it("gives NOUS_BASE_URL no provider, as Hermes does (Nous signs in with OAuth, not a key)", async () => {
		const body = await (await testClient(makeContext())("/api/env")).json();
		expect(body.NOUS_BASE_URL).toMatchObject({
			category: "provider",
			provider: "",
			provider_label: "",
			description: "Nous Portal base URL override",
		});
		expect(body.OPENROUTER_API_KEY.provider).toBe("openrouter");
	});
});
