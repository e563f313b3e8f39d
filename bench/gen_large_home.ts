/**
 * @module
 * Writes a large Hermes home for benchmarks: `state.db` in the real schema (the DDL —
 * tables, indexes, both FTS5 tables and their six triggers — is copied from the
 * fixture's `sqlite_master`, so FTS is filled by Hermes's own triggers), 5,000
 * sessions × 40 messages by default, plus one 2,000-message session, compression
 * chains, branches, delegates, archived rows, CJK text and tool calls. The word
 * "zephyrine" appears in ~1% of messages (the search benchmark's needle).
 *
 * Usage: node bench/gen_large_home.ts [dir=/tmp/hermes-large-home] [sessions=5000] [messages=40]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseSync } from "node:sqlite";

const FIXTURE_DB = fileURLToPath(new URL("../../shared/fixtures/hermes-home-sample/state.db", import.meta.url));
const SHADOW = /^(messages_fts|messages_fts_trigram)_(data|idx|content|docsize|config)$/;

export const NEEDLE = "zephyrine";
export const BIG_SESSION = "bench_big_session_2000";

/** Hermes's DDL, in creation order, straight from a state.db it wrote. */
function fixtureDDL(): string[] {
	const fixture = new DatabaseSync(FIXTURE_DB, { readOnly: true });
	try {
		const entries = fixture
			.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
			.all() as { type: string; name: string; sql: string }[];
		return entries
			.filter((entry) => entry.name !== "sqlite_sequence" && !SHADOW.test(entry.name))
			.map((entry) => entry.sql);
	} finally {
		fixture.close();
	}
}

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let x = Math.imul(state ^ (state >>> 15), 1 | state);
		x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
}

const WORDS =
	"the a deploy config service database query index cache token worker queue retry timeout latency memory leak build docker image test pipeline refactor module async await function error stack trace log metric alert release branch merge review patch schema migration backup restore network socket proxy request response header cookie session user admin report summary plan trip budget invoice meeting calendar reminder draft email".split(
		" ",
	);
const CJK = [
	"请帮我整理这周的工作周报",
	"このエラーの意味を教えて",
	"데이터베이스 연결 오류를 확인해 주세요",
	"部署脚本在生产环境失败了",
];
const SOURCES = ["cli", "cli", "cli", "cli", "telegram", "discord", "slack", "cron", "tui", "api_server"];
const MODELS = [
	"claude-sonnet-4-6",
	"claude-haiku-4-5",
	"claude-opus-4-7",
	"gpt-5.6-terra",
	"deepseek-chat",
	"gpt-4.1-mini",
];
const TOOLS = ["terminal", "read_file", "patch", "write_file", "search_files", "web_search", "skill_view"];

export function generate(dir: string, sessions: number, perSession: number): { path: string; messages: number } {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(join(dir, "sessions"), { recursive: true, mode: 0o700 });
	writeFileSync(join(dir, "config.yaml"), "_config_version: 33\nmodel:\n  default: claude-sonnet-4-6\n");
	const path = join(dir, "state.db");
	const db = new DatabaseSync(path);
	for (const sql of fixtureDDL()) db.exec(sql);
	db.exec("INSERT INTO schema_version (version) VALUES (21)");
	db.exec("PRAGMA journal_mode = WAL");
	const rand = random(20261124);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
	const sentence = (length: number): string => {
		const words: string[] = [];
		for (let i = 0; i < length; i++) words.push(pick(WORDS));
		if (rand() < 0.01) words.splice(Math.floor(rand() * words.length), 0, NEEDLE);
		if (rand() < 0.02) words.push(pick(CJK));
		return words.join(" ");
	};
	const insertSession =
		db.prepare(`INSERT INTO sessions (id, source, model, model_config, system_prompt, parent_session_id,
		started_at, ended_at, end_reason, message_count, tool_call_count, input_tokens, output_tokens, cache_read_tokens,
		cache_write_tokens, reasoning_tokens, cwd, billing_provider, estimated_cost_usd, actual_cost_usd, cost_status, title,
		api_call_count, archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
	const insertMessage =
		db.prepare(`INSERT INTO messages (session_id, role, content, tool_call_id, tool_calls, tool_name, timestamp, finish_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
	const now = Date.now() / 1000;
	let messageTotal = 0;
	const writeMessages = (id: string, start: number, count: number): number => {
		let tools = 0;
		for (let i = 0; i < count; i++) {
			const at = start + i * 20;
			const phase = i % 4;
			if (phase === 0) {
				insertMessage.run(id, "user", sentence(12 + Math.floor(rand() * 20)), null, null, null, at, null);
			} else if (phase === 1) {
				const tool = pick(TOOLS);
				const args =
					tool === "skill_view"
						? { name: pick(["log-triage", "release-notes", "weekly-report-zh"]) }
						: { path: `/srv/app/${pick(WORDS)}.py`, command: sentence(4) };
				const calls = JSON.stringify([
					{
						id: `call_${id}_${i}`,
						type: "function",
						function: { name: tool, arguments: JSON.stringify(args) },
					},
				]);
				insertMessage.run(id, "assistant", "", null, calls, null, at, "tool_calls");
				tools++;
			} else if (phase === 2) {
				insertMessage.run(
					id,
					"tool",
					sentence(30 + Math.floor(rand() * 40)),
					`call_${id}_${i - 1}`,
					null,
					null,
					at,
					null,
				);
			} else {
				insertMessage.run(
					id,
					"assistant",
					`${sentence(20 + Math.floor(rand() * 40))}\n\n\`\`\`python\nprint("${pick(WORDS)}")\n\`\`\``,
					null,
					null,
					null,
					at,
					"stop",
				);
			}
			messageTotal++;
		}
		return tools;
	};
	const addSession = (
		id: string,
		index: number,
		started: number,
		count: number,
		extra: { parent?: string; config?: Record<string, string>; endReason?: string; open?: boolean } = {},
	): void => {
		const model = pick(MODELS);
		const input = 2000 + Math.floor(rand() * 40000);
		const output = 500 + Math.floor(rand() * 8000);
		const archived = index % 97 === 0 ? 1 : 0;
		insertSession.run(
			id,
			pick(SOURCES),
			model,
			JSON.stringify({ max_iterations: 60, ...extra.config }),
			"You are Hermes. ".repeat(40),
			extra.parent ?? null,
			started,
			extra.open ? null : started + count * 20 + 5,
			extra.open ? null : (extra.endReason ?? "cli_close"),
			count,
			Math.ceil(count / 4),
			input,
			output,
			Math.floor(input * 1.5 * rand()),
			Math.floor(input * 0.1),
			Math.floor(output * 0.1 * rand()),
			`/home/dev/project${index % 20}`,
			model.startsWith("gpt") ? "openai" : "anthropic",
			(input * 3 + output * 15) / 1e6,
			null,
			"estimated",
			index % 3 === 0 ? null : `Bench session ${index}: ${sentence(3)}`,
			Math.ceil(count / 4),
			archived,
		);
	};
	db.exec("BEGIN");
	for (let index = 0; index < sessions; index++) {
		const started = now - 120 * 86400 + (index / sessions) * 120 * 86400;
		const id = `bench_${String(index).padStart(5, "0")}_${Math.floor(rand() * 0xffffff)
			.toString(16)
			.padStart(6, "0")}`;
		const chained = index % 50 === 0;
		addSession(
			id,
			index,
			started,
			perSession,
			chained ? { endReason: "compression" } : { open: index === sessions - 1 },
		);
		writeMessages(id, started, perSession);
		if (chained) {
			// A compression continuation, a branch and a delegated subagent run.
			const tipStart = started + perSession * 20 + 10;
			addSession(`${id}_cont`, index, tipStart, 8, { parent: id });
			writeMessages(`${id}_cont`, tipStart, 8);
			addSession(`${id}_branch`, index, tipStart + 400, 4, { parent: id, config: { _branched_from: id } });
			writeMessages(`${id}_branch`, tipStart + 400, 4);
			addSession(`${id}_sub`, index, started + 60, 4, {
				parent: id,
				config: { _delegate_from: id },
				endReason: "completed",
			});
			writeMessages(`${id}_sub`, started + 60, 4);
		}
	}
	addSession(BIG_SESSION, 1, now - 3 * 86400, 2000);
	writeMessages(BIG_SESSION, now - 3 * 86400, 2000);
	db.exec("COMMIT");
	db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
	db.exec("ANALYZE");
	db.close();
	return { path, messages: messageTotal };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const dir = process.argv[2] ?? "/tmp/hermes-large-home";
	const sessions = Number(process.argv[3] ?? 5000);
	const perSession = Number(process.argv[4] ?? 40);
	const started = performance.now();
	const result = generate(dir, sessions, perSession);
	console.log(
		`wrote ${result.path}: ${sessions} sessions (+chains), ${result.messages} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`,
	);
}
