/**
 * @module
 * Response compression for dynamic HTML and JSON: brotli or gzip by the client's
 * `Accept-Encoding`, through `node:zlib` (Node and Deno both implement it; the Web
 * `CompressionStream` has no brotli). Hono's own `compress` middleware only does
 * gzip/deflate and compresses bodies of unknown length however small they are.
 *
 * Never touched: SSE (`text/event-stream` is not in Hono's compressible list, and
 * buffering it would stall the stream), WebSocket upgrades, HEAD, bodies already
 * encoded (precompressed static files), `Cache-Control: no-transform`, and bodies
 * under {@link MIN_COMPRESS_BYTES} (the frame costs more than it saves).
 */
import type { MiddlewareHandler } from "hono";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/utils/compress";
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from "node:zlib";
import { promisify } from "node:util";

export const MIN_COMPRESS_BYTES = 1024;
/** Bodies up to this size are compressed on the request's own thread (about 1 ms at 64 kB). */
const SYNC_COMPRESS_BYTES = 64 * 1024;

export type ContentCoding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The coding to use for an `Accept-Encoding` header: the highest q among br and gzip
 * (`*` counts for both), brotli on a tie; undefined when neither is acceptable.
 */
export function chooseEncoding(header: string | undefined | null): ContentCoding | undefined {
	if (!header) {
		return undefined;
	}
	const weights = new Map<string, number>();
	for (const part of header.split(",")) {
		const [token, ...params] = part.trim().split(";");
		const name = token?.trim().toLowerCase();
		if (!name) {
			continue;
		}
		let q = 1;
		for (const param of params) {
			const [key, value] = param.trim().split("=");
			if (key?.trim().toLowerCase() === "q") {
				const parsed = Number(value);
				q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
			}
		}
		weights.set(name, q);
	}
	const weightOf = (coding: string) => weights.get(coding) ?? weights.get("*") ?? 0;
	const br = weightOf("br");
	const gz = weightOf("gzip");
	if (br <= 0 && gz <= 0) {
		return undefined;
	}
	return br >= gz ? "br" : "gzip";
}

/**
 * The smallest brotli window that holds the whole body (2^10 to 2^22 bytes): the encoder's
 * buffers follow the window, and the default 4 MiB one is far more than a JSON answer needs.
 */
function windowBits(size: number): number {
	return Math.min(
		constants.BROTLI_MAX_WINDOW_BITS,
		Math.max(constants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(size + 1))),
	);
}

/** One body in one coding. Quality 5 brotli: close to the best ratio at a few ms per 300 kB page. */
export async function encodeBody(body: Uint8Array, coding: ContentCoding, best = false): Promise<Uint8Array> {
	const brotliOptions = {
		params: {
			[constants.BROTLI_PARAM_QUALITY]: best ? constants.BROTLI_MAX_QUALITY : 5,
			[constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
			[constants.BROTLI_PARAM_LGWIN]: windowBits(body.byteLength),
		},
	};
	const gzipOptions = { level: best ? 9 : 6 };
	if (body.byteLength <= SYNC_COMPRESS_BYTES && !best) {
		// A millisecond on this thread beats a hop to the thread pool, whose threads each keep
		// their own malloc arena with the encoder's buffers in it.
		return new Uint8Array(coding === "br" ? brotliCompressSync(body, brotliOptions) : gzipSync(body, gzipOptions));
	}
	return new Uint8Array(coding === "br" ? await brotli(body, brotliOptions) : await gzipAsync(body, gzipOptions));
}

/** Adds `Accept-Encoding` to `Vary` once. */
export function varyOnEncoding(headers: Headers): void {
	const vary = headers.get("vary");
	if (vary === null || vary === "") {
		headers.set("vary", "Accept-Encoding");
	} else if (vary !== "*" && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) {
		headers.set("vary", `${vary}, Accept-Encoding`);
	}
}

function compressible(response: Response): boolean {
	const type = response.headers.get("content-type");
	if (type === null || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)) {
		return false;
	}
	const cacheControl = response.headers.get("cache-control") ?? "";
	return !/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
}

export function compressResponses(): MiddlewareHandler {
	return async (c, next) => {
		await next();
		const response = c.res;
		if (
			c.req.method === "HEAD" ||
			c.req.header("upgrade") !== undefined ||
			response.status < 200 ||
			response.status === 204 ||
			response.status === 206 ||
			response.status === 304 ||
			response.body === null ||
			response.headers.has("content-encoding") ||
			!compressible(response)
		) {
			return;
		}
		const headers = new Headers(response.headers);
		varyOnEncoding(headers);
		const declared = headers.get("content-length");
		const coding = chooseEncoding(c.req.header("accept-encoding"));
		let body: Uint8Array;
		if (coding === undefined || (declared !== null && Number(declared) < MIN_COMPRESS_BYTES)) {
			// Same body; the Vary header still tells caches the representation depends on it.
			replace(
				c,
				new Response(response.body, { status: response.status, statusText: response.statusText, headers }),
			);
			return;
		}
		// HTML and JSON here are whole documents (streams are SSE, excluded above): buffer them.
		const plain = new Uint8Array(await response.arrayBuffer());
		if (plain.byteLength < MIN_COMPRESS_BYTES) {
			body = plain;
		} else {
			body = await encodeBody(plain, coding);
			headers.set("content-encoding", coding);
			const etag = headers.get("etag");
			if (etag !== null && !etag.startsWith("W/")) {
				headers.set("etag", `W/${etag}`);
			}
		}
		headers.set("content-length", String(body.byteLength));
		replace(
			c,
			new Response(body as Uint8Array<ArrayBuffer>, {
				status: response.status,
				statusText: response.statusText,
				headers,
			}),
		);
	};
}

function replace(c: { res: Response | undefined }, response: Response): void {
	// Clear first: Hono's setter would merge the old headers (content-length) back in.
	c.res = undefined;
	c.res = response;
}
