/**
 * @module
 * `POST /api/profiles/{name}/open-terminal` (api-contract-clients §2.5): opens a terminal
 * window on the server machine running the profile's setup command. Fire-and-forget; a
 * spawn failure fails this one request with a clear message, never the server.
 */
import { spawn } from "node:child_process";
import { onPath } from "./wrapper.ts";

const EMULATORS = [
	"x-terminal-emulator",
	"gnome-terminal",
	"konsole",
	"xfce4-terminal",
	"mate-terminal",
	"lxterminal",
	"tilix",
	"alacritty",
	"kitty",
	"xterm",
];

export type TerminalResult = { ok: true } | { ok: false; status: 400 | 500; message: string };

/** The emulator's argument list for running `sh -lc <command>`. */
function argsFor(emulator: string, command: string): string[] {
	const name = emulator.slice(emulator.lastIndexOf("/") + 1);
	if (name === "gnome-terminal" || name === "tilix") return ["--", "sh", "-lc", command];
	return ["-e", "sh", "-lc", command];
}

export function openTerminal(command: string, env: Record<string, string | undefined>): TerminalResult {
	const emulator = EMULATORS.map((name) => onPath(name, env.PATH)).find((path) => path !== null);
	if (emulator === undefined || emulator === null) {
		return { ok: false, status: 400, message: "No supported terminal emulator found" };
	}
	try {
		const child = spawn(emulator, argsFor(emulator, command), {
			detached: true,
			stdio: "ignore",
			env: env as NodeJS.ProcessEnv,
		});
		// A failure after spawning (exec error) is logged; the window is the user's business.
		child.on("error", (error) => console.error(`[hermes-dashboard] open-terminal: ${error.message}`));
		child.unref();
		return { ok: true };
	} catch (error) {
		return {
			ok: false,
			status: 500,
			message: `Could not open a terminal: ${String((error as Error)?.message ?? error)}`,
		};
	}
}
