/**
 * Session previews, byte for byte as Hermes makes them (hermes-home §4.3): SQLite
 * replaces each LF and CR by a space and takes 63 code points, Python strips the ends
 * (`str.strip()`) and cuts to 60 + "...". The expected values come from that rule run
 * in Python 3.11 with sqlite3 on the same inputs.
 */
import { describe, expect, it } from "vitest";
import { DatabaseSync } from "node:sqlite";
import { previewOf, previewRawSQL, pythonStrip } from "../../src/hermes/sessions/rows.ts";

/** The preview of a session whose first user message is `content`, through the real SQL. */
function previewFor(content: string): string {
	const db = new DatabaseSync(":memory:");
	db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY);
		CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, role TEXT, content TEXT, timestamp REAL)`);
	db.prepare("INSERT INTO sessions (id) VALUES ('s1')").run();
	db.prepare(
		"INSERT INTO messages (session_id, role, content, timestamp) VALUES ('s1', 'assistant', 'not me', 1)",
	).run();
	db.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES ('s1', 'user', ?, 2)").run(content);
	db.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES ('s1', 'user', 'later', 3)").run();
	const raw = db.prepare(`SELECT ${previewRawSQL("s")} AS raw FROM sessions s`).get()?.raw;
	db.close();
	return previewOf(raw);
}

describe("session previews", () => {
	it("keeps inner whitespace runs: each newline becomes one space, nothing collapses", () => {
		expect(
			previewFor(
				'[SYSTEM: scheduled job "Backup check"]\n\nCheck that last night\'s backup finished and report its size.',
			),
		).toBe('[SYSTEM: scheduled job "Backup check"]  Check that last nigh...');
		expect(previewFor("\r\n  Fix   the\tbuild\r\nnow  ")).toBe("Fix   the\tbuild  now");
		expect(previewFor(`line one\n${"x".repeat(58)}   \n`)).toBe(`line one ${"x".repeat(51)}...`);
	});

	it("strips leading newlines, spaces and tabs, and nothing but whitespace is empty", () => {
		expect(previewFor("\n\nHello there")).toBe("Hello there");
		expect(previewFor("\t\tindented\ttabs")).toBe("indented\ttabs");
		expect(previewFor("   \n   ")).toBe("");
	});

	it("counts code points: CJK and emoji are one character each", () => {
		const cjk = "日本語のテキストです。";
		expect(previewFor(cjk.repeat(8))).toBe(`${cjk.repeat(5)}日本語のテ...`);
		expect(previewFor("😀".repeat(70))).toBe(`${"😀".repeat(60)}...`);
		expect(previewFor("a".repeat(60))).toBe("a".repeat(60));
		expect(previewFor("a".repeat(61))).toBe(`${"a".repeat(60)}...`);
	});

	it("strips what Python's str.strip() strips, not what String.prototype.trim() does", () => {
		expect(previewFor("\x1c\x85 odd spaces \u3000")).toBe("odd spaces");
		expect(previewFor("\ufeffbom kept")).toBe("\ufeffbom kept");
		expect(pythonStrip("\x1f\u2028 x \u00a0\u205f")).toBe("x");
	});

	it("is empty for a missing value", () => {
		expect(previewOf(null)).toBe("");
		expect(previewOf(undefined)).toBe("");
	});
});
