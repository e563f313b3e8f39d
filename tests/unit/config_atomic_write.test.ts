/**
 * writeFileAtomic as a compare-and-swap: it writes only over the content the caller
 * read, and otherwise leaves the file, its mode, its symlink and its folder untouched.
 */
import { describe, expect, it } from "vitest";
import {
	chmodSync,
	lstatSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileChangedError, writeFileAtomic } from "../../src/hermes/home/atomic_write.ts";

function folder(): string {
	return mkdtempSync(join(tmpdir(), "atomic-"));
}

describe("writeFileAtomic with expect", () => {
	it("replaces the file when it still holds the expected content, keeping mode and symlink", () => {
		const dir = folder();
		const real = join(dir, "real.yaml");
		const link = join(dir, "config.yaml");
		writeFileSync(real, "a: 1\n");
		chmodSync(real, 0o640);
		symlinkSync(real, link);
		writeFileAtomic(link, "a: 2\n", { expect: "a: 1\n" });
		expect(readFileSync(real, "utf8")).toBe("a: 2\n");
		expect(lstatSync(link).isSymbolicLink()).toBe(true);
		expect(statSync(real).mode & 0o777).toBe(0o640);
		expect(readdirSync(dir).sort()).toEqual(["config.yaml", "real.yaml"]);
		expect(() => writeFileAtomic(link, "a: 3\n", { expect: "a: 1\n" })).toThrow(FileChangedError);
		expect(readFileSync(real, "utf8")).toBe("a: 2\n");
		expect(readdirSync(dir).sort()).toEqual(["config.yaml", "real.yaml"]);
	});

	it("writes nothing and leaves no temp file when the content moved on, or appeared", () => {
		const dir = folder();
		const path = join(dir, ".env");
		writeFileSync(path, "A=1\nB=2\n");
		expect(() => writeFileAtomic(path, "A=1\nC=3\n", { expect: Buffer.from("A=1\n") })).toThrow(FileChangedError);
		expect(() => writeFileAtomic(path, "C=3\n", { expect: null })).toThrow(FileChangedError);
		expect(readFileSync(path, "utf8")).toBe("A=1\nB=2\n");
		expect(readdirSync(dir)).toEqual([".env"]);
		const missing = join(dir, "new.yaml");
		expect(() => writeFileAtomic(missing, "x: 1\n", { expect: "x: 0\n" })).toThrow(FileChangedError);
		writeFileAtomic(missing, "x: 1\n", { expect: null });
		expect(readFileSync(missing, "utf8")).toBe("x: 1\n");
	});
});
