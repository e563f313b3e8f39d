/**
 * @module
 * PTY bench: (1) throughput of `cat` of a 100 MB file through PTY → WebSocket → a
 * client; (2) `yes` with a client that stops reading: the server's RSS must stay
 * bounded (backpressure pauses the PTY), and Ctrl-C must reach the child fast.
 * Runs the real server (`node src/main.ts`) in a temp home; prints figures.
 * Throughput runs several times (the machine's other work makes single runs noisy) and
 * prints each run and the median.
 *   node bench/pty.ts [--mb 100] [--runs 5]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TOKEN = "bench-token-0123456789abcdefghijklmnopqrstuv";
const megabytes = Number(process.argv[process.argv.indexOf("--mb") + 1]) || 100;
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;

const dir = mkdtempSync(join(tmpdir(), "hermes-pty-bench-"));
const home = join(dir, "home");
const bigFile = join(dir, "big.txt");
const marker = join(dir, "sigint-at");

function setCommand(command: string): void {
	writeFileSync(join(home, "config.yaml"), `dashboard:\n  tui_command: ${JSON.stringify(command)}\n`);
}

/** CPU seconds (user, system) a process has used so far. */
function cpuSeconds(pid: number): { user: number; system: number } {
	const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
	const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
	return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

function rssKiB(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
	return match === null ? 0 : Number(match[1]);
}

async function startServer(): Promise<{ pid: number; port: number; stop: () => void }> {
	const child = spawn(
		process.execPath,
		[
			...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean),
			join(ROOT, "src/main.ts"),
			"--port",
			"0",
			"--no-open",
			"--home",
			home,
		],
		{
			env: { ...process.env, HERMES_DASHBOARD_SESSION_TOKEN: TOKEN },
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	let out = "";
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
			out += chunk;
			const match = /HERMES_DASHBOARD_READY port=(\d+)/.exec(out);
			if (match !== null) {
				resolve(Number(match[1]));
			}
		});
		child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
	});
	return { pid: child.pid!, port, stop: () => child.kill("SIGTERM") };
}

function open(port: number): WebSocket {
	return new WebSocket(`ws://127.0.0.1:${port}/api/pty?token=${TOKEN}`);
}

function writeBigFile(): void {
	const line = `${"0123456789abcdefghijklmnopqrstuvwxyz".repeat(3)}\n`;
	const bytes = megabytes * 1024 * 1024;
	writeFileSync(bigFile, line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
	setCommand(`/bin/sh -c "cat ${bigFile}"`);
}

/** One `cat` of the big file through a fresh terminal socket; returns MiB/s. */
async function throughput(pid: number, port: number): Promise<number> {
	const cpuBefore = cpuSeconds(pid);
	const clientBefore = process.cpuUsage();
	const ws = open(port);
	let received = 0;
	let frames = 0;
	let first = 0;
	await new Promise<void>((resolve) => {
		ws.on("message", (data: Buffer) => {
			if (first === 0) {
				first = performance.now();
			}
			received += data.byteLength;
			frames++;
		});
		ws.on("close", () => resolve());
	});
	const seconds = (performance.now() - first) / 1000;
	const client = process.cpuUsage(clientBefore);
	const cpuAfter = cpuSeconds(pid);
	const [user, system] = [cpuAfter.user - cpuBefore.user, cpuAfter.system - cpuBefore.system];
	console.log(
		`cpu: server ${(user + system).toFixed(2)} s (user ${user.toFixed(2)}, system ${system.toFixed(2)}), client ${((client.user + client.system) / 1e6).toFixed(2)} s, load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
	);
	const rate = received / 1048576 / seconds;
	console.log(
		`throughput: ${(received / 1048576).toFixed(1)} MiB received (file ${megabytes} MiB, PTY adds \\r) in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} MiB/s = ${(rate * 1.048576).toFixed(1)} MB/s (${frames} frames, ${(received / frames / 1024).toFixed(1)} KiB avg)`,
	);
	return rate;
}

/** The ceiling: node-pty reading the same `cat` with nothing else in the way. */
async function rawPty(): Promise<void> {
	const { default: pty } = await import("node-pty");
	const started = performance.now();
	let bytes = 0;
	await new Promise<void>((resolve) => {
		const child = pty.spawn("/bin/cat", [bigFile], {
			cols: 80,
			rows: 24,
			env: { TERM: "xterm-256color" },
			encoding: null,
		} as Parameters<typeof pty.spawn>[2]);
		child.onData((chunk) => {
			bytes += (chunk as unknown as Uint8Array).byteLength;
		});
		child.onExit(() => resolve());
	});
	const seconds = (performance.now() - started) / 1000;
	console.log(`baseline: node-pty alone reads the same file at ${(bytes / 1048576 / seconds).toFixed(1)} MiB/s`);
}

async function slowClient(pid: number, port: number): Promise<void> {
	setCommand(`/bin/sh -c 'trap "date +%s%N > ${marker}; exit 0" INT; yes'`);
	rmSync(marker, { force: true });
	const ws = open(port);
	let received = 0;
	ws.on("message", (data: Buffer) => {
		received += data.byteLength;
	});
	await new Promise<void>((resolve) => ws.once("open", () => resolve()));
	await new Promise((resolve) => setTimeout(resolve, 300));
	const before = rssKiB(pid);
	// The client stops reading: its TCP window fills, then the server's send buffer.
	(ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
	const samples: number[] = [];
	for (let i = 0; i < 20; i++) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		samples.push(rssKiB(pid));
	}
	const peak = Math.max(...samples);
	console.log(
		`slow client: server RSS ${(before / 1024).toFixed(1)} MiB before, peak ${(peak / 1024).toFixed(1)} MiB, last ${(samples.at(-1)! / 1024).toFixed(1)} MiB over 5 s of 'yes' (client read ${(received / 1048576).toFixed(1)} MiB)`,
	);
	const sentAt = Date.now();
	ws.send("\x03");
	const deadline = Date.now() + 5000;
	while (!existsSync(marker) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
	await new Promise((resolve) => setTimeout(resolve, 20));
	const text = existsSync(marker) ? readFileSync(marker, "utf8").trim() : "";
	const latency = text === "" ? NaN : Number(BigInt(text) / 1_000_000n) - sentAt;
	console.log(
		`ctrl-c: reached the child ${Number.isNaN(latency) ? "NEVER (5 s)" : `${latency} ms`} after the client sent it, while the client was not reading`,
	);
	(ws as unknown as { _socket: { resume(): void } })._socket.resume();
	ws.terminate();
}

const server = await startServer();
try {
	writeBigFile();
	const rates: number[] = [];
	for (let run = 0; run < runs; run++) {
		rates.push(await throughput(server.pid, server.port));
	}
	const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
	console.log(
		`throughput median of ${runs}: ${median.toFixed(1)} MiB/s = ${(median * 1.048576).toFixed(1)} MB/s (target ≥ 50 MB/s)`,
	);
	await rawPty();
	await slowClient(server.pid, server.port);
} finally {
	server.stop();
	rmSync(dir, { recursive: true, force: true });
}
