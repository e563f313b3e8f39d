/**
 * Cold start and idle memory: spawn the dashboard, poll `/api/status` every 2 ms until
 * the first 200, record the time; after an idle pause read the RSS. Prints one line
 * per runtime. Usage: node bench/cold_start.ts [runs=10] [idle-ms=5000]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connect, createServer } from "node:net";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE = join(ROOT, "..", "shared", "fixtures", "hermes-home-sample");
const RUNS = Number(process.argv[2] ?? 10);
/** How long the server idles after its first answer before its RSS is read. */
const IDLE_MS = Number(process.argv[3] ?? 5000);

/**
 * The variables `npm start` sets before the launcher (package.json): with them the
 * launcher has no reason to re-execute Node for its malloc settings.
 */
function startScriptEnv(): Record<string, string> {
	const start = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } })
		.scripts.start;
	return Object.fromEntries(
		[...(/^(?:\w+=\S+\s+)+/.exec(start)?.[0] ?? "").matchAll(/(\w+)=(\S+)/g)].map((match) => [
			match[1]!,
			match[2]!,
		]),
	);
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, "127.0.0.1", () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => resolve(port));
		});
	});
}

/**
 * One `GET /api/status` over a raw socket: its status code once the whole response has
 * arrived, or null while nothing listens. (A 2 ms poll with `fetch` costs the bench
 * enough CPU to slow the start it measures on a 2-core machine.)
 */
function statusCode(port: number): Promise<number | null> {
	return new Promise((resolve) => {
		let response = "";
		const socket = connect(port, "127.0.0.1", () => {
			socket.write(`GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
		});
		socket.setEncoding("latin1");
		socket.on("data", (chunk: string) => (response += chunk));
		socket.on("error", () => resolve(null));
		socket.on("close", () => {
			const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
			resolve(match === null ? null : Number(match[1]));
		});
	});
}

function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, "utf8");
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function once(
	command: string[],
	env: Record<string, string>,
	home: string,
	measureRSS: boolean,
): Promise<{ ms: number; rss: number | null }> {
	const port = await freePort();
	const started = performance.now();
	const child: ChildProcess = spawn(
		command[0]!,
		[...command.slice(1), "--home", home, "--port", String(port), "--no-open"],
		{
			cwd: ROOT,
			env: { ...process.env, ...env },
			stdio: "ignore",
		},
	);
	try {
		for (;;) {
			if ((await statusCode(port)) === 200) {
				break;
			}
			if (performance.now() - started > 20_000) {
				throw new Error("no answer within 20 s");
			}
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
		const ms = performance.now() - started;
		let rss: number | null = null;
		if (measureRSS) {
			await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
			rss = rssMiB(child.pid!);
		}
		return { ms, rss };
	} finally {
		child.kill("SIGKILL");
		await new Promise((resolve) => child.once("exit", resolve));
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const home = join(mkdtempSync(join(tmpdir(), "bench-home-")), "home");
cpSync(FIXTURE, home, { recursive: true });
const cacheDir = mkdtempSync(join(tmpdir(), "node-compile-cache-"));
const node = process.execPath;
const deno = join(ROOT, "node_modules", "deno", "deno");
const variants: { name: string; command: string[]; env: Record<string, string> }[] = [
	{
		name: "node src/main.ts, no compile cache",
		command: [node, "src/main.ts"],
		env: { NODE_DISABLE_COMPILE_CACHE: "1" },
	},
	{
		name: "npm start (bin launcher, compile cache)",
		command: [node, "bin/hermes-dashboard.js"],
		env: { ...startScriptEnv(), NODE_COMPILE_CACHE: cacheDir },
	},
	{
		name: "bin launcher alone (+ its re-exec)",
		command: [node, "bin/hermes-dashboard.js"],
		env: { NODE_COMPILE_CACHE: cacheDir },
	},
	{
		name: "deno run src/deno.ts",
		command: [
			deno,
			"run",
			"--allow-net",
			"--allow-read",
			"--allow-write",
			"--allow-env",
			"--allow-sys",
			"--allow-run",
			"src/deno.ts",
		],
		env: {},
	},
];

console.log(`cold start: spawn → first 200 on /api/status, ${RUNS} runs each (${process.version}, ${process.arch})`);
for (const variant of variants) {
	await once(variant.command, variant.env, home, false); // Warm the OS cache and any compile cache.
	const times: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		times.push((await once(variant.command, variant.env, home, false)).ms);
	}
	const { rss } = await once(variant.command, variant.env, home, true);
	console.log(
		`${variant.name.padEnd(40)} median ${median(times).toFixed(0)} ms  min ${Math.min(...times).toFixed(0)}  max ${Math.max(...times).toFixed(0)}  idle RSS ${rss!.toFixed(1)} MiB`,
	);
}
rmSync(join(home, ".."), { recursive: true, force: true });
rmSync(cacheDir, { recursive: true, force: true });
