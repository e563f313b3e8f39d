/**
 * Logs benchmark against the real server (spawned CLI on a copy of the fixture home):
 * 1. `GET /api/logs?lines=500` latency on agent.log of 20 MB, 200 MB and 2 GB (the
 *    reader goes backwards from the end, so the figures should stay flat);
 * 2. the SSE tail while a writer appends 5,000 lines/s for 10 s: lines delivered,
 *    delivery lag, and the server's RSS before, during and after.
 * Usage: node bench/logs.ts [sizesMB=20,200,2000] [requests=100] [tailSeconds=10]
 */
import { appendFileSync, openSync, closeSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../tests/helpers/app.ts";
import { startServer } from "../tests/helpers/server.ts";

const SIZES = (process.argv[2] ?? "20,200,2000").split(",").map(Number);
const REQUESTS = Number(process.argv[3] ?? 100);
const TAIL_SECONDS = Number(process.argv[4] ?? 10);
const RATE = 5000;
const TOKEN = "bench-token-0123456789abcdefghijklmnopqrstuv";

function rssMiB(pid: number): number {
	return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Writes `megabytes` of realistic log lines (with tracebacks) in 1 MiB blocks. */
function writeLog(path: string, megabytes: number): void {
	const levels = ["INFO", "DEBUG", "WARNING", "ERROR", "INFO", "INFO"];
	let block = "";
	for (let i = 0; block.length < 1024 * 1024; i++) {
		const level = levels[i % levels.length]!;
		block += `2026-11-16 23:19:46,${String(i % 1000).padStart(3, "0")} ${level} [sess_${i % 97}] gateway.run: message number ${i} with some payload text\n`;
		if (level === "ERROR") {
			block += 'Traceback (most recent call last):\n  File "agent/x.py", line 6, in _run\nRuntimeError: boom\n';
		}
	}
	const bytes = Buffer.from(block);
	const fd = openSync(path, "w");
	for (let written = 0; written < megabytes * 1024 * 1024; written += bytes.length) {
		writeSync(fd, bytes);
	}
	closeSync(fd);
}

const home = copyFixtureHome();
const logPath = join(home, "logs", "agent.log");
const server = await startServer({ args: ["--home", home], env: { HERMES_DASHBOARD_SESSION_TOKEN: TOKEN } });
const headers = { "X-Hermes-Session-Token": TOKEN };
console.log(`server pid ${server.child.pid}, RSS at start ${rssMiB(server.child.pid!).toFixed(1)} MiB`);

try {
	for (const size of SIZES) {
		writeLog(logPath, size);
		const timings: number[] = [];
		for (let i = 0; i < REQUESTS + 10; i++) {
			const started = performance.now();
			const response = await fetch(`${server.baseURL}/api/logs?lines=500`, { headers });
			const body = (await response.json()) as { lines: string[] };
			const elapsed = performance.now() - started;
			if (body.lines.length !== 500) {
				throw new Error(`expected 500 lines, got ${body.lines.length}`);
			}
			if (i >= 10) {
				timings.push(elapsed);
			}
		}
		timings.sort((a, b) => a - b);
		console.log(
			`GET /api/logs?lines=500 on ${size} MB: median ${percentile(timings, 0.5).toFixed(2)} ms, p90 ${percentile(timings, 0.9).toFixed(2)} ms, ` +
				`max ${timings[timings.length - 1]!.toFixed(2)} ms (n=${REQUESTS}); server RSS ${rssMiB(server.child.pid!).toFixed(1)} MiB`,
		);
	}

	// Live tail at 5,000 lines/s.
	writeLog(logPath, 1);
	const controller = new AbortController();
	const response = await fetch(`${server.baseURL}/api/logs/stream`, { headers, signal: controller.signal });
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let received = 0;
	const lags: number[] = [];
	let buffer = "";
	const consume = (async () => {
		for (;;) {
			const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (chunk.done) {
				return;
			}
			buffer += decoder.decode(chunk.value, { stream: true });
			for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
				const block = buffer.slice(0, cut);
				buffer = buffer.slice(cut + 2);
				if (!block.startsWith("event: lines")) {
					continue;
				}
				const payload = JSON.parse(block.slice(block.indexOf("data: ") + 6).split("\n")[0]!) as {
					lines: string[];
				};
				const now = Date.now();
				for (const line of payload.lines) {
					received++;
					const stamp = /t=(\d+)/.exec(line);
					if (stamp !== null) {
						lags.push(now - Number(stamp[1]));
					}
				}
			}
		}
	})();
	await new Promise((resolve) => setTimeout(resolve, 300));
	const rssBefore = rssMiB(server.child.pid!);
	let written = 0;
	let rssPeak = rssBefore;
	const perTick = RATE / 100;
	const started = Date.now();
	while (Date.now() - started < TAIL_SECONDS * 1000) {
		const due = Math.floor(((Date.now() - started) / 1000) * RATE);
		let chunk = "";
		while (written < due) {
			chunk += `2026-11-24 01:00:00,000 INFO agent.bench: t=${Date.now()} line ${written} ${"x".repeat(60)}\n`;
			written++;
		}
		if (chunk !== "") {
			appendFileSync(logPath, chunk);
		}
		if (written % (perTick * 50) < perTick) {
			rssPeak = Math.max(rssPeak, rssMiB(server.child.pid!));
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const deadline = Date.now() + 5000;
	while (received < written && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	controller.abort();
	await consume;
	lags.sort((a, b) => a - b);
	const rssAfter = rssMiB(server.child.pid!);
	console.log(
		`SSE tail at ${RATE} lines/s for ${TAIL_SECONDS} s: wrote ${written}, received ${received}; lag median ${percentile(lags, 0.5)} ms, ` +
			`p99 ${percentile(lags, 0.99)} ms, max ${lags[lags.length - 1]} ms`,
	);
	console.log(
		`server RSS: before tail ${rssBefore.toFixed(1)} MiB, peak ${rssPeak.toFixed(1)} MiB, after ${rssAfter.toFixed(1)} MiB`,
	);
} finally {
	await server.stop();
	rmSync(home, { recursive: true, force: true });
}
