/**
 * Dashboard-minted sessions for password-only plugin providers, and the signed-token
 * format they share with the basic provider: expiry follows the app's clock.
 */
import { describe, expect, it } from "vitest";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import { RefreshExpiredError, type DashboardAuthProvider } from "../../src/auth/provider.ts";
import { openJSONToken, openToken, signToken } from "../../src/auth/signed_token.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { FIXTURE_NOW_MS } from "../helpers/app.ts";
import { BasicAuthProvider } from "../../src/auth/basic.ts";

const passwordOnly: DashboardAuthProvider = {
	name: "corp-ldap",
	displayName: "Corp LDAP",
	completePasswordLogin: (username) =>
		Promise.resolve({
			userId: username,
			email: `${username}@corp.example`,
			displayName: username,
			orgId: "corp",
			provider: "corp-ldap",
			expiresAt: 0,
			accessToken: "",
			refreshToken: "",
		}),
};

describe("sessions for password-only plugins", () => {
	it("expire by the registry's clock: access after 12 h, refresh after 30 days", async () => {
		const clock = fixedClock(FIXTURE_NOW_MS);
		const registry = new ProviderRegistry(clock);
		registry.register(passwordOnly);
		const provider = registry.get("corp-ldap")!;
		const session = await provider.completePasswordLogin!("ana", "pw");
		expect(session.expiresAt).toBe(Math.floor(FIXTURE_NOW_MS / 1000) + 43_200);
		await expect(provider.verifySession!(session.accessToken)).resolves.toMatchObject({ userId: "ana" });

		clock.advance(43_200_000);
		await expect(provider.verifySession!(session.accessToken)).resolves.toBeNull();
		const refreshed = await provider.refreshSession!(session.refreshToken);
		await expect(provider.verifySession!(refreshed.accessToken)).resolves.toMatchObject({
			email: "ana@corp.example",
		});

		clock.advance(30 * 86_400_000);
		await expect(provider.refreshSession!(refreshed.refreshToken)).rejects.toBeInstanceOf(RefreshExpiredError);
	});

	it("never accept another provider's token or an access token as a refresh token", async () => {
		const registry = new ProviderRegistry(fixedClock(FIXTURE_NOW_MS));
		registry.register(passwordOnly);
		registry.register({ ...passwordOnly, name: "other", displayName: "Other" });
		const session = await registry.get("corp-ldap")!.completePasswordLogin!("ana", "pw");
		await expect(registry.get("other")!.verifySession!(session.accessToken)).resolves.toBeNull();
		await expect(registry.get("corp-ldap")!.refreshSession!(session.accessToken)).rejects.toBeInstanceOf(
			RefreshExpiredError,
		);
	});
});

describe("signed tokens", () => {
	const secret = new Uint8Array(32).fill(7);

	it("round-trip, and reject a changed payload, a changed MAC or another secret", () => {
		const token = signToken(secret, '{"sub":"admin"}');
		expect(openJSONToken(secret, token)).toEqual({ sub: "admin" });
		const bytes = Buffer.from(token, "base64url");
		const flip = (index: number) => bytes.writeUInt8(bytes.readUInt8(index) ^ 1, index);
		flip(2);
		expect(openToken(secret, bytes.toString("base64url"))).toBeNull();
		flip(2);
		flip(bytes.length - 1);
		expect(openToken(secret, bytes.toString("base64url"))).toBeNull();
		expect(openToken(new Uint8Array(32).fill(8), token)).toBeNull();
		expect(openToken(secret, "")).toBeNull();
		expect(openJSONToken(secret, signToken(secret, "not json"))).toBeNull();
	});

	it("basic-auth sessions expire by the provider's clock", async () => {
		const clock = fixedClock(FIXTURE_NOW_MS);
		const basic = new BasicAuthProvider({
			username: "admin",
			passwordHash: "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
			secret,
			ttlSeconds: 3600,
			clock,
		});
		const now = Math.floor(FIXTURE_NOW_MS / 1000);
		const token = basic.sign("admin", "access", now + 60);
		await expect(basic.verifySession(token)).resolves.toMatchObject({ userId: "admin", expiresAt: now + 60 });
		clock.advance(60_000);
		await expect(basic.verifySession(token)).resolves.toBeNull();
		// Same secret, same format: the shared helper opens a basic token too.
		expect(openJSONToken(secret, token)).toEqual({ sub: "admin", kind: "access", exp: now + 60 });
	});
});
