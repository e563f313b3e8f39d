/** A digest of a Hermes home: every file's relative path, mode and bytes (to prove "nothing was written"). */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** `ignore`: relative paths left out (e.g. the auth audit log, which records refusals by design). */
export function hashHome(home: string, ignore: readonly string[] = []): string {
	const hash = createHash("sha256");
	const walk = (dir: string): void => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (ignore.includes(relative(home, path))) {
				continue;
			}
			const stat = statSync(path);
			hash.update(`${relative(home, path)}\0${stat.mode.toString(8)}\0`);
			if (entry.isDirectory()) {
				walk(path);
			} else if (entry.isFile()) {
				hash.update(readFileSync(path));
			}
		}
	};
	walk(home);
	return hash.digest("hex");
}
