/**
 * @module
 * Memory after a working session on a large home (see `gen_large_home.ts`): starts the
 * real launcher (`bin/hermes-dashboard.js`), runs what a user does in a sitting — pages
 * through the sessions list, opens a long session, searches, reads the stats, the
 * 90-day usage report and the logs — then prints the process's RSS and its private
 * memory (RssAnon: everything but the mapped Node binary and libraries) right after the
 * workload and again after an idle pause.
 *
 * Usage: node bench/memory.ts [home=/tmp/hermes-large-home] [idle-seconds=60] [rounds=3]
 * (generates the home if missing; writes a 20 MB logs/agent.log into it if there is none)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BIG_SESSION, generate, NEEDLE } from "./gen_large_home.ts";

const LAUNCHER = fileURLToPath(new URL("../bin/hermes-dashboard.js", import.meta.url));
const TOKEN = "bench-memory-token-0123456789abcdefghijklmnop";
const home = process.argv[2] ?? "/tmp/hermes-large-home";
const IDLE_SECONDS = Number(process.argv[3] ?? 60);
const ROUNDS = Number(process.argv[4] ?? 3);

if (!existsSync(join(home, "state.db"))) {
	console.log(`generating ${home} …`);
	generate(home, 5000, 40);
}
const agentLog = join(home, "logs", "agent.log");
if (!existsSync(agentLog)) {
	mkdirSync(join(home, "logs"), { recursive: true });
	const levels = ["INFO", "DEBUG", "WARNING", "ERROR", "INFO", "INFO"];
	const lines: string[] = [];
	for (let i = 0; lines.length < 160_000; i++) {
		lines.push(
			`2026-11-16 23:19:46,${String(i % 1000).padStart(3, "0")} ${levels[i % levels.length]} [sess_${i % 97}] gateway.run: message number ${i} with some payload text`,
		);
	}
	writeFileSync(agentLog, `${lines.join("\n")}\n`);
}

interface Memory {
	rss: number;
	private: number;
}

/** VmRSS and RssAnon of a process, in MiB. */
function memoryOf(pid: number): Memory {
	const status = readFileSync(`/proc/${pid}/status`, "utf8");
	const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]) / 1024;
	return { rss: field("VmRSS"), private: field("RssAnon") };
}

function startServer(): Promise<{ base: string; pid: number; stop: () => void }> {
	const child = spawn(process.execPath, [LAUNCHER, "--home", home, "--port", "0", "--no-open"], {
		env: { ...process.env, HERMES_DASHBOARD_SESSION_TOKEN: TOKEN },
		stdio: ["ignore", "pipe", "inherit"],
	});
	let out = "";
	return new Promise((resolve, reject) => {
		child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
			out += chunk;
			const match = /HERMES_DASHBOARD_READY port=(\d+)/.exec(out);
			if (match) {
				resolve({ base: `http://127.0.0.1:${match[1]}`, pid: child.pid!, stop: () => child.kill("SIGTERM") });
			}
		});
		child.once("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
	});
}

async function get(base: string, path: string): Promise<void> {
	const response = await fetch(base + path, { headers: { "X-Hermes-Session-Token": TOKEN } });
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${path} → ${response.status}`);
}

/** One sitting: what the Sessions, Analytics and Logs pages request. */
async function workload(base: string): Promise<void> {
	for (let offset = 0; offset < 5000; offset += 500) await get(base, `/api/sessions?limit=50&offset=${offset}`);
	await get(base, "/api/sessions?order=recent");
	for (let offset = 0; offset < 2000; offset += 500) {
		await get(base, `/api/sessions/${BIG_SESSION}/messages?limit=100&offset=${offset}`);
	}
	for (const term of [NEEDLE, "deploy cache", "周报整理", "timeout retry", "memory leak"]) {
		await get(base, `/api/sessions/search?q=${encodeURIComponent(term)}`);
	}
	await get(base, "/api/sessions/stats");
	await get(base, "/api/analytics/usage?days=90");
	await get(base, "/api/analytics/usage?days=30");
	await get(base, "/api/logs?file=agent&lines=500");
	await get(base, "/api/logs?file=agent&lines=500&search=ERROR");
	await get(base, "/api/status");
}

const format = (memory: Memory): string =>
	`RSS ${memory.rss.toFixed(1).padStart(6)} MiB   private (RssAnon) ${memory.private.toFixed(1).padStart(6)} MiB`;

const server = await startServer();
try {
	await new Promise((resolve) => setTimeout(resolve, 1000));
	console.log(`home ${home}`);
	// The launcher restarts Node with glibc malloc settings (bin/hermes-dashboard.js): show them.
	const malloc = readFileSync(`/proc/${server.pid}/environ`, "utf8")
		.split("\0")
		.filter((entry) => entry.startsWith("MALLOC_"));
	console.log(`malloc settings: ${malloc.join(" ") || "glibc defaults"}`);
	console.log(`${"after start-up".padEnd(28)} ${format(memoryOf(server.pid))}`);
	let peak: Memory = { rss: 0, private: 0 };
	for (let round = 1; round <= ROUNDS; round++) {
		const started = performance.now();
		await workload(server.base);
		const after = memoryOf(server.pid);
		peak = { rss: Math.max(peak.rss, after.rss), private: Math.max(peak.private, after.private) };
		console.log(
			`${`after workload ${round} (${((performance.now() - started) / 1000).toFixed(1)} s)`.padEnd(28)} ${format(after)}`,
		);
	}
	for (let waited = 0; waited < IDLE_SECONDS; ) {
		const step = Math.min(15, IDLE_SECONDS - waited);
		await new Promise((resolve) => setTimeout(resolve, step * 1000));
		waited += step;
		console.log(`${`idle ${waited} s`.padEnd(28)} ${format(memoryOf(server.pid))}`);
	}
	console.log(`${"peak after a workload".padEnd(28)} ${format(peak)}`);
} finally {
	server.stop();
}
