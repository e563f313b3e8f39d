/**
 * writeFileAtomic's compare-and-swap against a lock-free writer renaming far more often
 * than Hermes would (load → append a key → temp file → os.replace, every ~0.5 ms): not
 * one of its keys may be lost. Check-then-rename loses some here (the writer's rename
 * lands between the last check and our rename); the atomic exchange loses none.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileChangedError, writeFileAtomic } from "../../src/hermes/home/atomic_write.ts";

const SAVES = 200;

const FAST_WRITER = String.raw`
import os, random, sys, tempfile, time
path, stop = sys.argv[1:3]
written = 0
while not os.path.exists(stop):
    with open(path, "rb") as f:
        raw = f.read()
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".external.")
    with os.fdopen(fd, "wb") as f:
        f.write(raw + b"EXT_%d=v\n" % written)
    os.replace(temp, path)
    written += 1
    if written == 1:
        print("ready", flush=True)
    time.sleep(random.uniform(0, 0.001))
print(written, flush=True)
`;

async function startFastWriter(path: string) {
	const stopPath = `${path}.stop-writer`;
	const child = spawn("python3", ["-c", FAST_WRITER, path, stopPath], { stdio: ["ignore", "pipe", "inherit"] });
	let out = "";
	child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
		out += chunk;
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout.on("data", () => out.startsWith("ready\n") && resolve());
		child.once("exit", () => reject(new Error(`writer exited early: ${out}`)));
	});
	return {
		async stop(): Promise<number> {
			const exited = once(child, "exit");
			writeFileSync(stopPath, "");
			await exited;
			return Number(out.slice("ready\n".length));
		},
	};
}

describe("compare-and-swap saves beside a lock-free writer", () => {
	it("no key the writer renamed into place is ever lost", async () => {
		const path = join(mkdtempSync(join(tmpdir(), "exchange-race-")), ".env");
		writeFileSync(path, "");
		const writer = await startFastWriter(path);
		let saved = 0;
		for (let attempt = 0; saved < SAVES && attempt < 50 * SAVES; attempt++) {
			const current = readFileSync(path);
			try {
				writeFileAtomic(path, Buffer.concat([current, Buffer.from(`DASH_${saved}=v\n`)]), { expect: current });
				saved++;
			} catch (error) {
				if (!(error instanceof FileChangedError)) {
					throw error;
				}
			}
			// Let the writer's "ready" and any output through now and then.
			if (attempt % 50 === 0) {
				await new Promise((resolve) => setImmediate(resolve));
			}
		}
		const written = await writer.stop();
		const keys = new Set(
			readFileSync(path, "utf8")
				.split("\n")
				.map((line) => line.split("=")[0]),
		);
		const lost = Array.from({ length: written }, (_, n) => `EXT_${n}`).filter((key) => !keys.has(key));
		expect(lost, `of ${written} writer keys`).toEqual([]);
		// The saves landed: refusing every save would pass the check above.
		expect(saved).toBe(SAVES);
	}, 60_000);
});
