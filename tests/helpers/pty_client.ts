/**
 * Helpers for the WebSocket suites: an in-process Node server with the WebSocket
 * layer (registry limits adjustable), and a small client that collects output and
 * waits for text or the close code.
 */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { WebSocket } from "ws";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/app.ts";
import { createWebSocketLayer, type LayerOptions, type WebSocketLayer } from "../../src/server/websocket.ts";
import type { AppContext } from "../../src/context.ts";
import { makeContext } from "./app.ts";

export const FAKE_TUI = fileURLToPath(new URL("../fixtures/fake_tui.mjs", import.meta.url));
export const FAKE_GATEWAY = fileURLToPath(new URL("../fixtures/fake_gateway.mjs", import.meta.url));

/** Env for a context whose TUI is the fake one (and whose gateway is the fake one). */
export function fakeEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		HERMES_DASHBOARD_TUI_COMMAND: `${process.execPath} ${FAKE_TUI}`,
		HERMES_DASHBOARD_GATEWAY_COMMAND: `${process.execPath} ${FAKE_GATEWAY}`,
		...extra,
	};
}

export interface InProcessServer {
	context: AppContext;
	layer: WebSocketLayer;
	port: number;
	wsURL: (path: string, query?: Record<string, string>) => string;
	stop: () => Promise<void>;
}

export async function startInProcess(
	overrides: Partial<AppContext> = {},
	registry: LayerOptions = {},
	pingEveryMs?: number,
): Promise<InProcessServer> {
	const context = makeContext({ env: fakeEnv(), ...overrides });
	context.terminalAvailable = true;
	const app = createApp(context);
	const layer = createWebSocketLayer(context, app.fetch, registry, pingEveryMs);
	const server = serve({ fetch: layer.fetch, port: 0, hostname: "127.0.0.1", websocket: layer.websocket }) as Server;
	await new Promise<void>((resolve) => server.once("listening", resolve));
	const port = (server.address() as AddressInfo).port;
	context.port = port;
	return {
		context,
		layer,
		port,
		wsURL: (path, query = {}) => {
			const params = new URLSearchParams(query);
			const text = params.toString();
			return `ws://127.0.0.1:${port}${path}${text ? `?${text}` : ""}`;
		},
		stop: async () => {
			await layer.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface Client {
	ws: WebSocket;
	text: () => string;
	frames: Array<{ binary: boolean; data: Buffer }>;
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
	waitFor: (pattern: RegExp | string, timeoutMs?: number) => Promise<string>;
	type: (text: string) => void;
}

export function connect(url: string, headers: Record<string, string> = {}): Client {
	const ws = new WebSocket(url, { headers });
	let output = "";
	const frames: Array<{ binary: boolean; data: Buffer }> = [];
	const waiters: Array<() => void> = [];
	ws.on("message", (data: Buffer, binary: boolean) => {
		frames.push({ binary, data });
		output += data.toString("utf8");
		for (const waiter of waiters.splice(0)) {
			waiter();
		}
	});
	const opened = new Promise<void>((resolve, reject) => {
		ws.once("open", () => resolve());
		ws.once("error", reject);
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		ws.once("close", (code, reason) => {
			resolve({ code, reason: reason.toString() });
			for (const waiter of waiters.splice(0)) {
				waiter();
			}
		});
	});
	closed.catch(() => {});
	opened.catch(() => {});
	const waitFor = (pattern: RegExp | string, timeoutMs = 10_000): Promise<string> =>
		new Promise((resolve, reject) => {
			const test = (): boolean => (typeof pattern === "string" ? output.includes(pattern) : pattern.test(output));
			const timer = setTimeout(
				() => reject(new Error(`timed out waiting for ${pattern}; got: ${JSON.stringify(output.slice(-500))}`)),
				timeoutMs,
			);
			const check = (): void => {
				if (test()) {
					clearTimeout(timer);
					resolve(output);
				} else if (ws.readyState === WebSocket.CLOSED) {
					clearTimeout(timer);
					reject(
						new Error(
							`socket closed while waiting for ${pattern}; got: ${JSON.stringify(output.slice(-500))}`,
						),
					);
				} else {
					waiters.push(check);
				}
			};
			check();
		});
	return {
		ws,
		text: () => output,
		frames,
		opened,
		closed,
		waitFor,
		type: (text) => ws.send(text),
	};
}

/** Polls `check` until it holds; throws after `timeoutMs`. For states no event announces. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${check.toString()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Resolves on the pong to a fresh ping: every frame the server sent before it has arrived. */
export function roundTrip(client: Client): Promise<void> {
	return new Promise((resolve) => {
		client.ws.once("pong", () => resolve());
		client.ws.ping();
	});
}
