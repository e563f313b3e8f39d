/**
 * @module
 * `/api/pty` (api-contract B.3): the Hermes TUI behind a real PTY, bridged to a
 * WebSocket. Node only (mounted by `src/server/websocket.ts`). Failures that leave the
 * dashboard fine but the terminal unusable are shown as a red banner, then 1011.
 */
import { Hono } from "hono/tiny";
import { statSync } from "node:fs";
import { upgradeWebSocket } from "@hono/node-server";
import type { WebSocket } from "ws";
import { checkUpgrade } from "../server/ws_guard.ts";
import { CLOSE, clampReason, errorBanner } from "../pty/protocol.ts";
import { loadNodePty, type PtyModule } from "../pty/node_pty.ts";
import { childEnv, missingProgramHelp, resolveProgram, tuiCommand } from "../pty/command.ts";
import {
	activeSessionFile,
	CHANNEL_PATTERN,
	forgetActiveSession,
	newestLeaf,
	readActiveSession,
} from "../pty/resume.ts";
import { CapacityError, type PtyRegistry } from "../pty/registry.ts";
import { PtySession, type SpawnSpec } from "../pty/session.ts";
import { resolveProfile } from "../hermes/home/profiles.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { isTruthy } from "../http/truthy.ts";

const ATTACH_KEY = /^[A-Za-z0-9_-]{1,128}$/;

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

type Plan =
	| { ok: true; ptyModule: PtyModule; spec: SpawnSpec }
	| { ok: false; kind: "unavailable" | "failed"; detail: string };

interface PtyQuery {
	resume?: string;
	profile?: string;
	channel?: string;
	fresh: boolean;
}

/** Works out the command, cwd and env; every problem becomes a banner, never a throw. */
async function plan(app: AppContext, query: PtyQuery): Promise<Plan> {
	let ptyModule: PtyModule;
	try {
		ptyModule = await loadNodePty();
	} catch (error) {
		return { ok: false, kind: "unavailable", detail: (error as Error).message };
	}
	const profile = resolveProfile(app.home, query.profile);
	if (!profile.ok) {
		return { ok: false, kind: "unavailable", detail: profile.failure.message };
	}
	const home = profile.profile.home;
	const { argv, source } = tuiCommand(app);
	const [program, ...args] = argv;
	if (program === undefined) {
		return { ok: false, kind: "unavailable", detail: `the terminal command from ${source} is empty.` };
	}
	// Where the desktop app asked terminals to start, else the user's home folder.
	const cwd =
		[app.env.TERMINAL_CWD, app.env.HOME].find((dir) => dir !== undefined && dir !== "" && isDirectory(dir)) ?? home;
	const file = resolveProgram(program, app.env.PATH, cwd);
	if (file === null) {
		return { ok: false, kind: "unavailable", detail: missingProgramHelp(program, source) };
	}
	let resume = query.resume !== undefined && query.resume !== "" ? newestLeaf(home, query.resume) : undefined;
	let channel: string | undefined;
	let activeFile: string | undefined;
	if (query.channel !== undefined && CHANNEL_PATTERN.test(query.channel)) {
		channel = query.channel;
		activeFile = activeSessionFile(home, channel);
		if (query.fresh) {
			forgetActiveSession(activeFile);
		} else if (resume === undefined) {
			resume = readActiveSession(activeFile);
		}
	}
	const env = childEnv(app, { home, resume, channel, activeSessionFile: activeFile });
	return { ok: true, ptyModule, spec: { file, args, env, cwd } };
}

function fail(socket: WebSocket, kind: "unavailable" | "failed", detail: string): void {
	socket.send(errorBanner(kind, detail));
	socket.close(CLOSE.internalError, clampReason(kind === "unavailable" ? "pty unavailable" : "pty spawn failed"));
}

function spawn(result: Extract<Plan, { ok: true }>): PtySession {
	return new PtySession(result.ptyModule, result.spec);
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
				onOpen: (_event, ws) => {
					const socket = ws.raw as WebSocket;
					const live = key === undefined ? undefined : registry.get(key);
					if (live !== undefined) {
						live.attach(socket);
						return;
					}
					const result =
						prepared ??
						({ ok: false, kind: "failed", detail: "the session ended while reconnecting; retry." } as Plan);
					if (!result.ok) {
						fail(socket, result.kind, result.detail);
						return;
					}
					try {
						if (key === undefined) {
							registry.addLegacy(spawn(result)).attach(socket);
						} else {
							registry.makeRoom();
							registry.add(key, spawn(result)).attach(socket);
						}
					} catch (error) {
						const capacity = error instanceof CapacityError;
						fail(socket, capacity ? "unavailable" : "failed", (error as Error).message);
					}
				},
			};
		}),
	);

	return routes;
}
