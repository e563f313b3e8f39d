/**
 * The home confinement rule (src/hermes/home/confine.ts) and its use for user themes:
 * a theme file symlinked out of the home, or a FIFO, is skipped; one symlinked inside
 * the home is listed.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfinedTextSync } from "../../src/hermes/home/confine.ts";
import { listThemes } from "../../src/hermes/themes/themes.ts";

function tempHome(): string {
	const home = join(mkdtempSync(join(tmpdir(), "hermes-confine-")), "home");
	mkdirSync(join(home, "dashboard-themes"), { recursive: true });
	return home;
}

function outsideTheme(name: string): string {
	const path = join(mkdtempSync(join(tmpdir(), "outside-home-")), `${name}.yaml`);
	writeFileSync(path, `name: ${name}\n`);
	return path;
}

describe("readConfinedTextSync", () => {
	it("reads regular files inside the home, also through an inside symlink", () => {
		const home = tempHome();
		writeFileSync(join(home, "notes.txt"), "inside\n");
		symlinkSync("../notes.txt", join(home, "dashboard-themes", "link.txt"));
		expect(readConfinedTextSync(home, join(home, "dashboard-themes", "link.txt"))).toBe("inside\n");
		expect(readConfinedTextSync(home, join(home, "missing.txt"))).toBeNull();
	});

	it("refuses symlinks and `..` out of the home, FIFOs and directories", () => {
		const home = tempHome();
		const outside = outsideTheme("escape");
		symlinkSync(outside, join(home, "dashboard-themes", "escape.yaml"));
		expect(() => readConfinedTextSync(home, join(home, "dashboard-themes", "escape.yaml"))).toThrow(
			"resolves outside the Hermes home",
		);
		expect(() => readConfinedTextSync(home, `${home}/../../${outside.split("/").slice(-2).join("/")}`)).toThrow(
			"resolves outside the Hermes home",
		);
		execFileSync("mkfifo", [join(home, "pipe")]);
		expect(() => readConfinedTextSync(home, join(home, "pipe"))).toThrow("is not a regular file");
		expect(() => readConfinedTextSync(home, join(home, "dashboard-themes"))).toThrow("is not a regular file");
	});
});

describe("user themes are confined to the home", () => {
	it("skips a theme symlinked out of the home and a FIFO, keeps one symlinked inside", () => {
		const home = tempHome();
		const themes = join(home, "dashboard-themes");
		symlinkSync(outsideTheme("escaped"), join(themes, "escaped.yaml"));
		execFileSync("mkfifo", [join(themes, "pipe.yaml")]);
		writeFileSync(join(home, "kept.yaml"), "name: kept\n");
		symlinkSync("../kept.yaml", join(themes, "kept.yaml"));
		const names = listThemes(home).map((theme) => theme.name);
		expect(names).toContain("kept");
		expect(names).not.toContain("escaped");
	});
});
