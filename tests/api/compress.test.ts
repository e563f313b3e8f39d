/**
 * Compression: dynamic HTML and JSON brotli/gzip by Accept-Encoding, vendor and static
 * files from precompressed copies (own ETag and Content-Length per coding), SSE and tiny
 * bodies left alone, `Vary: Accept-Encoding` throughout.
 */
import { describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeContext, testClient } from "../helpers/app.ts";
import { chooseEncoding } from "../../src/http/compress.ts";
import { precompressed } from "../../src/http/precompressed.ts";

const ALPINE = fileURLToPath(new URL("../../node_modules/@alpinejs/csp/dist/cdn.min.js", import.meta.url));

function decode(body: ArrayBuffer, coding: string | null): string {
	const bytes = Buffer.from(body);
	if (coding === "br") return brotliDecompressSync(bytes).toString("utf8");
	if (coding === "gzip") return gunzipSync(bytes).toString("utf8");
	return bytes.toString("utf8");
}

describe("Accept-Encoding negotiation", () => {
	it("prefers brotli, honours q-values and refusals", () => {
		expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
		expect(chooseEncoding("gzip, deflate")).toBe("gzip");
		expect(chooseEncoding("br;q=0.5, gzip")).toBe("gzip");
		expect(chooseEncoding("br;q=0, gzip;q=0")).toBeUndefined();
		expect(chooseEncoding("*")).toBe("br");
		expect(chooseEncoding("identity")).toBeUndefined();
		expect(chooseEncoding(undefined)).toBeUndefined();
	});
});

describe("dynamic responses", () => {
	const request = testClient(makeContext());

	for (const coding of ["br", "gzip"]) {
		it(`compresses a page's HTML with ${coding}`, async () => {
			const response = await request("/config", { headers: { "accept-encoding": coding } });
			expect(response.status).toBe(200);
			expect(response.headers.get("content-encoding")).toBe(coding);
			expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
			const body = await response.arrayBuffer();
			expect(Number(response.headers.get("content-length"))).toBe(body.byteLength);
			const html = decode(body, coding);
			expect(html).toMatch(/^<!doctype html>/);
			expect(body.byteLength).toBeLessThan(html.length / 4);
		});

		it(`compresses JSON with ${coding}`, async () => {
			const response = await request("/api/config", { headers: { "accept-encoding": coding } });
			expect(response.headers.get("content-encoding")).toBe(coding);
			const json = JSON.parse(decode(await response.arrayBuffer(), coding));
			expect(json).toHaveProperty("model");
		});
	}

	it("sends identity to a client that accepts no coding, with Vary still set", async () => {
		const response = await request("/config", { headers: { "accept-encoding": "identity" } });
		expect(response.headers.get("content-encoding")).toBeNull();
		expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
		expect(await response.text()).toMatch(/^<!doctype html>/);
	});

	it("leaves a tiny JSON body uncompressed", async () => {
		const response = await request("/api/dashboard/themes", { headers: { "accept-encoding": "br" } });
		expect(response.headers.get("content-encoding")).toBeNull();
		expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
		const text = await response.text();
		expect(text.length).toBeLessThan(1024);
		expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
		expect(JSON.parse(text).active).toBe("default");
	});

	it("never compresses an SSE stream", async () => {
		const response = await request("/api/logs/stream?file=agent", {
			headers: { "accept-encoding": "br, gzip" },
		});
		expect(response.headers.get("content-type")).toContain("text/event-stream");
		expect(response.headers.get("content-encoding")).toBeNull();
		const reader = response.body!.getReader();
		const first = new TextDecoder().decode((await reader.read()).value);
		expect(first).toContain("event: ready");
		await reader.cancel();
	});

	it("never touches a WebSocket upgrade request", async () => {
		const response = await request("/config", {
			headers: { "accept-encoding": "br", upgrade: "websocket", connection: "Upgrade" },
		});
		expect(response.headers.get("content-encoding")).toBeNull();
	});
});

describe("static and vendor files", () => {
	const request = testClient(makeContext());
	const alpine = readFileSync(ALPINE, "utf8");

	it("serves vendor scripts precompressed, each coding with its own ETag and length", async () => {
		const etags = new Set<string>();
		for (const coding of ["br", "gzip", "identity"]) {
			const response = await request("/vendor/alpine.min.js", { headers: { "accept-encoding": coding } });
			expect(response.status).toBe(200);
			expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
			const body = await response.arrayBuffer();
			expect(Number(response.headers.get("content-length"))).toBe(body.byteLength);
			const expected = coding === "identity" ? null : coding;
			expect(response.headers.get("content-encoding")).toBe(expected);
			expect(decode(body, expected)).toBe(alpine);
			etags.add(response.headers.get("etag")!);
		}
		expect(etags.size).toBe(3);
		const brotli = await request("/vendor/alpine.min.js", { headers: { "accept-encoding": "br" } });
		expect((await brotli.arrayBuffer()).byteLength).toBeLessThan(alpine.length / 3);
	});

	it("answers 304 to the ETag of the same coding", async () => {
		const first = await request("/static/css/app.css", { headers: { "accept-encoding": "br" } });
		expect(first.headers.get("content-encoding")).toBe("br");
		const etag = first.headers.get("etag")!;
		const again = await request("/static/css/app.css", {
			headers: { "accept-encoding": "br", "if-none-match": etag },
		});
		expect(again.status).toBe(304);
		const other = await request("/static/css/app.css", {
			headers: { "accept-encoding": "gzip", "if-none-match": etag },
		});
		expect(other.status).toBe(200);
		expect(other.headers.get("content-encoding")).toBe("gzip");
	});
});

describe("precompressed cache folder", () => {
	it("writes both codings once per content hash and serves them from the folder afterwards", async () => {
		const dir = mkdtempSync(join(tmpdir(), "precompressed-"));
		const previous = process.env.HERMES_DASHBOARD_CACHE_DIR;
		process.env.HERMES_DASHBOARD_CACHE_DIR = dir;
		try {
			const body = new TextEncoder().encode("body { color: red }\n".repeat(200));
			const made = await precompressed(body, "hash-1");
			expect(brotliDecompressSync(made.br).toString()).toBe(new TextDecoder().decode(body));
			expect(gunzipSync(made.gzip).toString()).toBe(new TextDecoder().decode(body));
			expect(existsSync(join(dir, "hash-1.br"))).toBe(true);
			expect(existsSync(join(dir, "hash-1.gz"))).toBe(true);
			// A later start reads the folder instead of compressing again.
			writeFileSync(join(dir, "hash-1.br"), "cached");
			const again = await precompressed(body, "hash-1");
			expect(Buffer.from(again.br).toString()).toBe("cached");
		} finally {
			if (previous === undefined) delete process.env.HERMES_DASHBOARD_CACHE_DIR;
			else process.env.HERMES_DASHBOARD_CACHE_DIR = previous;
		}
	});
});
