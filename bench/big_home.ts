/**
 * @module
 * Big-home benchmark: for each home given (default the 100k and the 5k one), starts the
 * real server and times every endpoint the way users meet it — right after an agent
 * write (a message appended as Hermes appends it, hermes-home §4: the row, then the
 * session's counters, in one BEGIN IMMEDIATE), median of 10 — and repeated with no write
 * between (median of 10); then the server's private memory (RssAnon). The session ledger
 * lives in `<home>.ledger-cache` (XDG_CACHE_HOME): on the first run it is built after
 * start-up (timed), later runs reuse it.
 *
 * Usage: node bench/big_home.ts [home …]   (defaults: /tmp/bighome-100k /tmp/bighome-5k;
 * generate them with bench/gen_large_home.ts <dir> 100000 10 and <dir> 5000 40)
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseSync } from "node:sqlite";
import { loadavg } from "node:os";
import { NEEDLE } from "./gen_large_home.ts";
import { LEDGER_VERSION } from "../src/hermes/sessions/ledger_schema.ts";

/** What `npm start` runs (the launcher sets the malloc settings the memory figure depends on). */
const LAUNCHER = fileURLToPath(new URL("../bin/hermes-dashboard.js", import.meta.url));
const TOKEN = "bench-bighome-token-0123456789abcdefghijklmnop";
const homes = process.argv.length > 2 ? process.argv.slice(2) : ["/tmp/bighome-100k", "/tmp/bighome-5k"];
const RUNS = 10;

const ENDPOINTS: [string, string][] = [
	["/api/sessions", "/api/sessions"],
	["/api/sessions?order=recent", "/api/sessions?order=recent"],
	["/api/sessions/stats", "/api/sessions/stats"],
	[`/api/sessions/search?q=${NEEDLE}`, `/api/sessions/search?q=${NEEDLE}`],
	["/api/analytics/usage?days=90", "/api/analytics/usage?days=90"],
	["/api/status", "/api/status"],
];

function startServer(home: string, cache: string): Promise<{ base: string; pid: number; stop: () => void }> {
	const child = spawn(process.execPath, [LAUNCHER, "--port", "0", "--no-open"], {
		env: { ...process.env, HERMES_HOME: home, HERMES_DASHBOARD_SESSION_TOKEN: TOKEN, XDG_CACHE_HOME: cache },
		stdio: ["ignore", "pipe", "inherit"],
	});
	let out = "";
	return new Promise((resolve, reject) => {
		child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
			out += chunk;
			const match = /HERMES_DASHBOARD_READY port=(\d+)/.exec(out);
			if (match)
				resolve({ base: `http://127.0.0.1:${match[1]}`, pid: child.pid!, stop: () => child.kill("SIGTERM") });
		});
		child.once("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
	});
}

async function timed(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(url, { headers: { "X-Hermes-Session-Token": TOKEN } });
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${url} → ${response.status}`);
	return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]): string => {
	const sorted = [...values].sort((a, b) => a - b);
	return `${sorted[0]!.toFixed(1)}–${sorted[sorted.length - 1]!.toFixed(1)}`;
};

/** An agent turn: the message row, then the session's counters (hermes-home §4). */
function agentWriter(home: string): { write: () => void; close: () => void } {
	const db = new DatabaseSync(join(home, "state.db"));
	db.exec("PRAGMA busy_timeout = 1000");
	const open = (db.prepare("SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1").get() ??
		db.prepare("SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1").get()) as { id: string };
	const insert = db.prepare(
		"INSERT INTO messages (session_id, role, content, timestamp, finish_reason) VALUES (?, 'assistant', ?, ?, 'stop')",
	);
	const counters = db.prepare(
		`UPDATE sessions SET message_count = message_count + 1, api_call_count = api_call_count + 1,
		input_tokens = input_tokens + 900, output_tokens = output_tokens + 120 WHERE id = ?`,
	);
	return {
		write: () => {
			db.exec("BEGIN IMMEDIATE");
			insert.run(open.id, "benchmark reply with a deploy note", Date.now() / 1000);
			counters.run(open.id);
			db.exec("COMMIT");
		},
		close: () => db.close(),
	};
}

function ledgerBuilt(home: string, cache: string): boolean {
	const key = createHash("sha256")
		.update(realpathSync(join(home, "state.db")))
		.digest("hex")
		.slice(0, 24);
	// The layout version is part of the file name (src/hermes/sessions/ledger.ts).
	const file = join(cache, "hermes-dashboard", `ledger-${key}-v${LEDGER_VERSION}.sqlite`);
	if (!existsSync(file)) return false;
	try {
		const db = new DatabaseSync(file, { readOnly: true });
		try {
			return db.prepare("SELECT 1 FROM meta WHERE key = 'identity'").get() !== undefined;
		} finally {
			db.close();
		}
	} catch {
		return false;
	}
}

function privateMemoryMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, "utf8");
	return Number(/RssAnon:\s+(\d+)/.exec(status)![1]) / 1024;
}

interface HomeFigures {
	first: Map<string, number>;
	afterWrite: Map<string, number[]>;
	repeated: Map<string, number[]>;
	buildSeconds: number | null;
	memory: number;
}

async function benchHome(home: string): Promise<HomeFigures> {
	const cache = `${home}.ledger-cache`;
	const cold = !ledgerBuilt(home, cache);
	const server = await startServer(home, cache);
	const writer = agentWriter(home);
	const figures: HomeFigures = {
		first: new Map(),
		afterWrite: new Map(),
		repeated: new Map(),
		buildSeconds: null,
		memory: 0,
	};
	try {
		const started = performance.now();
		for (const [label, path] of ENDPOINTS) figures.first.set(label, await timed(server.base + path));
		while (!ledgerBuilt(home, cache)) await new Promise((resolve) => setTimeout(resolve, 250));
		if (cold) figures.buildSeconds = (performance.now() - started) / 1000;
		for (const [label, path] of ENDPOINTS) {
			const after: number[] = [];
			const repeated: number[] = [];
			for (let i = 0; i < RUNS; i++) {
				writer.write();
				after.push(await timed(server.base + path));
			}
			for (let i = 0; i < RUNS; i++) repeated.push(await timed(server.base + path));
			figures.afterWrite.set(label, after);
			figures.repeated.set(label, repeated);
		}
		figures.memory = privateMemoryMiB(server.pid);
	} finally {
		writer.close();
		server.stop();
	}
	return figures;
}

console.log(
	`load average before: ${loadavg()
		.map((value) => value.toFixed(2))
		.join(" ")} (2 cores)`,
);
const results: [string, HomeFigures][] = [];
for (const home of homes) results.push([home, await benchHome(home)]);
for (const [home, figures] of results) {
	console.log(
		`\n${home}${figures.buildSeconds === null ? "" : ` (ledger built in ${figures.buildSeconds.toFixed(1)} s)`}`,
	);
	console.log(
		`${"endpoint".padEnd(40)} ${"after write: median (range)".padEnd(30)} ${"repeated: median (range)".padEnd(28)} first after start`,
	);
	for (const [label] of ENDPOINTS) {
		const after = figures.afterWrite.get(label)!;
		const repeated = figures.repeated.get(label)!;
		console.log(
			`${label.padEnd(40)} ${`${median(after).toFixed(1)} ms (${spread(after)})`.padEnd(30)} ${`${median(repeated).toFixed(1)} ms (${spread(repeated)})`.padEnd(28)} ${figures.first.get(label)!.toFixed(0)} ms`,
		);
	}
	console.log(`private memory (RssAnon) after the run: ${figures.memory.toFixed(1)} MiB`);
}
console.log(
	`\nload average after: ${loadavg()
		.map((value) => value.toFixed(2))
		.join(" ")}`,
);
