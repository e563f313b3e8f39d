/**
 * Native backup and restore under Deno (the npm `deno` package's binary): yazl, yauzl,
 * node:sqlite (raw copy under a read lock, online backup, or the copy fallback) and the streamed download work
 * there too, and the archive round-trips into the same home.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useDenoDashboard } from "../helpers/deno_server.ts";

const TOKEN = "backup-deno-token-0123456789abcdefghijklmnop";
const deno = useDenoDashboard(() => ({ HERMES_DASHBOARD_SESSION_TOKEN: TOKEN }));

const headers = { "x-hermes-session-token": TOKEN, "content-type": "application/json" };

/** Polls the action's status until it has exited. */
async function exitCode(name: string): Promise<number> {
	for (;;) {
		const status = await (await fetch(`${deno.server.baseURL}/api/actions/${name}/status`, { headers })).json();
		if (!status.running && status.exit_code !== null) return status.exit_code;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe("Backup under Deno", () => {
	it("creates, downloads and restores a backup", async () => {
		const created = await (
			await fetch(`${deno.server.baseURL}/api/ops/backup`, { method: "POST", headers, body: "{}" })
		).json();
		expect(created).toMatchObject({ ok: true, name: "backup" });
		expect(await exitCode("backup")).toBe(0);
		const download = await fetch(
			`${deno.server.baseURL}/api/ops/backup/download?archive=${encodeURIComponent(created.archive)}`,
			{ headers },
		);
		expect(download.status).toBe(200);
		const bytes = Buffer.from(await download.arrayBuffer());
		expect(bytes.equals(readFileSync(created.archive))).toBe(true);
		const names = execFileSync(
			"python3",
			["-c", "import sys,zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", created.archive],
			{ encoding: "utf8" },
		);
		expect(names.split("\n")).toContain("state.db");
		// Deno's node:sqlite takes the same path: a quiescent state.db is archived as its own bytes.
		const archivedDb = execFileSync(
			"python3",
			[
				"-c",
				"import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read('state.db'))",
				created.archive,
			],
			{ maxBuffer: 64 * 1024 * 1024 },
		);
		expect(archivedDb.equals(readFileSync(join(deno.home, "state.db")))).toBe(true);

		const original = readFileSync(join(deno.home, "config.yaml"));
		writeFileSync(join(deno.home, "config.yaml"), "changed: true\n");
		const restore = await fetch(`${deno.server.baseURL}/api/ops/import`, {
			method: "POST",
			headers,
			body: JSON.stringify({ archive: created.archive, force: true }),
		});
		expect(restore.status, await restore.clone().text()).toBe(200);
		expect(await exitCode("import")).toBe(0);
		expect(readFileSync(join(deno.home, "config.yaml"))).toEqual(original);
	});
});
