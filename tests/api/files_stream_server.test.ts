/**
 * Streamed upload and download through the real Node server: a 100 MB upload goes to
 * disk with flat server memory (the server's RSS, read from /proc while the body is
 * still arriving, grows far less than the file), one byte over the cap is a 413 with no
 * temp file left behind, and the download streams the same bytes back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { startServer, type RunningServer } from "../helpers/server.ts";

const TOKEN = "files-stream-token-0123456789abcdefghijklmno";
const MiB = 1024 * 1024;
const CAP = 100 * MiB;
let server: RunningServer;
let root: string;

beforeAll(async () => {
	root = copyFixtureHome();
	server = await startServer({
		args: ["--home", root],
		// A small young generation makes V8 collect the spent chunks promptly, so RSS shows
		// what is held, not collection lag (default: +68 MiB of garbage; with this, +18).
		env: {
			HERMES_DASHBOARD_SESSION_TOKEN: TOKEN,
			HERMES_DASHBOARD_FILES_ROOT: root,
			NODE_OPTIONS: "--max-semi-space-size=1",
		},
	});
});

afterAll(async () => {
	await server?.stop();
});

function rssBytes(): number {
	const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? "0") * 1024;
}

/** One MiB of a repeating pattern: the content is checkable, the chunk reused. */
const CHUNK = Buffer.alloc(MiB, "0123456789abcdef");

/** A chunked multipart body of `size` file bytes, produced as it is sent. */
function multipartBody(path: string, size: number, onChunk: () => void): { body: ReadableStream; type: string } {
	const boundary = "----hermes-files-test";
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="path"\r\n\r\n${path}\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
			"Content-Type: application/octet-stream\r\n\r\n",
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	let sent = -1;
	const body = new ReadableStream({
		pull(controller) {
			if (sent < 0) {
				controller.enqueue(head);
				sent = 0;
				return;
			}
			if (sent >= size) {
				controller.enqueue(tail);
				controller.close();
				return;
			}
			const length = Math.min(MiB, size - sent);
			controller.enqueue(CHUNK.subarray(0, length));
			sent += length;
			onChunk();
		},
	});
	return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
	path: string,
	size: number,
	onChunk: () => void = () => {},
	signal?: AbortSignal,
): Promise<Response> {
	const { body, type } = multipartBody(path, size, onChunk);
	return fetch(`${server.baseURL}/api/files/upload-stream`, {
		method: "POST",
		headers: { "content-type": type, "x-hermes-session-token": TOKEN },
		body,
		duplex: "half",
		signal,
	} as RequestInit);
}

function expectedHash(size: number): string {
	const hash = createHash("sha256");
	for (let done = 0; done < size; done += MiB) hash.update(CHUNK.subarray(0, Math.min(MiB, size - done)));
	return hash.digest("hex");
}

describe("streamed upload in the real server", () => {
	it("100 MB streams to disk with flat memory, then downloads back unchanged", async () => {
		const size = CAP;
		const before = rssBytes();
		let peak = before;
		const started = performance.now();
		const response = await upload("big/upload.bin", size, () => {
			peak = Math.max(peak, rssBytes());
		});
		const seconds = (performance.now() - started) / 1000;
		expect(response.status, await response.clone().text()).toBe(200);
		expect((await response.json()).entry.size).toBe(size);
		const target = join(root, "big/upload.bin");
		expect(statSync(target).size).toBe(size);
		// Buffering the file would add 100 MB; streaming adds a few chunks' worth.
		const growth = peak - before;
		console.log(
			`upload 100 MiB: ${seconds.toFixed(1)} s, server RSS ${(before / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB`,
		);
		expect(growth).toBeLessThan(40 * MiB);
		expect(seconds).toBeLessThan(60);

		const download = await fetch(`${server.baseURL}/api/files/download?path=big/upload.bin&token=${TOKEN}`);
		expect(download.status).toBe(200);
		expect(download.headers.get("content-length")).toBe(String(size));
		const hash = createHash("sha256");
		for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
		expect(hash.digest("hex")).toBe(expectedHash(size));
	}, 120_000);

	it("one byte over the cap is 413 and leaves no temp file", async () => {
		const response = await upload("big/over.bin", CAP + 1);
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ detail: "File is too large" });
		const left = readdirSync(join(root, "big")).filter((name) => name !== "upload.bin");
		expect(left).toEqual([]);
	}, 120_000);

	it("a client that goes away mid-upload leaves neither the file nor its temp file", async () => {
		const abort = new AbortController();
		let chunks = 0;
		const sending = upload(
			"aborted/half.bin",
			50 * MiB,
			() => {
				chunks++;
				if (chunks === 10) abort.abort();
			},
			abort.signal,
		);
		await expect(sending).rejects.toThrow();
		await expect.poll(() => readdirSync(join(root, "aborted")), { timeout: 10_000 }).toEqual([]);
		const after = await fetch(`${server.baseURL}/api/files?path=aborted`, {
			headers: { "x-hermes-session-token": TOKEN },
		});
		expect((await after.json()).entries).toEqual([]);
	}, 60_000);
});
