/**
 * The archive layout rules shared by backup and restore (hermes-home §17.3): what a
 * backup leaves out, the wrapper folder a restore strips, the marker check, and the
 * names the dashboard gives new and uploaded archives.
 */
import { describe, expect, it } from "vitest";
import {
	excludedFromBackup,
	newBackupName,
	notABackupReason,
	uploadStagingName,
	wrapperPrefix,
} from "../../src/hermes/backup/layout.ts";

describe("backup layout", () => {
	it.each([
		["node_modules/x/index.js", true],
		["skills/a/__pycache__/m.pyc", true],
		["checkpoints/store/HEAD", true],
		["backups/old.zip", true],
		["hermes-agent/run_agent.py", true],
		["skills/autonomous-ai-agents/hermes-agent/SKILL.md", false],
		["gateway.pid", true],
		["profiles/work/cron.pid", true],
		["state.db-wal", true],
		["state.db", false],
		["config.yaml", false],
		["logs/agent.log", false],
	])("%s excluded: %s", (path, excluded) => {
		expect(excludedFromBackup(path.split("/"))).toBe(excluded);
	});

	it("strips only a .hermes/ or hermes/ wrapper that holds every nested file", () => {
		expect(wrapperPrefix([".hermes/config.yaml", ".hermes/skills/a/SKILL.md"])).toBe(".hermes/");
		expect(wrapperPrefix(["hermes/config.yaml", "hermes/.env"])).toBe("hermes/");
		expect(wrapperPrefix(["home/config.yaml"])).toBe("");
		expect(wrapperPrefix(["config.yaml", "skills/a/SKILL.md"])).toBe("");
		expect(wrapperPrefix([".hermes/config.yaml", "skills/a/SKILL.md"])).toBe("");
	});

	it("recognises a backup by config.yaml, .env or state.db at any depth", () => {
		expect(notABackupReason([])).toBe("zip archive is empty");
		expect(notABackupReason(["readme.txt"])).toMatch(/does not appear to be a Hermes backup/);
		expect(notABackupReason(["x/state.db"])).toBeNull();
	});

	it("names archives as Hermes does", () => {
		expect(newBackupName(Date.UTC(2026, 0, 2, 3, 4, 5))).toMatch(
			/^hermes-backup-\d{4}-\d\d-\d\d-\d{6}-[0-9a-f]{8}\.zip$/,
		);
		expect(uploadStagingName(Date.UTC(2026, 0, 2, 3, 4, 5), "../My Backup!.ZIP")).toMatch(
			/^dashboard-import-20260102-030405-[0-9a-f]{8}-My-Backup-\.ZIP$/,
		);
		expect(uploadStagingName(0, "notes")).toMatch(/-notes\.zip$/);
		expect(uploadStagingName(0, "...")).toMatch(/-backup\.zip$/);
	});
});
