/**
 * @module
 * `/api/ws` connect bench: milliseconds from opening the socket (what Hermes Desktop and
 * the TUI do) to the reply of `commands.catalog`, sent with `config.get` and
 * `session.list` as the TUI's first calls. Runs the real server (`node src/main.ts`) on
 * a copy of the fixture home with a stand-in gateway that takes `--delay` ms to start
 * (Hermes's Python gateway takes about a second). The first chat is cold; later ones
 * open `--gap` ms apart (a user opening chats) and should find a pre-started gateway.
 * Prints the cold figure and the warm median side by side; target: warm median ≤ 150 ms.
 * Then `/api/pty`: open to the first frame of a stand-in TUI (tests/fixtures/fake_tui.mjs,
 * a bare Node start: the floor under the real TUI's bundle load), for comparison.
 *   node bench/ws_connect.ts [--runs 10] [--delay 1000] [--gap 1500]
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket } from "ws";
import { copyFixtureHome } from "../tests/helpers/app.ts";
import { startServer } from "../tests/helpers/server.ts";

const TOKEN = "bench-token-0123456789abcdefghijklmnopqrstuv";
const FAKE_GATEWAY = fileURLToPath(new URL("../tests/fixtures/fake_gateway.mjs", import.meta.url));
const FAKE_TUI = fileURLToPath(new URL("../tests/fixtures/fake_tui.mjs", import.meta.url));

function option(name: string, fallback: number): number {
	const at = process.argv.indexOf(name);
	return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const runs = option("--runs", 10);
const delayMs = option("--delay", 1000);
const gapMs = option("--gap", 1500);

/** Opens a chat, sends the TUI's first calls and resolves with the catalog's latency; the socket is closed after. */
function timeCatalog(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const began = performance.now();
		const ws = new WebSocket(url);
		ws.once("error", reject);
		ws.once("close", (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
		ws.once("open", () => {
			const calls = ["config.get", "commands.catalog", "session.list"];
			for (const [id, method] of calls.entries()) {
				ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params: {} }));
			}
		});
		ws.on("message", (data: Buffer) => {
			const message = JSON.parse(data.toString()) as { id?: number };
			if (message.id === 1) {
				const elapsed = performance.now() - began;
				ws.removeAllListeners("close");
				ws.close();
				resolve(elapsed);
			}
		});
	});
}

/** Opens a terminal (a fresh attach key each time) and resolves with the time to its first output frame. */
function timeFirstFrame(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const began = performance.now();
		const ws = new WebSocket(`${url}&attach=${randomUUID().replaceAll("-", "")}`);
		ws.once("error", reject);
		ws.once("close", (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
		ws.on("message", (_data: Buffer, binary: boolean) => {
			if (binary) {
				const elapsed = performance.now() - began;
				ws.removeAllListeners("close");
				ws.close();
				resolve(elapsed);
			}
		});
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const home = copyFixtureHome();
const server = await startServer({
	args: ["--home", home],
	env: {
		HERMES_DASHBOARD_SESSION_TOKEN: TOKEN,
		HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY} --delay ${delayMs}`,
		HERMES_DASHBOARD_TUI_COMMAND: `${process.execPath} ${FAKE_TUI}`,
	},
});
try {
	const url = `ws://127.0.0.1:${server.port}/api/ws?token=${TOKEN}`;
	const cold = await timeCatalog(url);
	const warm: number[] = [];
	for (let run = 0; run < runs; run++) {
		await sleep(gapMs);
		warm.push(await timeCatalog(url));
	}
	const sorted = [...warm].sort((a, b) => a - b);
	const warmMedian = median(warm);
	const round = (ms: number): string => `${ms.toFixed(1)} ms`;
	console.log(`gateway start-up: ${delayMs} ms; ${runs} warm chats ${gapMs} ms apart`);
	console.log(`cold (first chat)   ${round(cold)}`);
	console.log(`warm median         ${round(warmMedian)}   (min ${round(sorted[0]!)}, max ${round(sorted.at(-1)!)})`);
	console.log(`warm runs           ${warm.map((ms) => ms.toFixed(0)).join(", ")} ms`);
	console.log(`target warm median  ≤ 150 ms: ${warmMedian <= 150 ? "met" : "NOT met"}`);
	const ptyURL = `ws://127.0.0.1:${server.port}/api/pty?token=${TOKEN}`;
	const frames: number[] = [];
	for (let run = 0; run < runs; run++) {
		frames.push(await timeFirstFrame(ptyURL));
	}
	console.log(
		`/api/pty first frame median ${round(median(frames))}   (${frames.map((ms) => ms.toFixed(0)).join(", ")} ms)`,
	);
} finally {
	await server.stop();
	rmSync(dirname(home), { recursive: true, force: true });
}
