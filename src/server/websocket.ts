/**
 * @module
 * The Node WebSocket layer: `/api/pty`, `/api/ws`, `/api/pub`, `/api/events`.
 * Upgrade requests for these paths go to a small Hono app of their own, ahead of the
 * HTTP security layers: they run the WebSocket checks themselves (B.1) and must accept
 * before closing with a 44xx code, where the HTTP layers would answer 400/401/403 and
 * browsers would only see 1006. The routes and the `ws` package (~40 ms to load) are
 * imported on the first upgrade, keeping them off the cold start.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Hono } from "hono/tiny";
import type { WebSocket, WebSocketServer } from "ws";
import { PtyRegistry, type RegistryOptions } from "../pty/registry.ts";
import { ChannelHub } from "../pty/channel_hub.ts";
import { type GatewayOptions, GatewayRegistry } from "../pty/gateway_registry.ts";
import type { AppContext, AppEnv } from "../context.ts";

export const WEBSOCKET_PATHS: ReadonlySet<string> = new Set(["/api/pty", "/api/ws", "/api/pub", "/api/events"]);

/** Client frames above this are refused by `ws` (a paste of 16 MiB is plenty). */
const MAX_PAYLOAD = 16 * 1024 * 1024;
/**
 * Pings keep idle sockets open through proxies (nginx drops them after 60 s by default)
 * and find dead peers: no pong by the next round → terminated, so its PTY detaches.
 */
const PING_EVERY_MS = 20_000;

/** Runs `load` once; a failure (EMFILE while importing, say) is retried on the next call. */
function retryingOnce<T>(load: () => Promise<T>): () => Promise<T> {
	let loading: Promise<T> | null = null;
	return () => {
		loading ??= load().catch((error: unknown) => {
			loading = null;
			throw error;
		});
		return loading;
	};
}

/**
 * Stands in for `ws`'s WebSocketServer in `serve({ websocket: { server } })` and loads
 * the real one on demand. node-server uses only `options.noServer`, `on`/`off`/`emit`,
 * `handleUpgrade` and `close`.
 */
export class LazyWebSocketServer extends EventEmitter {
	readonly options = { noServer: true };
	#real: WebSocketServer | null = null;
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	readonly #awaitingPong = new WeakSet<WebSocket>();
	readonly #pingEveryMs: number;

	constructor(pingEveryMs: number = PING_EVERY_MS) {
		super();
		this.#pingEveryMs = pingEveryMs;
	}

	/** Loads `ws` on the first upgrade (retried on the next if the import failed). */
	readonly load: () => Promise<void> = retryingOnce(() =>
		import("ws").then(({ WebSocketServer }) => {
			const real = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
			real.on("headers", (headers: string[], request: IncomingMessage) => this.emit("headers", headers, request));
			// node-server emits "connection" on this stand-in, not on the real server.
			this.on("connection", (socket: WebSocket) => {
				socket.on("pong", () => this.#awaitingPong.delete(socket));
			});
			this.#heartbeat = setInterval(() => this.#ping(real), this.#pingEveryMs);
			this.#heartbeat.unref();
			this.#real = real;
		}),
	);

	handleUpgrade(
		request: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		callback: (ws: WebSocket, request: IncomingMessage) => void,
	): void {
		if (this.#real === null) {
			socket.destroy();
			return;
		}
		this.#real.handleUpgrade(request, socket, head, callback);
	}

	#ping(real: WebSocketServer): void {
		for (const socket of real.clients) {
			if (this.#awaitingPong.has(socket)) {
				socket.terminate();
				continue;
			}
			this.#awaitingPong.add(socket);
			socket.ping();
		}
	}

	/** Stops accepting and drops every open socket (ws leaves them open otherwise). */
	close(): void {
		if (this.#heartbeat !== null) {
			clearInterval(this.#heartbeat);
		}
		for (const client of this.#real?.clients ?? []) {
			client.terminate();
		}
		this.#real?.close();
	}
}

export interface WebSocketLayer {
	/** Wraps the HTTP app's fetch: WebSocket upgrades on our paths go to the WS app. */
	fetch: (request: Request, env: unknown) => Response | Promise<Response>;
	/** For `serve({ websocket })`. */
	websocket: { server: WebSocketServer };
	registry: PtyRegistry;
	gateways: GatewayRegistry;
	hub: ChannelHub;
	/** Closes every PTY and gateway child (server shutdown). */
	close: () => Promise<void>;
}

export function isWebSocketUpgrade(request: Request): boolean {
	return request.headers.get("upgrade")?.toLowerCase() === "websocket";
}

/** PTY limits, and the `/api/ws` gateways' (cap, pre-started spares, ready timeout). */
export interface LayerOptions extends RegistryOptions, GatewayOptions {}

export function createWebSocketLayer(
	app: AppContext,
	httpFetch: (request: Request, env: unknown) => Response | Promise<Response>,
	registryOptions: LayerOptions = {},
	pingEveryMs: number = PING_EVERY_MS,
): WebSocketLayer {
	const registry = new PtyRegistry({ clock: app.clock, ...registryOptions });
	const hub = new ChannelHub();
	const gateways = new GatewayRegistry(registryOptions);
	const lazy = new LazyWebSocketServer(pingEveryMs);
	const loadRoutes = retryingOnce(async (): Promise<Hono<AppEnv>> => {
		const [{ ptyRoutes }, { wsBridgeRoutes }] = await Promise.all([
			import("../routes/pty.ts"),
			import("../routes/ws_bridge.ts"),
		]);
		return new Hono<AppEnv>().route("/", ptyRoutes(app, registry)).route("/", wsBridgeRoutes(app, hub, gateways));
	});

	return {
		fetch: async (request, env) => {
			if (isWebSocketUpgrade(request) && WEBSOCKET_PATHS.has(new URL(request.url).pathname)) {
				let routes: Hono<AppEnv>;
				try {
					[routes] = await Promise.all([loadRoutes(), lazy.load()]);
				} catch (error) {
					// Out of fds, say: this upgrade is refused, the next one loads them again.
					const detail = `the WebSocket layer could not load (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); retry.`;
					return Response.json({ detail }, { status: 503 });
				}
				return routes.fetch(request, env);
			}
			return httpFetch(request, env);
		},
		websocket: { server: lazy as unknown as WebSocketServer },
		registry,
		gateways,
		hub,
		close: async () => {
			await Promise.all([registry.closeAll(), gateways.closeAll()]);
			lazy.close();
		},
	};
}
