/**
 * How createBackup copies a SQLite database: the file's own bytes when nothing is pending in
 * its WAL, SQLite's online backup (WAL mode put back) when frames are, and a consistent
 * snapshot either way while another connection keeps writing.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { createBackup } from "../../src/hermes/backup/create.ts";

interface ArchivedDb {
	sha: string;
	header18: number;
	header19: number;
	integrity: string;
	ids: number[];
	/** pad of the first and the last row. */
	ends: string[];
}

/** Reads state.db out of the zip with Python's zipfile and sqlite3 (Hermes's own readers). */
function archivedDb(archive: string): ArchivedDb {
	const script = `import hashlib, json, os, sqlite3, sys, tempfile, zipfile
data = zipfile.ZipFile(sys.argv[1]).read("state.db")
p = os.path.join(tempfile.mkdtemp(), "s.db")
open(p, "wb").write(data)
c = sqlite3.connect(p)
print(json.dumps({"sha": hashlib.sha256(data).hexdigest(), "header18": data[18], "header19": data[19],
  "integrity": c.execute("pragma integrity_check").fetchone()[0],
  "ids": [r[0] for r in c.execute("select id from t order by id")],
  "ends": [r[0] for r in c.execute("select pad from t where id in ((select min(id) from t), (select max(id) from t)) order by id")]}))`;
	return JSON.parse(execFileSync("python3", ["-c", script, archive], { encoding: "utf8" })) as ArchivedDb;
}

function sha(path: string): string {
	return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** A home with config.yaml and a state.db holding table t(id) with `rows` rows. */
function homeWithDb(journal: "WAL" | "DELETE", rows: number): { home: string; db: string; out: string } {
	const root = mkdtempSync(join(tmpdir(), "hermes-snapshot-"));
	const home = join(root, "home");
	const out = join(root, "out");
	mkdirSync(home);
	mkdirSync(out);
	writeFileSync(join(home, "config.yaml"), "model: x\n");
	const db = join(home, "state.db");
	const setup = new DatabaseSync(db);
	setup.exec(`PRAGMA journal_mode=${journal}; CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT);`);
	const insert = setup.prepare("INSERT INTO t (id, pad) VALUES (?, ?)");
	setup.exec("BEGIN");
	for (let id = 1; id <= rows; id++) insert.run(id, id === 1 || id === rows ? "v0" : "x".repeat(200));
	setup.exec("COMMIT");
	setup.close();
	return { home, db, out };
}

const quiet = () => {};

describe("backup of a SQLite database", () => {
	for (const journal of ["WAL", "DELETE"] as const) {
		it(`a quiescent ${journal}-mode database is archived byte for byte`, async () => {
			const { home, db, out } = homeWithDb(journal, 300);
			const archive = join(out, "b.zip");
			await createBackup(home, archive, quiet);
			const archived = archivedDb(archive);
			expect(archived.sha).toBe(sha(db));
			expect(archived.header18).toBe(journal === "WAL" ? 2 : 1);
			expect(archived.ids.length).toBe(300);
			expect(readdirSync(out)).toEqual(["b.zip"]);
		});
	}

	it("frames pending in the WAL of an open connection are in the copy, which stays in WAL mode", async () => {
		const { home, db, out } = homeWithDb("WAL", 10);
		const live = new DatabaseSync(db);
		live.exec("PRAGMA wal_autocheckpoint=0; INSERT INTO t (id, pad) VALUES (11, 'late');");
		expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
		const archive = join(out, "b.zip");
		await createBackup(home, archive, quiet);
		live.close();
		const archived = archivedDb(archive);
		expect(archived.ids).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
		expect([archived.header18, archived.header19]).toEqual([2, 2]);
		expect(archived.integrity).toBe("ok");
		// The staged copy and its -wal/-shm are gone.
		expect(readdirSync(out)).toEqual(["b.zip"]);
	});

	for (const pending of [false, true]) {
		it(`a writer committing throughout the backup (WAL ${pending ? "with" : "without"} pending frames) leaves a consistent copy`, async () => {
			const { home, db, out } = homeWithDb("WAL", 50);
			const writer = new DatabaseSync(db);
			if (pending) writer.exec("INSERT INTO t (id, pad) VALUES (51, 'pending')");
			const insert = writer.prepare("INSERT INTO t (id, pad) VALUES (?, ?)");
			// Each commit is followed by a checkpoint attempt: it must not write into pages being copied.
			const checkpoint = writer.prepare("PRAGMA wal_checkpoint(PASSIVE)");
			let next = pending ? 52 : 51;
			let running = true;
			// One commit per turn of the event loop until the backup settles.
			const write = () => {
				if (!running) return;
				insert.run(next++, "y".repeat(500));
				checkpoint.get();
				setImmediate(write);
			};
			setImmediate(write);
			const archive = join(out, "b.zip");
			await createBackup(home, archive, quiet).finally(() => {
				running = false;
			});
			writer.close();
			const archived = archivedDb(archive);
			expect(archived.integrity).toBe("ok");
			// A committed prefix: no gaps, nothing torn.
			expect(archived.ids).toEqual(Array.from({ length: archived.ids.length }, (_, i) => i + 1));
			expect(archived.ids.length).toBeGreaterThanOrEqual(pending ? 51 : 50);
			expect(next).toBeGreaterThan(pending ? 52 : 51);
		});
	}

	it("a checkpoint after every commit cannot tear the raw copy of a large file", async () => {
		const rows = 100_000; // About 25 MB: copying it spans many of the writer's commits.
		const { home, db, out } = homeWithDb("WAL", rows);
		const writer = new DatabaseSync(db);
		// Every commit sets the first and the last row to the same value; a torn copy would disagree.
		const touch = writer.prepare("UPDATE t SET pad = ? WHERE id IN (1, ?)");
		const checkpoint = writer.prepare("PRAGMA wal_checkpoint(PASSIVE)");
		let version = 0;
		let running = true;
		const write = () => {
			if (!running) return;
			touch.run(`v${++version}`, rows);
			checkpoint.get();
			setImmediate(write);
		};
		setImmediate(write);
		const archive = join(out, "b.zip");
		await createBackup(home, archive, quiet).finally(() => {
			running = false;
		});
		writer.close();
		const archived = archivedDb(archive);
		expect(version).toBeGreaterThan(1);
		expect(archived.ids.length).toBe(rows);
		expect(archived.ends[0]).toBe(archived.ends[1]);
		expect(archived.integrity).toBe("ok");
	});
});
