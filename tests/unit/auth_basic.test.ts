import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { hashPassword, pythonBase64Decode, verifyPassword } from "../../src/auth/password_hash.ts";
import { BasicAuthProvider, basicFromConfig, decodeSecret } from "../../src/auth/basic.ts";
import { InvalidCredentialsError, RefreshExpiredError } from "../../src/auth/provider.ts";

function python(code: string, input = ""): string {
	return execFileSync("python3", ["-c", code], { input }).toString().trim();
}

// Hermes's hash format, produced the way Hermes produces it (hashlib.scrypt).
const PY_HASH = `
import base64, hashlib, os, sys
pw = sys.stdin.read().encode()
salt = os.urandom(16)
dk = hashlib.scrypt(pw, salt=salt, n=16384, r=8, p=1, dklen=32)
print("scrypt$16384$8$1$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(dk).decode())
`;
const PY_VERIFY = `
import base64, hashlib, hmac, sys
pw, encoded = sys.stdin.read().split("\\n", 1)
scheme, n, r, p, salt, dk = encoded.strip().split("$")
dk = base64.b64decode(dk)
got = hashlib.scrypt(pw.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(dk))
print("ok" if hmac.compare_digest(got, dk) else "bad")
`;
// Hermes's token format: urlsafe_b64encode(json(sub, kind, exp) + HMAC-SHA256).
const PY_TOKEN = `
import base64, hashlib, hmac, json, sys
secret_raw, sub, kind, exp = sys.stdin.read().split("\\n")
try:
    secret = base64.b64decode(secret_raw)
    assert len(secret) >= 16
except Exception:
    secret = bytes.fromhex(secret_raw)
body = json.dumps({"sub": sub, "kind": kind, "exp": int(exp)}, separators=(",", ":")).encode()
print(base64.urlsafe_b64encode(body + hmac.new(secret, body, hashlib.sha256).digest()).decode())
`;
const PY_TOKEN_VERIFY = `
import base64, hashlib, hmac, json, sys
secret_raw, token = sys.stdin.read().split("\\n")
secret = base64.b64decode(secret_raw)
raw = base64.urlsafe_b64decode(token)
body, mac = raw[:-32], raw[-32:]
assert hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest())
print(json.loads(body)["sub"])
`;

describe("scrypt password hashes (Hermes format)", () => {
	it("verifies a hash made by Python's hashlib.scrypt", async () => {
		const hash = python(PY_HASH, "correct horse ✓");
		expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
		expect(await verifyPassword("correct horse ✓", hash)).toBe(true);
		expect(await verifyPassword("correct horse", hash)).toBe(false);
	});

	it("makes hashes that Python verifies, salted differently each time", () => {
		const hash = hashPassword("s3cret pässword");
		expect(python(PY_VERIFY, `s3cret pässword\n${hash}`)).toBe("ok");
		expect(python(PY_VERIFY, `wrong\n${hash}`)).toBe("bad");
		expect(hashPassword("x")).not.toBe(hashPassword("x"));
	});

	it("treats malformed hashes and other schemes as false", async () => {
		for (const bad of [
			"",
			"scrypt$1$2",
			"bcrypt$16384$8$1$AA==$AA==",
			"scrypt$16385$8$1$AAAA$AAAA",
			"scrypt$16384$8$1$!!$",
		]) {
			expect(await verifyPassword("x", bad)).toBe(false);
		}
	});

	it("decodes base64 exactly like Python's lenient b64decode", () => {
		const samples = ["YWJj", "YW Jj", "YWI=", "YWI", "YQ==junk", "Y", "a-b_", "0123456789abcdef0123456789abcdef"];
		const expected = JSON.parse(
			python(
				`
import base64, json, sys
out = []
for s in json.load(sys.stdin):
    try: out.append(base64.b64decode(s).hex())
    except Exception: out.append(None)
print(json.dumps(out))`,
				JSON.stringify(samples),
			),
		) as (string | null)[];
		samples.forEach((sample, index) => {
			const got = pythonBase64Decode(sample);
			expect(got === null ? null : Buffer.from(got).toString("hex")).toBe(expected[index]);
		});
	});
});

describe("basic provider tokens (interchangeable with Hermes)", () => {
	const hexSecret = "a".repeat(64); // base64-decodes to 48 bytes, as in Hermes
	const provider = new BasicAuthProvider({
		username: "admin",
		passwordHash: hashPassword("pw"),
		secret: decodeSecret(hexSecret),
		ttlSeconds: 3600,
	});

	it("decodes secrets base64-first, then hex, then UTF-8", () => {
		expect(decodeSecret(hexSecret).length).toBe(48);
		// 21 base64 data characters cannot decode, and it is not hex: the UTF-8 bytes are used.
		expect(Buffer.from(decodeSecret("this-is-a-long-passphrase!")).toString()).toBe("this-is-a-long-passphrase!");
		// 34 hex characters are bad base64 padding: decoded as hex (17 bytes).
		expect(Buffer.from(decodeSecret("0011223344556677889900112233445566")).toString("hex")).toBe(
			"0011223344556677889900112233445566",
		);
	});

	it("accepts a token minted by Python with the same secret, and Python accepts ours", async () => {
		const exp = Math.floor(Date.now() / 1000) + 600;
		const pyToken = python(PY_TOKEN, `${hexSecret}\nadmin\naccess\n${exp}`);
		expect(await provider.verifySession(pyToken)).toMatchObject({
			userId: "admin",
			provider: "basic",
			expiresAt: exp,
		});
		const ours = await provider.completePasswordLogin("admin", "pw");
		expect(python(PY_TOKEN_VERIFY, `${hexSecret}\n${ours.accessToken}`)).toBe("admin");
		expect(ours.accessToken).toBe(provider.sign("admin", "access", ours.expiresAt));
	});

	it("rejects tampering, expiry, the wrong kind and other secrets", async () => {
		const now = Math.floor(Date.now() / 1000);
		const good = provider.sign("admin", "access", now + 60);
		const raw = Buffer.from(good, "base64url");
		raw[5] = raw[5]! ^ 1;
		expect(await provider.verifySession(raw.toString("base64url"))).toBeNull();
		expect(await provider.verifySession(provider.sign("admin", "access", now))).toBeNull();
		expect(await provider.verifySession(provider.sign("admin", "refresh", now + 60))).toBeNull();
		const other = new BasicAuthProvider({
			username: "admin",
			passwordHash: hashPassword("pw"),
			secret: new Uint8Array(32),
			ttlSeconds: 60,
		});
		expect(await other.verifySession(good)).toBeNull();
		await expect(provider.refreshSession("garbage")).rejects.toBeInstanceOf(RefreshExpiredError);
		const session = await provider.completePasswordLogin("admin", "pw");
		const refreshed = await provider.refreshSession(session.refreshToken);
		expect(refreshed.userId).toBe("admin");
	});

	it("gives the same error for a wrong user and a wrong password", async () => {
		const wrongUser = await provider.completePasswordLogin("root", "pw").catch((error: unknown) => error);
		const wrongPassword = await provider.completePasswordLogin("admin", "nope").catch((error: unknown) => error);
		expect(wrongUser).toBeInstanceOf(InvalidCredentialsError);
		expect(wrongPassword).toBeInstanceOf(InvalidCredentialsError);
		expect((wrongUser as Error).message).toBe((wrongPassword as Error).message);
	});

	it("registers from config with env precedence and explains skips", async () => {
		expect(basicFromConfig({}, {})).toEqual({ skip: expect.stringContaining("username") });
		expect(basicFromConfig({ dashboard: { basic_auth: { username: "a" } } }, {})).toEqual({
			skip: expect.stringContaining("password"),
		});
		const envWins = basicFromConfig(
			{ dashboard: { basic_auth: { username: "a", password: "config-pw" } } },
			{ HERMES_DASHBOARD_BASIC_AUTH_PASSWORD: "env-pw" },
		);
		expect(envWins).toBeInstanceOf(BasicAuthProvider);
		await expect((envWins as BasicAuthProvider).completePasswordLogin("a", "env-pw")).resolves.toMatchObject({
			userId: "a",
		});
		const hashed = basicFromConfig(
			{ dashboard: { basic_auth: { username: "a", password_hash: python(PY_HASH, "h"), secret: hexSecret } } },
			{},
		);
		const session = await (hashed as BasicAuthProvider).completePasswordLogin("a", "h");
		expect(python(PY_TOKEN_VERIFY, `${hexSecret}\n${session.accessToken}`)).toBe("a");
	});
});
