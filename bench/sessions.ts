/**
 * @module
 * Sessions/analytics benchmark on a large home (see `gen_large_home.ts`): starts the real
 * server, then times each endpoint over HTTP. "warm" = the database did not change
 * between requests (aggregates are memoised until any commit); "after write" = another
 * connection committed just before every request (what a busy agent causes), so every
 * memo is invalid and the full query runs. Also pages a 2,000-message session and
 * measures /api/status p99 under 20 concurrent clients while searches run.
 *
 * Usage: node bench/sessions.ts [home=/tmp/hermes-large-home]   (generates it if missing)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DatabaseSync } from "node:sqlite";
import { loadavg } from "node:os";
import { BIG_SESSION, generate, NEEDLE } from "./gen_large_home.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const TOKEN = "bench-session-token-0123456789abcdefghijklmnop";
const home = process.argv[2] ?? "/tmp/hermes-large-home";

if (!existsSync(join(home, "state.db"))) {
	console.log(`generating ${home} …`);
	generate(home, 5000, 40);
}

function startServer(): Promise<{ base: string; stop: () => void }> {
	const child = spawn(process.execPath, [MAIN, "--port", "0", "--no-open"], {
		env: { ...process.env, HERMES_HOME: home, HERMES_DASHBOARD_SESSION_TOKEN: TOKEN },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let out = "";
	return new Promise((resolve, reject) => {
		child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
			out += chunk;
			const match = /HERMES_DASHBOARD_READY port=(\d+)/.exec(out);
			if (match) resolve({ base: `http://127.0.0.1:${match[1]}`, stop: () => child.kill("SIGTERM") });
		});
		child.once("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
	});
}

const writer = new DatabaseSync(join(home, "state.db"));
writer.exec("PRAGMA busy_timeout = 1000");
/** A harmless commit from "another process" (bumps data_version, like an agent would). */
function touch(): void {
	writer
		.prepare("INSERT OR REPLACE INTO state_meta (key, value) VALUES ('bench_touch', ?)")
		.run(String(Math.random()));
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(url, { headers: { "X-Hermes-Session-Token": TOKEN } });
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${url} → ${response.status}`);
	return performance.now() - started;
}

async function measure(base: string, path: string, runs: number, afterWrite: boolean): Promise<number[]> {
	await timed(base + path);
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		if (afterWrite) touch();
		times.push(await timed(base + path));
	}
	return times;
}

const row = (label: string, times: number[]): string =>
	`${label.padEnd(52)} median ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms`;

const server = await startServer();
try {
	console.log(
		`home ${home}; load average ${loadavg()
			.map((value) => value.toFixed(2))
			.join(" ")} (2 cores)`,
	);
	const endpoints: [string, string, number][] = [
		["/api/sessions", "/api/sessions", 40],
		["/api/sessions?offset=4000", "/api/sessions?offset=4000", 40],
		["/api/sessions?order=recent", "/api/sessions?order=recent", 20],
		["/api/sessions/stats", "/api/sessions/stats", 40],
		[`/api/sessions/search?q=${NEEDLE} (~1% of messages)`, `/api/sessions/search?q=${NEEDLE}`, 40],
		[
			"/api/sessions/search?q=周报整理 (CJK, trigram)",
			`/api/sessions/search?q=${encodeURIComponent("周报整理")}`,
			20,
		],
		["/api/analytics/usage?days=90", "/api/analytics/usage?days=90", 30],
		["/api/status", "/api/status", 40],
	];
	for (const [label, path, runs] of endpoints) {
		console.log(row(`${label} warm`, await measure(server.base, path, runs, false)));
		console.log(row(`${label} after write`, await measure(server.base, path, runs, true)));
	}

	const pages: number[] = [];
	for (let offset = 0; offset < 2000; offset += 100) {
		pages.push(await timed(`${server.base}/api/sessions/${BIG_SESSION}/messages?limit=100&offset=${offset}`));
	}
	console.log(row("2,000-message session, 20 pages of 100", pages));

	// 20 clients hammer /api/status, first alone, then while one client searches continuously.
	async function statusUnderLoad(withSearch: boolean): Promise<void> {
		let running = true;
		const statusTimes: number[] = [];
		const searchTimes: number[] = [];
		const searcher = (async () => {
			const terms = [NEEDLE, "deploy cache", "周报整理", "timeout retry"];
			for (let i = 0; running && withSearch; i++)
				searchTimes.push(
					await timed(`${server.base}/api/sessions/search?q=${encodeURIComponent(terms[i % terms.length]!)}`),
				);
		})();
		const clients = Array.from({ length: 20 }, async () => {
			while (running) statusTimes.push(await timed(`${server.base}/api/status`));
		});
		await new Promise((resolve) => setTimeout(resolve, 8000));
		running = false;
		await Promise.all([searcher, ...clients]);
		console.log(
			`/api/status, 20 clients${withSearch ? " + searches" : ""}: ${statusTimes.length} requests, median ${percentile(statusTimes, 50).toFixed(1)} ms, p99 ${percentile(statusTimes, 99).toFixed(1)} ms${withSearch ? `; ${searchTimes.length} searches, median ${percentile(searchTimes, 50).toFixed(1)} ms` : ""}`,
		);
	}
	await statusUnderLoad(false);
	await statusUnderLoad(true);
	console.log(
		`load average after: ${loadavg()
			.map((value) => value.toFixed(2))
			.join(" ")}`,
	);
} finally {
	server.stop();
	writer.close();
}
