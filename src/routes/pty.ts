/**
 * @module
 * `/api/pty` (api-contract B.3): the Hermes TUI behind a real PTY, bridged to a
 * WebSocket. Node only (mounted by `src/server/websocket.ts`). The route checks the
 * upgrade and the query; what to spawn and how a socket binds to it is `pty/launch.ts`.
 */
import { Hono } from "hono/tiny";
import { upgradeWebSocket } from "@hono/node-server";
import type { WebSocket } from "ws";
import { checkUpgrade } from "../server/ws_guard.ts";
import { CONTROL_PARAM, clampReason } from "../pty/protocol.ts";
import { type LaunchPlan, openTerminal, planLaunch } from "../pty/launch.ts";
import type { PtyRegistry } from "../pty/registry.ts";
import { resolveProfile } from "../hermes/home/profiles.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { isTruthy } from "../http/truthy.ts";

const ATTACH_KEY = /^[A-Za-z0-9_-]{1,128}$/;

interface PtyQuery {
	resume?: string;
	profile?: string;
	channel?: string;
	fresh: boolean;
}

/** Resolves `?profile=` to a Hermes home (Hermes's texts on the banner), then plans the launch there. */
async function plan(app: AppContext, query: PtyQuery): Promise<LaunchPlan> {
	const profile = resolveProfile(app.home, query.profile);
	if (!profile.ok) {
		return { ok: false, kind: "unavailable", detail: profile.failure.message };
	}
	return planLaunch(app, {
		home: profile.profile.home,
		profile: profile.profile.name ?? undefined,
		resume: query.resume,
		channel: query.channel,
		fresh: query.fresh,
	});
}

export function ptyRoutes(app: AppContext, registry: PtyRegistry): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get(
		"/api/pty",
		upgradeWebSocket(async (c) => {
			const verdict = checkUpgrade(c, app, "pty");
			if (!verdict.ok) {
				return { onOpen: (_event, ws) => ws.close(verdict.code, clampReason(verdict.reason)) };
			}
			const attach = c.req.query("attach");
			const key = attach !== undefined && ATTACH_KEY.test(attach) ? attach : undefined;
			const controlChannel = isTruthy(c.req.query(CONTROL_PARAM));
			const existing = key === undefined ? undefined : registry.get(key);
			// Re-attaching ignores the spawn parameters: the session already runs.
			const prepared =
				existing !== undefined
					? null
					: await plan(app, {
							resume: c.req.query("resume"),
							profile: c.req.query("profile"),
							channel: c.req.query("channel"),
							fresh: isTruthy(c.req.query("fresh")),
						});
			return {
				onOpen: (_event, ws) => openTerminal(ws.raw as WebSocket, registry, key, prepared, controlChannel),
			};
		}),
	);

	return routes;
}
