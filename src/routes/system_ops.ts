/**
 * @module
 * The System page's operations (api-contract A.1, A.12, A.13; hermes-home §16, §17):
 * diagnostics, config migrate, checkpoint prune, curator run and `hermes update` as
 * spawned background actions; backup and restore done natively as in-process actions
 * (yazl/yauzl), with download confined to `backups/` and a streamed, capped upload.
 * Routes validate, call the data layer and answer; progress is in the actions' logs.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { mkdirSync, rmSync } from "node:fs";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { auditTarget } from "../http/admin_audit.ts";
import { describeRoute } from "../http/openapi.ts";
import { ActionStartError, actionRunnerFor, HermesCLIMissingError } from "../hermes/actions/runner.ts";
import { findHermesInstall } from "../hermes/home/install.ts";
import { isInContainer } from "../hermes/home/container.ts";
import { updateRefusal } from "../hermes/system/update_check.ts";
import { backupsDir, newBackupName } from "../hermes/backup/layout.ts";
import { createBackup } from "../hermes/backup/create.ts";
import { applyRestore, planRestore, RestoreRefusedError } from "../hermes/backup/restore.ts";
import { listBackups, locateBackup } from "../hermes/backup/list.ts";
import { receiveImportUpload, UploadError } from "../hermes/backup/upload.ts";
import type { AppContext, AppEnv } from "../context.ts";

/** Diagnostics: action name → CLI argv (A.12). */
const DIAGNOSTICS: Readonly<Record<string, { args: string[]; label: string }>> = {
	doctor: { args: ["doctor"], label: "doctor" },
	"security-audit": { args: ["security", "audit"], label: "security audit" },
	"prompt-size": { args: ["prompt-size"], label: "prompt size" },
	dump: { args: ["dump"], label: "dump" },
	"config-migrate": { args: ["config", "migrate"], label: "config migrate" },
};

const BackupBody = v.object({ output: v.optional(v.nullable(v.string())) });
const ImportBody = v.object({ archive: v.string(), force: v.optional(v.boolean(), false) });
const DownloadQuery = v.object({ archive: v.string() });
const ImportUploadForm = v.object({ file: v.string(), force: v.optional(v.string()) });

// OpenAPI (the operations that only start a CLI action take no body: see the openapi test).
for (const [name, { label }] of Object.entries(DIAGNOSTICS)) {
	describeRoute({ method: "POST", path: `/api/ops/${name}`, summary: `Run ${label} as a background action` });
}
describeRoute({ method: "POST", path: "/api/ops/checkpoints/prune", summary: "Prune checkpoints (background action)" });
describeRoute({ method: "POST", path: "/api/curator/run", summary: "Run the curator now (background action)" });
describeRoute({ method: "POST", path: "/api/hermes/update", summary: "Update Hermes (background action)" });
describeRoute({ method: "GET", path: "/api/ops/backups", summary: "Backup archives in the backups folder" });
describeRoute({ method: "POST", path: "/api/ops/backup", summary: "Create a backup archive", body: BackupBody });
describeRoute({
	method: "GET",
	path: "/api/ops/backup/download",
	summary: "Download a backup archive (confined to the backups folder)",
	query: DownloadQuery,
	produces: "binary",
});
describeRoute({ method: "POST", path: "/api/ops/import", summary: "Restore a backup archive", body: ImportBody });
describeRoute({
	method: "POST",
	path: "/api/ops/import-upload",
	summary: "Restore an uploaded backup archive (multipart, streamed, 100 MiB cap)",
	body: ImportUploadForm,
	bodyType: "multipart",
});

export function systemOpsRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const runner = actionRunnerFor(app);

	/** Spawns `hermes <args>` as action `name`; a refusal or spawn failure is `<failure>: …`. */
	function spawnAction(c: Context, name: string, args: string[], failure: string): Response {
		try {
			return c.json({ ok: true, pid: runner.start(name, args), name });
		} catch (error) {
			if (error instanceof HermesCLIMissingError) throw new ApiError(409, `${failure}: ${error.message}`);
			if (error instanceof ActionStartError) throw new ApiError(500, `${failure}: ${error.message}`);
			throw error;
		}
	}

	/** A backup during a restore, or the reverse, is a 409: one would read what the other writes. */
	function refuseWhileOtherRuns(name: "backup" | "import"): void {
		const other = name === "backup" ? "import" : "backup";
		if (runner.isRunning(other)) {
			throw new ApiError(
				409,
				`A ${other === "import" ? "restore" : "backup"} is running; try again when it has finished`,
			);
		}
	}

	/** Runs a native task as action `name` (a second start while it runs is a 409). */
	function runTask(name: "backup" | "import", task: Parameters<typeof runner.runTask>[1]): void {
		refuseWhileOtherRuns(name);
		try {
			runner.runTask(name, task);
		} catch (error) {
			if (error instanceof ActionStartError) throw new ApiError(409, error.message);
			throw error;
		}
	}

	for (const [name, { args, label }] of Object.entries(DIAGNOSTICS)) {
		routes.post(`/api/ops/${name}`, (c) => {
			auditTarget(c, `ops ${name}`);
			return spawnAction(c, name, args, `Failed to run ${label}`);
		});
	}

	routes.post("/api/ops/checkpoints/prune", (c) => {
		auditTarget(c, "checkpoints prune");
		return spawnAction(c, "checkpoints-prune", ["checkpoints", "prune"], "Failed to prune checkpoints");
	});

	routes.post("/api/curator/run", (c) => {
		auditTarget(c, "curator run");
		return spawnAction(c, "curator-run", ["curator", "run"], "Failed to run curator");
	});

	routes.post("/api/hermes/update", (c) => {
		auditTarget(c, "hermes update");
		const install = findHermesInstall(app.home, app.env);
		const refusal = updateRefusal(app.home, { install, env: app.env, inContainer: isInContainer(app.env) });
		if (refusal !== null) {
			runner.complete("hermes-update", refusal.message);
			return c.json({ ok: false, pid: null, name: "hermes-update", ...refusal });
		}
		return spawnAction(c, "hermes-update", ["update"], "Failed to start update");
	});

	routes.get("/api/ops/backups", (c) => c.json({ backups: listBackups(app.home) }));

	routes.post("/api/ops/backup", async (c) => {
		const body = await jsonBody(c, BackupBody);
		const output = (body.output ?? "").trim();
		let archive: string;
		if (output !== "") {
			// Unlike `hermes backup -o`, the dashboard writes archives only into backups/.
			const located = locateBackup(app.home, output);
			if (located === "outside") throw new ApiError(403, "Backup output must be inside the backups folder");
			archive = typeof located === "string" ? `${backupsDir(app.home)}/${basename(output)}` : located.real;
			if (!archive.endsWith(".zip")) throw new ApiError(400, "Backup output must be a .zip file");
		} else {
			archive = `${backupsDir(app.home)}/${newBackupName(app.clock.now())}`;
		}
		try {
			mkdirSync(backupsDir(app.home), { recursive: true, mode: 0o700 });
		} catch (error) {
			throw new ApiError(500, `Could not create backup directory: ${(error as Error).message}`);
		}
		auditTarget(c, `backup ${basename(archive)}`);
		runTask("backup", async (log) => {
			await createBackup(app.home, archive, log);
			return 0;
		});
		return c.json({ ok: true, pid: null, name: "backup", archive });
	});

	routes.get("/api/ops/backup/download", async (c) => {
		const { archive } = queryParams(c, DownloadQuery);
		const located = locateBackup(app.home, archive);
		if (located === "outside") throw new ApiError(403, "Backup is outside the dashboard backup directory");
		if (located === "missing") throw new ApiError(404, "Backup not found");
		let handle: Awaited<ReturnType<typeof open>>;
		try {
			handle = await open(located.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
		} catch {
			throw new ApiError(404, "Backup not found");
		}
		const stat = await handle.stat();
		if (!stat.isFile()) {
			await handle.close();
			throw new ApiError(404, "Backup not found");
		}
		const name = basename(located.real).replace(/["\\\r\n]/g, "_");
		return new Response(Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>, {
			headers: {
				"Content-Type": "application/zip",
				"Content-Length": String(stat.size),
				"Content-Disposition": `attachment; filename="${name}"`,
				"Cache-Control": "no-store",
			},
		});
	});

	/** Checks the archive now (a refusal is a 400, nothing written), then restores as action `import`. */
	async function startRestore(c: Context, archive: string, force: boolean): Promise<void> {
		let plan: Awaited<ReturnType<typeof planRestore>>;
		try {
			plan = await planRestore(app.home, archive, force);
		} catch (error) {
			if (error instanceof RestoreRefusedError) throw new ApiError(400, error.message);
			throw error;
		}
		auditTarget(c, `import ${basename(archive)}${force ? " --force" : ""}`);
		try {
			runTask("import", (log) => applyRestore(plan, log));
		} catch (error) {
			plan.zip.close();
			throw error;
		}
	}

	routes.post("/api/ops/import", async (c) => {
		const body = await jsonBody(c, ImportBody);
		refuseWhileOtherRuns("import");
		const archive = body.archive.trim();
		if (archive === "") throw new ApiError(400, "archive path is required");
		const located = locateBackup(app.home, archive);
		if (located === "outside") throw new ApiError(403, "Archive is outside the dashboard backup directory");
		if (located === "missing") throw new ApiError(404, `Archive not found: ${archive}`);
		await startRestore(c, located.real, body.force);
		return c.json({ ok: true, pid: null, name: "import" });
	});

	routes.post("/api/ops/import-upload", async (c) => {
		refuseWhileOtherRuns("import");
		let staged: Awaited<ReturnType<typeof receiveImportUpload>>;
		try {
			staged = await receiveImportUpload(c.req.raw, app.home, app.clock.now());
		} catch (error) {
			if (error instanceof UploadError && error.status === 422) {
				throw new ApiError(422, [{ type: "missing", loc: ["body", "file"], msg: "Field required" }]);
			}
			if (error instanceof UploadError) throw new ApiError(error.status, error.message);
			throw error;
		}
		try {
			await startRestore(c, staged.archive, staged.force);
		} catch (error) {
			// A refused upload is not kept in the backups list.
			rmSync(staged.archive, { force: true });
			if (error instanceof ApiError && /^Not a valid zip file/.test(error.message)) {
				throw new ApiError(400, "Uploaded archive is not a valid zip file");
			}
			throw error;
		}
		return c.json({ ok: true, pid: null, name: "import", archive: staged.archive, uploaded_bytes: staged.bytes });
	});

	return routes;
}
