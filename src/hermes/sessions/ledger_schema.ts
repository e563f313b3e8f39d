/**
 * @module
 * Schema of the dashboard's own session ledger (a cache file, never part of state.db):
 * one small row per session with what the list, stats and usage report need, per-session
 * tool/skill counts, and aggregate tables the triggers below keep exact on every insert,
 * update and delete, so a request reads a few aggregate rows instead of scanning 100k.
 */

/** Bump when the layout changes: an older file is then rebuilt from state.db. */
export const LEDGER_VERSION = "5";

/** The summed usage columns of a ledger row (and of day_usage), as the summary read names them. */
export const USAGE_COLUMNS = [
	"input",
	"output",
	"cache_read",
	"cache_write",
	"reasoning",
	"estimated",
	"actual",
	"api_calls",
] as const;

/** `+`/`-` one ledger row (`NEW`/`OLD`) into stats_agg and day_usage. */
function applyRow(ref: "NEW" | "OLD", sign: 1 | -1): string {
	const usage = USAGE_COLUMNS.map((column) => `${sign} * ${ref}.${column}`).join(", ");
	const sets = [...USAGE_COLUMNS, "sessions"].map((column) => `${column} = ${column} + excluded.${column}`);
	return `INSERT INTO stats_agg (source, archived, visible, sessions, msg_rows)
			VALUES (COALESCE(${ref}.source, ''), ${ref}.archived, ${ref}.visible, ${sign}, ${sign} * ${ref}.msg_rows)
			ON CONFLICT (source, archived, visible) DO UPDATE SET
				sessions = sessions + excluded.sessions, msg_rows = msg_rows + excluded.msg_rows;
		INSERT INTO day_usage (day, model_key, model, ${USAGE_COLUMNS.join(", ")}, sessions)
			VALUES (${ref}.day, CASE WHEN ${ref}.model IS NULL THEN '' ELSE 'm:' || ${ref}.model END, ${ref}.model, ${usage}, ${sign})
			ON CONFLICT (day, model_key) DO UPDATE SET ${sets.join(", ")};`;
}

function applyTool(ref: "NEW" | "OLD", sign: 1 | -1): string {
	return `INSERT INTO day_tools (day, kind, name, n) VALUES (${ref}.day, ${ref}.kind, ${ref}.name, ${sign} * ${ref}.n)
			ON CONFLICT (day, kind, name) DO UPDATE SET n = n + excluded.n;`;
}

export const LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS ledger (
	id TEXT PRIMARY KEY,
	srowid INTEGER NOT NULL,
	source TEXT,
	source_key TEXT NOT NULL,
	archived INTEGER NOT NULL,
	visible INTEGER NOT NULL,
	started_at REAL NOT NULL,
	day TEXT,
	ended_at REAL,
	end_reason TEXT,
	model TEXT,
	cwd TEXT,
	message_count INTEGER,
	chain_parent TEXT,
	root TEXT NOT NULL,
	act REAL,
	msg_rows INTEGER NOT NULL DEFAULT 0,
	last_ts REAL,
	${USAGE_COLUMNS.map((column) => `${column} REAL NOT NULL DEFAULT 0`).join(",\n\t")}
);
CREATE INDEX IF NOT EXISTS ledger_created ON ledger (visible, archived, started_at DESC);
CREATE INDEX IF NOT EXISTS ledger_recent ON ledger (visible, archived, act DESC, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ledger_newest_visible ON ledger (visible, started_at DESC, source_key);
CREATE INDEX IF NOT EXISTS ledger_started ON ledger (started_at);
CREATE INDEX IF NOT EXISTS ledger_srowid ON ledger (srowid);
CREATE INDEX IF NOT EXISTS ledger_root ON ledger (root);
CREATE INDEX IF NOT EXISTS ledger_chain_parent ON ledger (chain_parent) WHERE chain_parent IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_open ON ledger (COALESCE(last_ts, started_at)) WHERE ended_at IS NULL;
CREATE INDEX IF NOT EXISTS ledger_empty ON ledger (id) WHERE message_count = 0 AND ended_at IS NOT NULL AND archived = 0;
CREATE TABLE IF NOT EXISTS ledger_tools (
	id TEXT NOT NULL,
	day TEXT,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	n INTEGER NOT NULL,
	-- Skill views/edits only: the newest timestamp of the messages counted (top_skills' last_used_at).
	last REAL,
	PRIMARY KEY (id, kind, name)
);
-- A skill's newest use in a window: its rows newest first, so the first in the window is the answer.
DROP INDEX IF EXISTS ledger_tools_skills;
CREATE INDEX IF NOT EXISTS ledger_tools_skill_last ON ledger_tools (name, last) WHERE kind IN ('view', 'manage');
CREATE TABLE IF NOT EXISTS stats_agg (
	source TEXT NOT NULL, archived INTEGER NOT NULL, visible INTEGER NOT NULL,
	sessions INTEGER NOT NULL, msg_rows INTEGER NOT NULL,
	PRIMARY KEY (source, archived, visible)
);
CREATE TABLE IF NOT EXISTS day_usage (
	day TEXT, model_key TEXT NOT NULL, model TEXT,
	${USAGE_COLUMNS.map((column) => `${column} REAL NOT NULL`).join(", ")},
	sessions INTEGER NOT NULL,
	PRIMARY KEY (day, model_key)
);
CREATE TABLE IF NOT EXISTS day_tools (
	day TEXT, kind TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
	PRIMARY KEY (day, kind, name)
);
CREATE TRIGGER IF NOT EXISTS ledger_insert AFTER INSERT ON ledger BEGIN ${applyRow("NEW", 1)} END;
CREATE TRIGGER IF NOT EXISTS ledger_delete AFTER DELETE ON ledger BEGIN ${applyRow("OLD", -1)}
	DELETE FROM ledger_tools WHERE id = OLD.id; END;
CREATE TRIGGER IF NOT EXISTS ledger_update AFTER UPDATE OF source, archived, visible, day, model, msg_rows,
	${USAGE_COLUMNS.join(", ")} ON ledger BEGIN ${applyRow("OLD", -1)} ${applyRow("NEW", 1)} END;
CREATE TRIGGER IF NOT EXISTS tools_insert AFTER INSERT ON ledger_tools BEGIN ${applyTool("NEW", 1)} END;
CREATE TRIGGER IF NOT EXISTS tools_delete AFTER DELETE ON ledger_tools BEGIN ${applyTool("OLD", -1)} END;
CREATE TRIGGER IF NOT EXISTS tools_update AFTER UPDATE ON ledger_tools BEGIN ${applyTool("OLD", -1)} ${applyTool("NEW", 1)} END;
`;

/** Every table, for a rebuild. */
export const LEDGER_TABLES = ["ledger", "ledger_tools", "stats_agg", "day_usage", "day_tools", "meta"];
