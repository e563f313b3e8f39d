/**
 * One confinement rule (src/hermes/home/confine.ts) where the skills, pairing and cron
 * areas used hand-written checks: a symlink out, `..` and an absolute path are refused in
 * each, and the pairing store never reads or writes a store file that links out of the home.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { ConfinementError, confinedRealPathSync, confinedWriteTargetSync } from "../../src/hermes/home/confine.ts";
import { insideSkillsDir } from "../../src/hermes/skills/content.ts";
import { hashCode } from "../../src/hermes/pairing/store.ts";
import { normalizeScript } from "../../src/hermes/cron/rules.ts";

function json(body: unknown, method = "POST"): RequestInit {
	return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function tree() {
	const base = mkdtempSync(join(tmpdir(), "confine-"));
	const home = join(base, "home");
	const outside = join(base, "outside");
	mkdirSync(join(home, "inner"), { recursive: true });
	mkdirSync(outside);
	writeFileSync(join(outside, "secret.txt"), "secret");
	writeFileSync(join(home, "inner", "ok.txt"), "ok");
	return { base, home, outside };
}

describe("confinedRealPathSync / confinedWriteTargetSync", () => {
	it("accepts paths inside, links that stay inside, and missing write targets in an inside folder", () => {
		const { home } = tree();
		symlinkSync(join(home, "inner"), join(home, "alias"));
		expect(confinedRealPathSync(home, join(home, "alias", "ok.txt"))).toMatch(/\/home\/inner\/ok\.txt$/);
		expect(confinedRealPathSync(home, join(home, "missing.txt"))).toBeNull();
		expect(confinedWriteTargetSync(home, join(home, "new", "deeper", "file.json"))).toMatch(
			/\/home\/new\/deeper\/file\.json$/,
		);
	});

	it("refuses a symlink out, `..` and an absolute path outside, for reads and writes", () => {
		const { home, outside } = tree();
		symlinkSync(outside, join(home, "out"));
		symlinkSync(join(outside, "secret.txt"), join(home, "secret-link"));
		symlinkSync(join(outside, "not-yet"), join(home, "dangling"));
		for (const path of [
			join(home, "out", "secret.txt"),
			join(home, "secret-link"),
			join(home, "..", "outside", "secret.txt"),
			join(outside, "secret.txt"),
		]) {
			expect(() => confinedRealPathSync(home, path)).toThrow(ConfinementError);
			expect(() => confinedWriteTargetSync(home, path)).toThrow(ConfinementError);
		}
		expect(() => confinedWriteTargetSync(home, join(home, "out", "new.json"))).toThrow(ConfinementError);
		expect(() => confinedWriteTargetSync(home, join(home, "..", "outside", "new.json"))).toThrow(ConfinementError);
		expect(() => confinedWriteTargetSync(home, join(home, "dangling"))).toThrow(ConfinementError);
	});
});

describe("skills: insideSkillsDir on the shared rule", () => {
	it("is true only strictly inside the skills folder", () => {
		const { home, outside } = tree();
		symlinkSync(outside, join(home, "inner", "escape"));
		expect(insideSkillsDir(home, join(home, "inner", "ok.txt"))).toBe(true);
		expect(insideSkillsDir(home, home)).toBe(false);
		expect(insideSkillsDir(home, join(home, "inner", "escape", "secret.txt"))).toBe(false);
		expect(insideSkillsDir(home, join(home, "inner", "..", "..", "outside", "secret.txt"))).toBe(false);
		expect(insideSkillsDir(home, join(outside, "secret.txt"))).toBe(false);
		expect(insideSkillsDir(home, join(home, "nope"))).toBe(false);
	});

	it("the content API refuses `..`, an absolute name and a folder linking out", async () => {
		const context = makeContext();
		const request = testClient(context);
		const outside = mkdtempSync(join(tmpdir(), "skill-out-"));
		writeFileSync(join(outside, "SKILL.md"), "---\nname: away\ndescription: x\n---\nsecret\n");
		symlinkSync(outside, join(context.home, "skills", "away"));
		for (const name of ["..", "../..", outside, "away"]) {
			const response = await request(`/api/skills/content?name=${encodeURIComponent(name)}`);
			expect([400, 404]).toContain(response.status);
			expect(JSON.stringify(await response.json())).not.toContain("secret");
		}
	});
});

describe("pairing: store files that link out of the home", () => {
	function setup() {
		const context = makeContext();
		const dir = join(context.home, "platforms", "pairing");
		const outside = mkdtempSync(join(tmpdir(), "pairing-out-"));
		return { context, dir, outside, request: testClient(context) };
	}

	it("an approved list linking out is neither listed nor rewritten by a revoke", async () => {
		const { dir, outside, request } = setup();
		const target = join(outside, "slack-approved.json");
		const text = JSON.stringify({ U0SECRET: { user_name: "outsider", approved_at: 1 } });
		writeFileSync(target, text);
		symlinkSync(target, join(dir, "slack-approved.json"));
		const listed = await (await request("/api/pairing")).json();
		expect(listed.approved.map((user: { platform: string }) => user.platform)).not.toContain("slack");
		const revoke = await request("/api/pairing/revoke", json({ platform: "slack", user_id: "U0SECRET" }));
		expect(revoke.status).toBe(404);
		expect(readFileSync(target, "utf8")).toBe(text);
	});

	it("a pending file linking out never approves its code, and nothing is written through it", async () => {
		const { context, dir, outside, request } = setup();
		const salt = "00112233445566778899aabbccddeeff";
		const target = join(outside, "slack-pending.json");
		const text = JSON.stringify({
			a: {
				user_id: "U0X",
				user_name: "x",
				salt,
				hash: hashCode("ABCD2345", salt),
				created_at: Date.now() / 1000,
			},
		});
		writeFileSync(target, text);
		symlinkSync(target, join(dir, "slack-pending.json"));
		const response = await request("/api/pairing/approve", json({ platform: "slack", code: "ABCD2345" }));
		expect(response.status).toBe(404);
		expect(readFileSync(target, "utf8")).toBe(text);
		expect(readFileSync(join(context.home, ".env"), "utf8")).not.toContain("U0X");
	});

	it("a pairing folder that is a link out is left alone", async () => {
		const { context, dir, outside, request } = setup();
		writeFileSync(join(outside, "irc-approved.json"), JSON.stringify({ nick: { user_name: "n", approved_at: 1 } }));
		rmSync(dir, { recursive: true });
		symlinkSync(outside, dir);
		const listed = await (await request("/api/pairing")).json();
		expect(listed).toEqual({ pending: [], approved: [] });
		expect((await request("/api/pairing/revoke", json({ platform: "irc", user_id: "nick" }))).status).toBe(404);
		expect(readFileSync(join(outside, "irc-approved.json"), "utf8")).toContain("nick");
		expect(context.home).not.toBe(outside);
	});

	it("`..` and absolute platform names are refused by the name rule", async () => {
		const { request } = setup();
		for (const platform of ["../../etc", "/etc/passwd", "a/../../b"]) {
			const response = await request("/api/pairing/approve", json({ platform, code: "ABCD2345" }));
			expect(response.status).toBe(404);
			expect((await request("/api/pairing/revoke", json({ platform, user_id: "1" }))).status).toBe(404);
		}
	});
});

describe("cron: scripts confined to <home>/scripts", () => {
	it("refuses `..`, an absolute path outside and a link out; accepts a script inside", () => {
		const { home, outside } = tree();
		mkdirSync(join(home, "scripts"));
		writeFileSync(join(home, "scripts", "run.sh"), "#!/bin/sh\n");
		symlinkSync(join(outside, "secret.txt"), join(home, "scripts", "link.sh"));
		expect(normalizeScript("run.sh", home)).toBe("run.sh");
		for (const script of ["../inner/ok.txt", join(outside, "secret.txt"), "link.sh", "."]) {
			expect(() => normalizeScript(script, home)).toThrow(/script must be inside/);
		}
	});
});
