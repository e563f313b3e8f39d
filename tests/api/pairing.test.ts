/**
 * Pairing API (api-contract A.10) on copies of the fixture home, with codes made the way
 * the gateway makes them (Python: random code, 16-byte salt, sha256(salt + code)), the
 * lock-out after repeated failures, and the allow-list mirrored in `.env`.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

function json(body: unknown): RequestInit {
	return { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** A pending entry exactly as `PairingStore.generate_code` stores it, made by Python. */
function hermesCode(createdAt: number): { code: string; entry: Record<string, unknown> } {
	const out = execFileSync(
		"python3",
		[
			"-c",
			[
				"import hashlib, json, os, secrets, sys",
				"alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'",
				"code = ''.join(secrets.choice(alphabet) for _ in range(8))",
				"salt = os.urandom(16)",
				"print(json.dumps({'code': code, 'hash': hashlib.sha256(salt + code.encode('utf-8')).hexdigest(), 'salt': salt.hex()}))",
			].join("\n"),
		],
		{ encoding: "utf8" },
	);
	const { code, hash, salt } = JSON.parse(out);
	return { code, entry: { hash, salt, user_id: "555000111", user_name: "Ada L.", created_at: createdAt } };
}

function setup() {
	const clock = fixedClock(FIXTURE_NOW_MS);
	const context = makeContext({ clock });
	const dir = join(context.home, "platforms", "pairing");
	const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));
	const env = () => parseEnv(readFileSync(join(context.home, ".env"), "utf8"));
	return { context, clock, request: testClient(context), dir, read, env };
}

function addPending(dir: string, platform: string, entry: Record<string, unknown>): void {
	const path = join(dir, `${platform}-pending.json`);
	const pending = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
	pending.a1b2c3d4e5f60718 = entry;
	writeFileSync(path, JSON.stringify(pending, null, 2));
}

describe("GET /api/pairing", () => {
	it("lists pending requests (hash prefix, age) and approved users", async () => {
		const { request, clock } = setup();
		// The fixture's codes were made 2.5 s after its anchor: 26 min later they are 25 min old.
		clock.advance(26 * 60 * 1000);
		const body = await (await request("/api/pairing")).json();
		expect(body.pending).toEqual([
			{
				platform: "discord",
				code: "b15f466f",
				user_id: "298000000000000099",
				user_name: "匿名ユーザー",
				age_minutes: 25,
			},
			{ platform: "telegram", code: "0abcaddd", user_id: "111222333", user_name: "Alan T.", age_minutes: 25 },
		]);
		expect(body.approved).toEqual([
			{ platform: "discord", user_id: "298000000000000042", user_name: "lin", approved_at: 1795475988.5103455 },
			{ platform: "telegram", user_id: "987654321", user_name: "Grace Hopper", approved_at: 1795475988.5038035 },
		]);
	});

	it("prunes codes older than an hour", async () => {
		const { request, clock, read } = setup();
		clock.advance(61 * 60 * 1000);
		expect((await (await request("/api/pairing")).json()).pending).toEqual([]);
		expect(read("telegram-pending.json")).toEqual({});
	});
});

describe("legacy pairing folder", () => {
	it("uses a non-empty legacy pairing/ and merges the other folder into it (active wins)", async () => {
		const { request, context, dir } = setup();
		const legacy = join(context.home, "pairing");
		mkdirSync(legacy, { recursive: true });
		// Written as text: JSON.stringify would put the integer-like "777" first.
		writeFileSync(
			join(legacy, "telegram-approved.json"),
			'{"987654321": {"user_name": "Grace (legacy)", "approved_at": 1}, "777": {"user_name": "Old", "approved_at": 2}}',
		);
		const body = await (await request("/api/pairing")).json();
		const telegram = body.approved.filter((user: { platform: string }) => user.platform === "telegram");
		// In file order, as Hermes lists them (a JS object would put "777" first).
		expect(telegram.map((user: { user_id: string; user_name: string }) => [user.user_id, user.user_name])).toEqual([
			["987654321", "Grace (legacy)"],
			["777", "Old"],
		]);
		// Discord's files only existed in platforms/pairing: now merged into the active folder.
		expect(JSON.parse(readFileSync(join(legacy, "discord-approved.json"), "utf8"))).toHaveProperty(
			"298000000000000042",
		);
		expect(JSON.parse(readFileSync(join(dir, "telegram-approved.json"), "utf8"))["987654321"].user_name).toBe(
			"Grace Hopper",
		);
	});

	it("ignores an empty legacy folder", async () => {
		const { request, context } = setup();
		mkdirSync(join(context.home, "pairing"), { recursive: true });
		expect((await (await request("/api/pairing")).json()).approved).toHaveLength(2);
		expect(readdirSync(join(context.home, "pairing"))).toEqual([]);
	});
});

describe("POST /api/pairing/approve", () => {
	it("approves a code made the way Hermes makes it and mirrors the allow-list", async () => {
		const { request, dir, read, env, context } = setup();
		const { code, entry } = hermesCode(FIXTURE_NOW_MS / 1000 - 120);
		addPending(dir, "telegram", entry);
		const envBefore = readFileSync(join(context.home, ".env"), "utf8");
		const response = await request(
			"/api/pairing/approve",
			json({ platform: " Telegram ", code: ` ${code.toLowerCase()} ` }),
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, user: { user_id: "555000111", user_name: "Ada L." } });
		expect(Object.keys(read("telegram-pending.json"))).toEqual(["29a70215b1ec2bab"]);
		expect(read("telegram-approved.json")["555000111"]).toEqual({
			user_name: "Ada L.",
			approved_at: FIXTURE_NOW_MS / 1000,
		});
		// Appended after the existing user, as Python's dict keeps insertion order.
		const approvedText = readFileSync(join(dir, "telegram-approved.json"), "utf8");
		expect(approvedText.indexOf('"987654321"')).toBeLessThan(approvedText.indexOf('"555000111"'));
		// TELEGRAM_ALLOWED_USERS was set, so the id is appended; no other byte changes.
		expect(env().get("TELEGRAM_ALLOWED_USERS")).toBe("123456789,987654321,555000111");
		expect(readFileSync(join(context.home, ".env"), "utf8")).toBe(
			envBefore.replace(
				"TELEGRAM_ALLOWED_USERS=123456789,987654321",
				"TELEGRAM_ALLOWED_USERS=123456789,987654321,555000111",
			),
		);
		// The same code cannot be used twice.
		const again = await request("/api/pairing/approve", json({ platform: "telegram", code }));
		expect(again.status).toBe(404);
		expect(await again.json()).toEqual({ detail: `Code '${code}' not found or expired for platform 'telegram'.` });
	});

	it("leaves an open platform open (no allow-list variable is created)", async () => {
		const { request, dir, env } = setup();
		const { code, entry } = hermesCode(FIXTURE_NOW_MS / 1000);
		addPending(dir, "discord", entry);
		expect((await request("/api/pairing/approve", json({ platform: "discord", code }))).status).toBe(200);
		expect(env().has("DISCORD_ALLOWED_USERS")).toBe(false);
	});

	it("stores an odd user id such as __proto__ as a plain key", async () => {
		const { request, dir, read } = setup();
		const { code, entry } = hermesCode(FIXTURE_NOW_MS / 1000);
		addPending(dir, "discord", { ...entry, user_id: "__proto__" });
		expect((await request("/api/pairing/approve", json({ platform: "discord", code }))).status).toBe(200);
		expect(Object.keys(read("discord-approved.json"))).toEqual(["298000000000000042", "__proto__"]);
		const approved = (await (await request("/api/pairing")).json()).approved;
		expect(approved.map((user: { user_id: string }) => user.user_id)).toContain("__proto__");
		expect((await request("/api/pairing/revoke", json({ platform: "discord", user_id: "__proto__" }))).status).toBe(
			200,
		);
		expect(Object.keys(read("discord-approved.json"))).toEqual(["298000000000000042"]);
	});

	it("refuses an expired code", async () => {
		const { request, dir, clock } = setup();
		const { code, entry } = hermesCode(FIXTURE_NOW_MS / 1000);
		addPending(dir, "telegram", entry);
		clock.advance(3601 * 1000);
		const response = await request("/api/pairing/approve", json({ platform: "telegram", code }));
		expect(response.status).toBe(404);
	});

	it("locks the platform out after five failures (429), even for a valid code", async () => {
		const { request, dir, read, clock } = setup();
		const { code, entry } = hermesCode(FIXTURE_NOW_MS / 1000);
		addPending(dir, "telegram", entry);
		for (let attempt = 1; attempt <= 4; attempt++) {
			const miss = await request("/api/pairing/approve", json({ platform: "telegram", code: "ZZZZZZZZ" }));
			expect(miss.status).toBe(404);
			expect(read("_rate_limits.json")["_failures:telegram"]).toBe(attempt);
		}
		const fifth = await request("/api/pairing/approve", json({ platform: "telegram", code: "ZZZZZZZZ" }));
		expect(fifth.status).toBe(429);
		expect(await fifth.json()).toEqual({
			detail: "Platform 'telegram' is locked out after too many failed approvals.",
		});
		const limits = read("_rate_limits.json");
		expect(limits["_lockout:telegram"]).toBe(FIXTURE_NOW_MS / 1000 + 3600);
		expect(limits["_failures:telegram"]).toBe(0);
		expect(limits["telegram:987654321"]).toBe(1795475988.4999578);
		const valid = await request("/api/pairing/approve", json({ platform: "telegram", code }));
		expect(valid.status).toBe(429);
		// Other platforms are not affected, and the lock-out ends after an hour.
		expect((await request("/api/pairing/approve", json({ platform: "discord", code: "ZZZZZZZZ" }))).status).toBe(
			404,
		);
		clock.advance(3601 * 1000);
		const { code: fresh, entry: freshEntry } = hermesCode(clock.now() / 1000);
		addPending(dir, "telegram", freshEntry);
		expect((await request("/api/pairing/approve", json({ platform: "telegram", code: fresh }))).status).toBe(200);
	});

	it("answers 400 for blanks, 422 for a missing field, 404 for names that are no store", async () => {
		const { request, context } = setup();
		const blank = await request("/api/pairing/approve", json({ platform: " ", code: "ABC" }));
		expect(blank.status).toBe(400);
		expect(await blank.json()).toEqual({ detail: "platform and code are required" });
		expect((await request("/api/pairing/approve", json({ platform: "telegram" }))).status).toBe(422);
		const outside = await request("/api/pairing/approve", json({ platform: "../../x", code: "ABCDEFGH" }));
		expect(outside.status).toBe(404);
		expect(existsSync(join(context.home, "x-pending.json"))).toBe(false);
	});
});

describe("POST /api/pairing/revoke and /clear-pending", () => {
	it("revokes a user and removes the id from the allow-list", async () => {
		const { request, read, env } = setup();
		const response = await request("/api/pairing/revoke", json({ platform: "telegram", user_id: "987654321" }));
		expect(await response.json()).toEqual({ ok: true });
		expect(read("telegram-approved.json")).toEqual({});
		expect(env().get("TELEGRAM_ALLOWED_USERS")).toBe("123456789");
		const missing = await request("/api/pairing/revoke", json({ platform: "telegram", user_id: "987654321" }));
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "User 987654321 not found in approved list for telegram." });
		const blank = await request("/api/pairing/revoke", json({ platform: "telegram", user_id: "" }));
		expect(blank.status).toBe(400);
		expect(await blank.json()).toEqual({ detail: "platform and user_id are required" });
	});

	it("deletes the allow-list variable when its last id is revoked", async () => {
		const { request, env, context } = setup();
		const path = join(context.home, ".env");
		writeFileSync(path, readFileSync(path, "utf8").replace("123456789,987654321", "987654321"));
		expect(
			(await request("/api/pairing/revoke", json({ platform: "telegram", user_id: "987654321" }))).status,
		).toBe(200);
		expect(env().has("TELEGRAM_ALLOWED_USERS")).toBe(false);
		expect(env().get("TELEGRAM_BOT_TOKEN")).toBe("7000000000:AAFIXTURE-not-a-real-telegram-token");
	});

	it("clears every pending request", async () => {
		const { request, read } = setup();
		expect(await (await request("/api/pairing/clear-pending", { method: "POST" })).json()).toEqual({
			ok: true,
			cleared: 2,
		});
		expect(read("telegram-pending.json")).toEqual({});
		expect(read("discord-pending.json")).toEqual({});
		expect(read("telegram-approved.json")["987654321"].user_name).toBe("Grace Hopper");
		expect(await (await request("/api/pairing/clear-pending", json({}))).json()).toEqual({ ok: true, cleared: 0 });
	});

	it("refuses a body with fields (clients send none) without clearing anything", async () => {
		const { request, read } = setup();
		expect((await request("/api/pairing/clear-pending", json({ platform: "telegram" }))).status).toBe(422);
		expect(Object.keys(read("telegram-pending.json"))).toEqual(["29a70215b1ec2bab"]);
	});
});
