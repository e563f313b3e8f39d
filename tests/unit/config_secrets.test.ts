/**
 * The one rule for which config keys are credentials (never rendered, only set/unset).
 */
import { describe, expect, it } from "vitest";
import { isSecretConfigKey } from "../../src/hermes/config/secrets.ts";

describe("isSecretConfigKey", () => {
	it("matches credential leaf names at any depth, and nothing that merely mentions one", () => {
		for (const key of [
			"api_key",
			"model.api_key",
			"dashboard.basic_auth.password_hash",
			"discord.bot_token",
			"x.secret",
		]) {
			expect(isSecretConfigKey(key), key).toBe(true);
		}
		for (const key of ["model.default", "tokens", "compression.max_tokens", "api_key_env", "secret.enabled"]) {
			expect(isSecretConfigKey(key), key).toBe(false);
		}
	});
});
