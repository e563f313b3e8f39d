/**
 * Storage failures → the answer the user can act on (507 full disk, 503 read-only or
 * forbidden home). The ENOSPC, EACCES and SQLITE_FULL errors here are real ones produced
 * by the OS and SQLite; EROFS needs a read-only mount, so that one is a constructed error
 * with the code Node gives it.
 */
import { openSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { storageFailure } from "../../src/http/errors.ts";

function caught(action: () => unknown): unknown {
	try {
		action();
	} catch (error) {
		return error;
	}
	throw new Error("expected the action to fail");
}

describe("storageFailure", () => {
	it("ENOSPC (a write to /dev/full) → 507", () => {
		const failure = storageFailure(caught(() => writeFileSync("/dev/full", "x")));
		expect(failure?.status).toBe(507);
		expect(String(failure?.detail)).toContain("disk holding the Hermes home is full");
	});

	it("SQLite's 'database or disk is full' → 507", () => {
		const db = new DatabaseSync(":memory:");
		db.exec("PRAGMA page_size = 512; PRAGMA max_page_count = 4; CREATE TABLE t (v TEXT)");
		const error = caught(() => db.prepare("INSERT INTO t VALUES (?)").run("x".repeat(100_000)));
		db.close();
		expect(String((error as Error).message)).toMatch(/full/);
		expect(storageFailure(error)?.status).toBe(507);
	});

	it("EACCES (creating a file in sysfs, refused even to root) → 503 without the path", () => {
		const failure = storageFailure(caught(() => openSync("/sys/kernel/hermes-probe", "wx")));
		expect(failure?.status).toBe(503);
		expect(String(failure?.detail)).not.toContain("/sys");
	});

	it("EROFS, EPERM and a wrapped cause → 503", () => {
		const erofs = Object.assign(new Error("EROFS: read-only file system, open '/home/me/.hermes/.env'"), {
			code: "EROFS",
		});
		expect(storageFailure(erofs)?.status).toBe(503);
		expect(String(storageFailure(erofs)?.detail)).not.toContain("/home/me");
		expect(storageFailure(Object.assign(new Error("x"), { code: "EPERM" }))?.status).toBe(503);
		expect(storageFailure(new Error("save failed", { cause: erofs }))?.status).toBe(503);
	});

	it("an error that crossed a worker thread (message only) is still recognised", () => {
		expect(storageFailure(new Error("ENOSPC: no space left on device, write"))?.status).toBe(507);
		expect(storageFailure(new Error("EROFS: read-only file system, open 'x'"))?.status).toBe(503);
	});

	it("anything else is not a storage failure", () => {
		expect(storageFailure(new TypeError("boom"))).toBeNull();
		expect(storageFailure(Object.assign(new Error("x"), { code: "ENOENT" }))).toBeNull();
		expect(storageFailure("text")).toBeNull();
	});
});
