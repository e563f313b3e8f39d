/**
 * Native backup and restore (hermes-home §17.3) on copies of the fixture home: a backup's
 * archive has Hermes's layout (checked with Python's zipfile), a backup → restore round
 * trip into an empty home gives byte-identical files, an archive laid out as Hermes's
 * `hermes backup` writes it (built here with Python) restores, crafted archives are
 * refused before anything is written, downloads stay inside backups/, uploads are
 * capped, and every write leaves an admin-log line with no secret in it.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { hashHome } from "../helpers/home_hash.ts";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";
import { excludedFromBackup, IMPORT_SKIP_NAMES } from "../../src/hermes/backup/layout.ts";

const JSON_POST = (body: unknown): RequestInit => ({
	method: "POST",
	headers: { "content-type": "application/json" },
	body: JSON.stringify(body),
});

/** relative path → sha256 and mode of every regular file under `root`. */
function fileDigests(root: string): Map<string, { sha: string; mode: number }> {
	const out = new Map<string, { sha: string; mode: number }>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile()) {
				out.set(relative(root, path), {
					sha: createHash("sha256").update(readFileSync(path)).digest("hex"),
					mode: statSync(path).mode & 0o777,
				});
			}
		}
	};
	walk(root);
	return out;
}

/** Runs a Python script (given with -c); returns its stdout. */
function python(script: string, ...args: string[]): string {
	return execFileSync("python3", ["-c", script, ...args], { encoding: "utf8" });
}

async function backup(home: string) {
	const context = makeContext({ home });
	const request = testClient(context);
	const response = await request("/api/ops/backup", JSON_POST({}));
	expect(response.status).toBe(200);
	const answer = (await response.json()) as { ok: boolean; name: string; archive: string; pid: null };
	await actionRunnerFor(context).settled("backup");
	return { context, request, answer };
}

function emptyHome(): string {
	const home = join(mkdtempSync(join(tmpdir(), "hermes-empty-")), "home");
	mkdirSync(home);
	return home;
}

describe("backup", () => {
	it("writes Hermes's layout: home-relative names, deflate, exclusions, consistent state.db", async () => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "node_modules", "x"), { recursive: true });
		writeFileSync(join(home, "node_modules", "x", "index.js"), "x");
		writeFileSync(join(home, "gateway.pid"), "123");
		writeFileSync(join(home, "scripts", "cache.pyc"), "x");
		mkdirSync(join(home, "checkpoints", "store"), { recursive: true });
		writeFileSync(join(home, "checkpoints", "store", "HEAD"), "ref");
		symlinkSync("/etc/hostname", join(home, "outside-link"));
		const { answer, request } = await backup(home);
		expect(answer.archive).toMatch(/\/backups\/hermes-backup-\d{4}-\d\d-\d\d-\d{6}-[0-9a-f]{8}\.zip$/);
		const status = await (await request("/api/actions/backup/status")).json();
		expect(status).toMatchObject({ name: "backup", running: false, exit_code: 0, pid: null });
		expect(status.lines.at(-1)).toMatch(/^Backup complete: \d+ files/);
		const listing = JSON.parse(
			python(
				`import json, sys, zipfile, sqlite3, tempfile, os
z = zipfile.ZipFile(sys.argv[1])
d = tempfile.mkdtemp(); p = os.path.join(d, "s.db")
open(p, "wb").write(z.read("state.db"))
ok = sqlite3.connect(p).execute("pragma integrity_check").fetchone()[0]
print(json.dumps({"names": z.namelist(), "types": sorted({i.compress_type for i in z.infolist()}), "db": ok}))`,
				answer.archive,
			),
		) as { names: string[]; types: number[]; db: string };
		expect(listing.types).toEqual([8]);
		expect(listing.db).toBe("ok");
		expect(listing.names).toContain("config.yaml");
		expect(listing.names).toContain(".env");
		expect(listing.names).toContain("state.db");
		for (const name of listing.names) {
			expect(name.startsWith("/") || name.includes("..")).toBe(false);
			expect(excludedFromBackup(name.split("/"))).toBe(false);
		}
		expect(listing.names).not.toContain("outside-link");
		expect(listing.names).not.toContain("gateway.pid");
		expect(listing.names.some((name) => name.startsWith("checkpoints/") || name.startsWith("node_modules/"))).toBe(
			false,
		);
		const list = await (await request("/api/ops/backups")).json();
		expect(list.backups).toEqual([
			expect.objectContaining({ path: answer.archive, size: statSync(answer.archive).size }),
		]);
	});

	it("an output outside backups/ is refused; a second backup while one runs is a 409", async () => {
		const context = makeContext();
		const request = testClient(context);
		const outside = await request("/api/ops/backup", JSON_POST({ output: "/tmp/x.zip" }));
		expect(outside.status).toBe(403);
		expect((await request("/api/ops/backup", JSON_POST({ output: "../x.zip" }))).status).toBe(403);
		expect((await request("/api/ops/backup", { method: "POST" })).status).toBe(422);
		const first = await request("/api/ops/backup", JSON_POST({ output: "mine.zip" }));
		expect(await first.json()).toMatchObject({ ok: true, archive: join(context.home, "backups", "mine.zip") });
		const second = await request("/api/ops/backup", JSON_POST({}));
		expect(second.status).toBe(409);
		const restore = await request("/api/ops/import", JSON_POST({ archive: "mine.zip", force: true }));
		expect(restore.status).toBe(409);
		expect((await restore.json()).detail).toBe("A backup is running; try again when it has finished");
		await actionRunnerFor(context).settled("backup");
		expect(existsSync(join(context.home, "backups", "mine.zip"))).toBe(true);
	});
});

describe("restore", () => {
	it("backup → restore into an empty home gives byte-identical files", async () => {
		const source = copyFixtureHome();
		const { answer } = await backup(source);
		const target = emptyHome();
		mkdirSync(join(target, "backups"));
		writeFileSync(join(target, "backups", "in.zip"), readFileSync(answer.archive));
		const context = makeContext({ home: target });
		const request = testClient(context);
		const response = await request("/api/ops/import", JSON_POST({ archive: "in.zip" }));
		expect(await response.json()).toEqual({ ok: true, pid: null, name: "import" });
		await actionRunnerFor(context).settled("import");
		expect((await (await request("/api/actions/import/status")).json()).exit_code).toBe(0);
		// The backup's own action log and the audit trail are written while the backup runs.
		const live = new Set(["logs/action-backup.log", "logs/dashboard-admin.log"]);
		const expected = [...fileDigests(source)].filter(
			([rel]) =>
				!live.has(rel) && !excludedFromBackup(rel.split("/")) && !IMPORT_SKIP_NAMES.has(rel.split("/").pop()!),
		);
		expect(expected.length).toBeGreaterThan(10);
		const restored = fileDigests(target);
		expect(expected.map(([rel]) => rel)).toContain("state.db");
		// Every file, state.db included: a quiescent database is archived as its own bytes.
		for (const [rel, digest] of expected) {
			expect(restored.get(rel)?.sha, rel).toBe(digest.sha);
		}
		expect(existsSync(join(target, "state.db-wal")) || existsSync(join(target, "state.db-shm"))).toBe(false);
		// And SQLite reads the same content from both.
		const dump = (path: string) =>
			python("import sqlite3,sys; print('\\n'.join(sqlite3.connect(sys.argv[1]).iterdump()))", path);
		expect(dump(join(target, "state.db"))).toBe(dump(join(source, "state.db")));
		expect(dump(join(target, "state.db")).length).toBeGreaterThan(1000);
		for (const secret of [".env", "auth.json", "state.db"]) {
			expect(restored.get(secret)?.mode, secret).toBe(0o600);
		}
		expect(readdirSync(target).some((name) => name.startsWith(".restore-"))).toBe(false);
	});

	it("restores an archive laid out as `hermes backup` writes it, wrapper folder stripped, runtime files kept", async () => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "backups"));
		writeFileSync(join(home, "gateway_state.json"), '{"gateway_state":"running"}');
		const archive = join(home, "backups", "hermes-made.zip");
		python(
			`import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr(".hermes/config.yaml", "model:\\n  default: restored-model\\n")
    z.writestr(".hermes/skills/mine/SKILL.md", "---\\nname: mine\\n---\\n")
    z.writestr(".hermes/gateway_state.json", '{"gateway_state":"stopped"}')
    z.writestr(".hermes/.env", "RESTORED_KEY=1\\n")`,
			archive,
		);
		const context = makeContext({ home });
		const request = testClient(context);
		const refused = await request("/api/ops/import", JSON_POST({ archive }));
		expect(refused.status).toBe(400);
		expect((await refused.json()).detail).toMatch(/already has Hermes configuration/);
		expect((await request("/api/ops/import", JSON_POST({ archive, force: true }))).status).toBe(200);
		await actionRunnerFor(context).settled("import");
		expect(readFileSync(join(home, "config.yaml"), "utf8")).toContain("restored-model");
		expect(readFileSync(join(home, "skills", "mine", "SKILL.md"), "utf8")).toContain("name: mine");
		expect(readFileSync(join(home, "gateway_state.json"), "utf8")).toContain('"running"');
		expect(statSync(join(home, ".env")).mode & 0o777).toBe(0o600);
		expect(existsSync(join(home, ".hermes"))).toBe(false);
		expect(
			python(
				"import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))['model']['default'])",
				join(home, "config.yaml"),
			).trim(),
		).toBe("restored-model");
	});

	it.each([
		["a ../ path", `z.writestr("../escaped.txt", "x")`],
		["an absolute path", `z.writestr("/tmp/hermes-abs-escape.txt", "x")`],
		[
			"a symlink",
			`i = zipfile.ZipInfo("skills/link"); i.create_system = 3; i.external_attr = (0o120777 << 16); z.writestr(i, "/etc")`,
		],
	])("an archive with %s is refused and nothing is written", async (_what, entry) => {
		const home = copyFixtureHome();
		mkdirSync(join(home, "backups"));
		const archive = join(home, "backups", "crafted.zip");
		python(
			`import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("config.yaml", "model: evil\\n")
    ${entry}`,
			archive,
		);
		const before = hashHome(home, ["logs/dashboard-admin.log"]);
		const context = makeContext({ home });
		const request = testClient(context);
		const response = await request("/api/ops/import", JSON_POST({ archive: "crafted.zip", force: true }));
		expect(response.status).toBe(400);
		expect((await response.json()).detail).toMatch(/^Archive refused: /);
		expect(hashHome(home, ["logs/dashboard-admin.log"])).toBe(before);
		expect(existsSync(join(home, "..", "escaped.txt"))).toBe(false);
		expect(existsSync("/tmp/hermes-abs-escape.txt")).toBe(false);
	});

	it("an entry whose folder is a symlink leading out of the home is refused; nothing is written", async () => {
		const home = copyFixtureHome();
		const outside = mkdtempSync(join(tmpdir(), "hermes-outside-"));
		symlinkSync(outside, join(home, "linked"));
		mkdirSync(join(home, "backups"));
		python(
			`import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("config.yaml", "model: x\\n")
    z.writestr("linked/planted.txt", "x")`,
			join(home, "backups", "linked.zip"),
		);
		const before = hashHome(home, ["logs/dashboard-admin.log"]);
		const request = testClient(makeContext({ home }));
		const response = await request("/api/ops/import", JSON_POST({ archive: "linked.zip", force: true }));
		expect(response.status).toBe(400);
		expect((await response.json()).detail).toBe(
			"Archive refused: linked/planted.txt would be written outside the Hermes home",
		);
		expect(readdirSync(outside)).toEqual([]);
		expect(hashHome(home, ["logs/dashboard-admin.log"])).toBe(before);
	});

	it("restores state.db through SQLite while a connection holds it open in WAL mode", async () => {
		const home = copyFixtureHome();
		const { answer, context, request } = await backup(home);
		const live = new DatabaseSync(join(home, "state.db"));
		live.exec("PRAGMA journal_mode=WAL; CREATE TABLE after_backup (x); INSERT INTO after_backup VALUES (1);");
		expect(statSync(join(home, "state.db-wal")).size).toBeGreaterThan(0);
		const response = await request("/api/ops/import", JSON_POST({ archive: answer.archive, force: true }));
		expect(response.status).toBe(200);
		await actionRunnerFor(context).settled("import");
		expect((await (await request("/api/actions/import/status")).json()).exit_code).toBe(0);
		// The open connection sees the restored content: the table made after the backup is gone.
		expect(live.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'after_backup'").get()).toEqual({
			n: 0,
		});
		live.close();
		expect(
			python(
				"import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])",
				join(home, "state.db"),
			).trim(),
		).toBe("ok");
		expect(statSync(join(home, "state.db")).mode & 0o777).toBe(0o600);
		// Still in WAL mode, as the archived copy is (header bytes 18-19 = 2).
		expect([...readFileSync(join(home, "state.db")).subarray(18, 20)]).toEqual([2, 2]);
	});

	it("import errors: blank 400, outside 403, missing 404, not a backup 400", async () => {
		const context = makeContext();
		const request = testClient(context);
		expect(await (await request("/api/ops/import", JSON_POST({ archive: " " }))).json()).toEqual({
			detail: "archive path is required",
		});
		expect((await request("/api/ops/import", JSON_POST({ archive: "/etc/passwd" }))).status).toBe(403);
		const missing = await request("/api/ops/import", JSON_POST({ archive: "nope.zip" }));
		expect(await missing.json()).toEqual({ detail: "Archive not found: nope.zip" });
		mkdirSync(join(context.home, "backups"));
		python(
			`import sys, zipfile
zipfile.ZipFile(sys.argv[1], "w").writestr("readme.txt", "hi")`,
			join(context.home, "backups", "other.zip"),
		);
		const other = await request("/api/ops/import", JSON_POST({ archive: "other.zip", force: true }));
		expect(other.status).toBe(400);
		expect((await other.json()).detail).toMatch(/does not appear to be a Hermes backup/);
	});
});

describe("download and upload", () => {
	it("downloads a backup streamed as an attachment; outside backups/ is 403, missing 404", async () => {
		const home = copyFixtureHome();
		const { answer, request } = await backup(home);
		const response = await request(`/api/ops/backup/download?archive=${encodeURIComponent(answer.archive)}`);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/zip");
		expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="hermes-backup-/);
		expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(answer.archive))).toBe(true);
		symlinkSync(join(home, ".env"), join(home, "backups", "sneaky.zip"));
		for (const outside of [join(home, ".env"), "../config.yaml", "sneaky.zip", "/etc/passwd"]) {
			const refused = await request(`/api/ops/backup/download?archive=${encodeURIComponent(outside)}`);
			expect(refused.status, outside).toBe(403);
			expect(await refused.json()).toEqual({ detail: "Backup is outside the dashboard backup directory" });
		}
		expect((await request("/api/ops/backup/download?archive=gone.zip")).status).toBe(404);
		expect((await request("/api/ops/backup/download")).status).toBe(422);
	});

	it("an uploaded backup is staged under backups/ and restored; a non-zip is 400 and not kept; over the cap is 413", async () => {
		const source = copyFixtureHome();
		const { answer } = await backup(source);
		const home = emptyHome();
		const context = makeContext({ home });
		const request = testClient(context);
		const form = new FormData();
		form.append("force", "true");
		form.append("file", new Blob([readFileSync(answer.archive)]), "my backup.zip");
		const response = await request("/api/ops/import-upload", { method: "POST", body: form });
		const body = await response.json();
		expect(body).toMatchObject({
			ok: true,
			pid: null,
			name: "import",
			uploaded_bytes: statSync(answer.archive).size,
		});
		expect(body.archive).toMatch(/\/backups\/dashboard-import-\d{8}-\d{6}-[0-9a-f]{8}-my-backup\.zip$/);
		await actionRunnerFor(context).settled("import");
		expect(readFileSync(join(home, "config.yaml"))).toEqual(readFileSync(join(source, "config.yaml")));

		const junk = new FormData();
		junk.append("file", new Blob(["not a zip"]), "junk.zip");
		const refused = await request("/api/ops/import-upload", { method: "POST", body: junk });
		expect(refused.status).toBe(400);
		expect(await refused.json()).toEqual({ detail: "Uploaded archive is not a valid zip file" });
		expect(readdirSync(join(home, "backups")).filter((name) => name.includes("junk"))).toEqual([]);

		const big = new FormData();
		big.append("file", new Blob([new Uint8Array(100 * 1024 * 1024 + 10)]), "big.zip");
		const tooLarge = await request("/api/ops/import-upload", { method: "POST", body: big });
		expect(tooLarge.status).toBe(413);
		expect(
			readdirSync(join(home, "backups")).filter((name) => name.includes("big") || name.endsWith(".part")),
		).toEqual([]);
		expect((await request("/api/ops/import-upload", { method: "POST", body: new FormData() })).status).toBe(422);

		const audit = readFileSync(join(home, "logs", "dashboard-admin.log"), "utf8");
		expect(audit).toContain('"path":"/api/ops/import-upload"');
		const secrets = readFileSync(join(source, ".env"), "utf8")
			.split("\n")
			.map((line) => line.split("=")[1] ?? "")
			.filter((value) => value.length >= 8);
		expect(secrets.length).toBeGreaterThan(0);
		for (const secret of secrets) expect(audit).not.toContain(secret);
	});
});
