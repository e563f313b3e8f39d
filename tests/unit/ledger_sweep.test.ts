/**
 * The once-per-process sweep of stale ledgers (homes not opened for 30 days) never deletes
 * the ledger it is about to open: another thread of this process (the build worker, the
 * main thread) may have that file open already. A file server whose clock is off makes a
 * live ledger look stale.
 */
import { createHash } from "node:crypto";
import {
	existsSync,
	linkSync,
	mkdirSync,
	mkdtempSync,
	realpathSync,
	statSync,
	utimesSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_NOW_MS } from "../helpers/app.ts";
import { ledgerUsageReport } from "../../src/hermes/sessions/analytics.ts";
import { LEDGER_VERSION } from "../../src/hermes/sessions/ledger_schema.ts";
import { closeReaders } from "../../src/hermes/sessions/state_db.ts";

const previousCache = process.env.XDG_CACHE_HOME;

afterAll(() => {
	closeReaders();
	if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
	else process.env.XDG_CACHE_HOME = previousCache;
});

describe("stale ledger sweep", () => {
	it("deletes other stale ledgers but keeps the one being opened, however old it looks", () => {
		process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "ledger-sweep-"));
		const dir = join(process.env.XDG_CACHE_HOME, "hermes-dashboard");
		const statePath = join(copyFixtureHome(), "state.db");
		const key = createHash("sha256").update(realpathSync(statePath)).digest("hex").slice(0, 24);
		const own = join(dir, `ledger-${key}-v${LEDGER_VERSION}.sqlite`);
		const other = join(dir, "ledger-000000000000000000000000-v1.sqlite");
		mkdirSync(dir, { recursive: true });
		const longAgo = new Date(Date.now() - 60 * 86_400_000);
		for (const file of [own, other]) {
			writeFileSync(file, "", { flag: "w" });
			utimesSync(file, longAgo, longAgo);
		}
		// A second name for the file keeps its inode from being reused by a recreated one.
		const witness = join(process.env.XDG_CACHE_HOME, "witness");
		linkSync(own, witness);

		expect(ledgerUsageReport(statePath, 90, FIXTURE_NOW_MS / 1000)).not.toBeNull();
		expect(existsSync(other)).toBe(false);
		expect(statSync(own).ino).toBe(statSync(witness).ino);
	});
});
