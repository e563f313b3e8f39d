/**
 * @module
 * The thread that keeps exchange.ts's perl helper running. The saving thread waits
 * synchronously (Atomics.wait) while this one forwards its request to the helper and
 * writes the answer line into the shared buffer. A long-lived helper answers in well
 * under a millisecond; starting perl for every save took 3–10 ms, and every millisecond
 * between a caller's read and the swap is one in which another writer can get in first.
 *
 * Answers made here: "absent" (perl could not start or run the program: nothing changed)
 * and "lost" (the helper stopped during a request: the outcome is unknown).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";

export interface ExchangeRequest {
	header: string;
	body: Uint8Array;
}

const { perl, program, shared } = workerData as { perl: string; program: string; shared: SharedArrayBuffer };
/** [0]: 1 once answered; [1]: the answer's length in bytes, which follow at offset 8. */
const state = new Int32Array(shared, 0, 2);
const text = new Uint8Array(shared, 8);

type Helper = ChildProcessByStdio<Writable, Readable, null>;

let helper: Helper | null = null;
let ready = false;
let waiting: ExchangeRequest | null = null;
let sent = false;

function answer(line: string): void {
	if (waiting === null) {
		return;
	}
	waiting = null;
	sent = false;
	const bytes = new TextEncoder().encode(line).subarray(0, text.length);
	text.set(bytes);
	Atomics.store(state, 1, bytes.length);
	Atomics.store(state, 0, 1);
	Atomics.notify(state, 0);
}

function send(): void {
	if (helper !== null && ready && waiting !== null && !sent) {
		sent = true;
		helper.stdin.write(waiting.header);
		helper.stdin.write(waiting.body);
	}
}

function start(): void {
	let child: Helper;
	try {
		child = spawn(perl, ["-e", program], { stdio: ["pipe", "pipe", "ignore"] });
	} catch {
		// Deno without --allow-run throws instead of reporting.
		answer("absent");
		return;
	}
	helper = child;
	let pending = "";
	const stopped = () => {
		if (helper === child) {
			helper = null;
			answer(ready ? "lost" : "absent");
			ready = false;
		}
	};
	child.once("error", stopped);
	child.once("close", stopped);
	child.stdin.on("error", () => {
		// EPIPE when perl exits early: "close" answers.
	});
	child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
		pending += chunk;
		for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
			const line = pending.slice(0, end);
			pending = pending.slice(end + 1);
			if (!ready) {
				ready = line === "ready";
				send();
			} else {
				answer(line);
			}
		}
	});
}

parentPort?.on("message", (request: ExchangeRequest | "stop") => {
	if (request === "stop") {
		// Shut for idleness: perl ends at EOF and is reaped here, by the thread that started it.
		const current = helper;
		helper = null;
		if (current === null) {
			process.exit(0);
		}
		current.once("close", () => process.exit(0));
		current.stdin.end();
		return;
	}
	waiting = request;
	if (helper === null) {
		start();
	}
	send();
});
