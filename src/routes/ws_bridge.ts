/**
 * @module
 * `/api/ws` (api-contract B.4): one Hermes TUI gateway process (`python -m
 * tui_gateway.entry`, stdio JSON-RPC, one message per line) per socket, taken from a
 * pre-started spare when there is one (pty/gateway_registry.ts); and
 * `/api/pub` → `/api/events` (B.5): verbatim fan-out of a publisher's frames to every
 * subscriber of the same channel. Node only.
 */
import { Hono } from "hono/tiny";
import { upgradeWebSocket } from "@hono/node-server";
import type { WebSocket } from "ws";
import { checkUpgrade } from "../server/ws_guard.ts";
import { CLOSE, clampReason } from "../pty/protocol.ts";
import { CHANNEL_PATTERN } from "../pty/resume.ts";
import { type GatewayProcess, gatewayCommand } from "../pty/gateway_process.ts";
import type { GatewayRegistry } from "../pty/gateway_registry.ts";
import { resolveProfile } from "../hermes/home/profiles.ts";
import type { ChannelHub } from "../pty/channel_hub.ts";
import type { AppContext, AppEnv } from "../context.ts";

export const PARSE_ERROR = JSON.stringify({
	jsonrpc: "2.0",
	error: { code: -32700, message: "parse error" },
	id: null,
});

export function wsBridgeRoutes(app: AppContext, hub: ChannelHub, gateways: GatewayRegistry): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get(
		"/api/ws",
		upgradeWebSocket((c) => {
			const verdict = checkUpgrade(c, app, "bridge");
			const profile = resolveProfile(app.home, c.req.query("profile"));
			return {
				onOpen: (_event, ws) => {
					const socket = ws.raw as WebSocket;
					if (!verdict.ok) {
						socket.close(verdict.code, clampReason(verdict.reason));
						return;
					}
					// `?profile=` picks the home the gateway serves; a bad name closes like the console's (4400).
					if (!profile.ok) {
						socket.close(CLOSE.badRequest, clampReason(profile.failure.message));
						return;
					}
					const home = profile.profile.home;
					let gateway: GatewayProcess;
					try {
						gateway = gateways.start(gatewayCommand(app), app, home);
					} catch (error) {
						socket.close(
							CLOSE.internalError,
							clampReason(`gateway failed to start: ${(error as Error).message}`),
						);
						return;
					}
					// The client sees the gateway's own ready event (its skin, branding, colours)
					// first, then everything else in the order the gateway printed it; our own
					// replies (parse errors) wait behind it too.
					let held: string[] | null = [];
					const deliver = (text: string): void => {
						if (held !== null) {
							held.push(text);
						} else if (socket.readyState === 1) {
							socket.send(text);
						}
					};
					const readyTimer = setTimeout(() => {
						socket.close(
							CLOSE.internalError,
							clampReason(`gateway not ready after ${gateways.readyTimeoutMs / 1000} s`),
						);
					}, gateways.readyTimeoutMs);
					gateway.onReady((line) => {
						clearTimeout(readyTimer);
						if (socket.readyState !== 1) {
							return;
						}
						socket.send(line);
						for (const text of held ?? []) {
							socket.send(text);
						}
						held = null;
						gateway.onLine(deliver);
					});
					gateway.onExit((detail) => {
						clearTimeout(readyTimer);
						if (socket.readyState <= 1) {
							socket.close(
								detail === null ? CLOSE.normal : CLOSE.internalError,
								clampReason(detail ?? "gateway exited"),
							);
						}
					});
					socket.on("message", (data: Buffer) => {
						for (const piece of data.toString("utf8").split("\n")) {
							const line = piece.trim();
							if (line === "") {
								continue;
							}
							try {
								JSON.parse(line);
							} catch {
								deliver(PARSE_ERROR);
								continue;
							}
							gateway.send(line);
						}
					});
					socket.on("close", () => {
						clearTimeout(readyTimer);
						void gateways.close(gateway);
					});
				},
			};
		}),
	);

	for (const path of ["/api/pub", "/api/events"] as const) {
		routes.get(
			path,
			upgradeWebSocket((c) => {
				const verdict = checkUpgrade(c, app, "bridge");
				const channel = c.req.query("channel");
				return {
					onOpen: (_event, ws) => {
						const socket = ws.raw as WebSocket;
						if (!verdict.ok) {
							socket.close(verdict.code, clampReason(verdict.reason));
							return;
						}
						if (channel === undefined || !CHANNEL_PATTERN.test(channel)) {
							socket.close(CLOSE.badRequest, "invalid channel");
							return;
						}
						if (path === "/api/events") {
							hub.subscribe(channel, socket);
						} else {
							socket.on("message", (data: Buffer, isBinary: boolean) => {
								if (!isBinary) {
									hub.publish(channel, data.toString("utf8"));
								}
							});
						}
					},
				};
			}),
		);
	}

	return routes;
}
