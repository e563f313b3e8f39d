/**
 * @module
 * What `/api/pty` spawns (api-contract B.3): the TUI command, its cwd and env for a
 * given Hermes home, `resume` and `channel`; and binding a socket to a new or
 * re-attached terminal. Every problem becomes a red banner and a 1011, never a throw.
 */
import { statSync } from "node:fs";
import type { WebSocket } from "ws";
import { CLOSE, clampReason, errorBanner } from "./protocol.ts";
import { loadNodePty, type PtyModule } from "./node_pty.ts";
import { childEnv, missingProgramHelp, resolveProgram, tuiCommand } from "./command.ts";
import { activeSessionFile, CHANNEL_PATTERN, forgetActiveSession, newestLeaf, readActiveSession } from "./resume.ts";
import { CapacityError, type PtyRegistry } from "./registry.ts";
import { PtySession, type SpawnSpec } from "./session.ts";
import type { AppContext } from "../context.ts";

export type LaunchPlan =
	| { ok: true; ptyModule: PtyModule; spec: SpawnSpec }
	| { ok: false; kind: "unavailable" | "failed"; detail: string };

export interface LaunchRequest {
	/** The Hermes home the TUI runs against (the profile's, when one was asked for). */
	home: string;
	/** The named profile asked for (`?profile=`), if any. */
	profile?: string;
	resume?: string;
	channel?: string;
	/** Forget the channel's recorded session instead of resuming it. */
	fresh: boolean;
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

/** Works out the command, cwd and env. */
export async function planLaunch(app: AppContext, request: LaunchRequest): Promise<LaunchPlan> {
	let ptyModule: PtyModule;
	try {
		ptyModule = await loadNodePty();
	} catch (error) {
		return { ok: false, kind: "unavailable", detail: (error as Error).message };
	}
	try {
		return { ok: true, ptyModule, spec: spawnSpec(app, request) };
	} catch (error) {
		// A missing command is a LaunchError; anything else (EMFILE reading state.db…) fails.
		return error instanceof LaunchError
			? { ok: false, kind: "unavailable", detail: error.message }
			: { ok: false, kind: "failed", detail: (error as Error).message };
	}
}

class LaunchError extends Error {}

function spawnSpec(app: AppContext, request: LaunchRequest): SpawnSpec {
	const { home } = request;
	const { argv, source } = tuiCommand(app);
	const [program, ...args] = argv;
	if (program === undefined) {
		throw new LaunchError(`the terminal command from ${source} is empty.`);
	}
	// Where the desktop app asked terminals to start, else the user's home folder.
	const cwd =
		[app.env.TERMINAL_CWD, app.env.HOME].find((dir) => dir !== undefined && dir !== "" && isDirectory(dir)) ?? home;
	const file = resolveProgram(program, app.env.PATH, cwd);
	if (file === null) {
		throw new LaunchError(missingProgramHelp(program, source));
	}
	let resume = request.resume !== undefined && request.resume !== "" ? newestLeaf(home, request.resume) : undefined;
	let channel: string | undefined;
	let activeFile: string | undefined;
	if (request.channel !== undefined && CHANNEL_PATTERN.test(request.channel)) {
		channel = request.channel;
		activeFile = activeSessionFile(home, channel);
		if (request.fresh) {
			forgetActiveSession(activeFile);
		} else if (resume === undefined) {
			resume = readActiveSession(activeFile);
		}
	}
	const env = childEnv(app, { home, profile: request.profile, resume, channel, activeSessionFile: activeFile });
	return { file, args, env, cwd };
}

/** The red banner, then 1011: the dashboard is fine, this terminal is not. */
export function refuse(socket: WebSocket, kind: "unavailable" | "failed", detail: string): void {
	socket.send(errorBanner(kind, detail));
	socket.close(CLOSE.internalError, clampReason(kind === "unavailable" ? "pty unavailable" : "pty spawn failed"));
}

/**
 * Binds an open socket to the live session under `key`, else spawns `plan` (`null`
 * when the session was alive at upgrade time: no plan was made). No `key` = a
 * one-socket terminal. A spawn that throws (EMFILE…) or a full registry refuses.
 * `controlChannel`: the socket asked for the control channel (protocol.ts).
 */
export function openTerminal(
	socket: WebSocket,
	registry: PtyRegistry,
	key: string | undefined,
	plan: LaunchPlan | null,
	controlChannel: boolean,
): void {
	const live = key === undefined ? undefined : registry.get(key);
	if (live !== undefined) {
		live.attach(socket, controlChannel);
		return;
	}
	const result: LaunchPlan = plan ?? {
		ok: false,
		kind: "failed",
		detail: "the session ended while reconnecting; retry.",
	};
	if (!result.ok) {
		refuse(socket, result.kind, result.detail);
		return;
	}
	try {
		registry.makeRoom();
		if (key === undefined) {
			registry.addLegacy(new PtySession(result.ptyModule, result.spec)).attach(socket, controlChannel);
		} else {
			registry.add(key, new PtySession(result.ptyModule, result.spec)).attach(socket, controlChannel);
		}
	} catch (error) {
		refuse(socket, error instanceof CapacityError ? "unavailable" : "failed", (error as Error).message);
	}
}
