/**
 * The atomic exchange behind writeFileAtomic's compare-and-swap: the new file goes in only
 * when the version it displaced is the one the caller read; otherwise the other writer's
 * version is back in place. Without a working helper, nothing is touched.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { swapIfUnchanged } from "../../src/hermes/home/exchange.ts";
import { FileChangedError, writeFileAtomic } from "../../src/hermes/home/atomic_write.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A folder holding `target` (when given) and our temp file with `ours`. */
function setUp(target: string | null, ours: string) {
	const dir = mkdtempSync(join(tmpdir(), "exchange-"));
	const paths = { dir, target: join(dir, "config.yaml"), temp: join(dir, ".config.yaml.tmp") };
	if (target !== null) {
		writeFileSync(paths.target, target);
	}
	writeFileSync(paths.temp, ours);
	return paths;
}

describe("swapIfUnchanged", () => {
	it("commits when the displaced version is the expected one, and leaves no temp file", () => {
		const { dir, target, temp } = setUp("a: 1\n", "a: 2\n");
		const inode = statSync(temp).ino;
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"))).toBe("committed");
		expect(readFileSync(target, "utf8")).toBe("a: 2\n");
		// Our file itself went in (an exchange, not a copy).
		expect(statSync(target).ino).toBe(inode);
		expect(readdirSync(dir)).toEqual(["config.yaml"]);
	});

	it("swaps back when another writer got in before the swap: its version is in place again", () => {
		const { dir, target, temp } = setUp("a: 1\nhermes: 7\n", "a: 2\n");
		const theirs = statSync(target).ino;
		// Without the first look, the swap happens and the check after it must undo it.
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"), { look: false })).toBe("changed");
		expect(readFileSync(target, "utf8")).toBe("a: 1\nhermes: 7\n");
		expect(statSync(target).ino).toBe(theirs);
		expect(readdirSync(dir)).toEqual(["config.yaml"]);
	});

	it("touches nothing when the first look already sees another version", () => {
		const { target, temp } = setUp("a: 1\nhermes: 7\n", "a: 2\n");
		const theirs = statSync(target).ino;
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"))).toBe("changed");
		expect(statSync(target).ino).toBe(theirs);
		expect(readFileSync(temp, "utf8")).toBe("a: 2\n");
	});

	it("expecting no file: refuses one that appeared, creates one that did not", () => {
		const appeared = setUp("hermes: 1\n", "a: 2\n");
		expect(swapIfUnchanged(appeared.temp, appeared.target, null)).toBe("changed");
		expect(readFileSync(appeared.target, "utf8")).toBe("hermes: 1\n");
		const missing = setUp(null, "a: 2\n");
		expect(swapIfUnchanged(missing.temp, missing.target, null)).toBe("committed");
		expect(readFileSync(missing.target, "utf8")).toBe("a: 2\n");
		expect(readdirSync(missing.dir)).toEqual(["config.yaml"]);
	});

	it("expecting a file that was removed: refused, nothing created", () => {
		const { dir, target, temp } = setUp(null, "a: 2\n");
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"), { look: false })).toBe("changed");
		expect(readdirSync(dir)).toEqual([".config.yaml.tmp"]);
	});

	it("reports unsupported and changes nothing without perl or on an architecture it has no number for", () => {
		const { target, temp } = setUp("a: 1\n", "a: 2\n");
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"), { perl: "/nonexistent/perl" })).toBe("unsupported");
		expect(swapIfUnchanged(temp, target, bytes("a: 1\n"), { arch: "sparc" })).toBe("unsupported");
		expect(readFileSync(target, "utf8")).toBe("a: 1\n");
		expect(readFileSync(temp, "utf8")).toBe("a: 2\n");
	});
});

describe("writeFileAtomic falls back to check-then-rename without the exchange", () => {
	for (const [name, exchange] of [
		["no perl", { perl: "/nonexistent/perl" }],
		["exchange turned off", false],
	] as const) {
		it(`${name}: still writes over the expected version and refuses another`, () => {
			const { dir, target } = setUp("a: 1\n", "");
			writeFileAtomic(target, "a: 2\n", { expect: "a: 1\n", exchange });
			expect(readFileSync(target, "utf8")).toBe("a: 2\n");
			expect(() => writeFileAtomic(target, "a: 3\n", { expect: "a: 1\n", exchange })).toThrow(FileChangedError);
			expect(readFileSync(target, "utf8")).toBe("a: 2\n");
			expect(readdirSync(dir).sort()).toEqual([".config.yaml.tmp", "config.yaml"]);
		});
	}
});
