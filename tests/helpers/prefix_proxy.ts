/**
 * A tiny reverse proxy for tests: serves `<prefix>/...` on 127.0.0.1, strips the prefix,
 * adds `X-Forwarded-Prefix` and forwards to the dashboard, WebSocket upgrades included.
 * Requests outside the prefix get a 404 and are recorded, so tests can assert none happen.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface PrefixProxy {
	/** `http://127.0.0.1:<port>` (without the prefix). */
	origin: string;
	/** Every request path the proxy saw, as the browser sent it. */
	seen: string[];
	/** Paths that were not under the prefix. */
	outside: string[];
	/** Upgrade (WebSocket) paths forwarded. */
	upgrades: string[];
	close: () => Promise<void>;
}

export async function startPrefixProxy(upstreamPort: number, prefix: string): Promise<PrefixProxy> {
	const seen: string[] = [];
	const outside: string[] = [];
	const upgrades: string[] = [];
	const sockets = new Set<Socket>();

	/** The upstream path, or undefined when `url` is outside the prefix. */
	function strip(url: string): string | undefined {
		seen.push(url);
		if (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) {
			const rest = url.slice(prefix.length);
			return rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
		}
		outside.push(url);
		return undefined;
	}

	function forwardedHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
		return {
			...headers,
			"x-forwarded-prefix": prefix,
			"x-forwarded-proto": "http",
			"x-forwarded-for": "127.0.0.1",
		};
	}

	const server = createServer((req, res) => {
		const path = strip(req.url ?? "/");
		if (path === undefined) {
			res.writeHead(404, { "content-type": "text/plain" }).end("outside the proxy prefix");
			return;
		}
		const upstream = httpRequest(
			{ host: "127.0.0.1", port: upstreamPort, method: req.method, path, headers: forwardedHeaders(req.headers) },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
		req.pipe(upstream);
	});

	server.on("upgrade", (req, socket: Socket, head: Buffer) => {
		sockets.add(socket);
		socket.on("close", () => sockets.delete(socket));
		const path = strip(req.url ?? "/");
		if (path === undefined) {
			socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
			return;
		}
		upgrades.push(req.url ?? "");
		const upstream = httpRequest({
			host: "127.0.0.1",
			port: upstreamPort,
			method: req.method,
			path,
			headers: forwardedHeaders(req.headers),
		});
		upstream.on("upgrade", (answer, upstreamSocket: Socket, upstreamHead: Buffer) => {
			sockets.add(upstreamSocket);
			upstreamSocket.on("close", () => sockets.delete(upstreamSocket));
			const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
			for (let i = 0; i < answer.rawHeaders.length; i += 2) {
				lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
			}
			socket.write(`${lines.join("\r\n")}\r\n\r\n`);
			if (upstreamHead.length > 0) {
				socket.write(upstreamHead);
			}
			if (head.length > 0) {
				upstreamSocket.write(head);
			}
			upstreamSocket.pipe(socket).pipe(upstreamSocket);
			upstreamSocket.on("error", () => socket.destroy());
			socket.on("error", () => upstreamSocket.destroy());
		});
		upstream.on("response", (answer) => {
			socket.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\nConnection: close\r\n\r\n`);
		});
		upstream.on("error", () => socket.destroy());
		upstream.end();
	});

	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		seen,
		outside,
		upgrades,
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) {
					socket.destroy();
				}
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
