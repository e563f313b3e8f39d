/**
 * @module
 * Loads `node-pty` on first use (a native addon: keep it off the cold-start path). A
 * failed load is remembered with an explanation for the terminal banner.
 */
import type * as NodePty from "node-pty";

export type PtyModule = typeof NodePty;

let loading: Promise<PtyModule> | null = null;

export const NODE_PTY_HELP =
	"the node-pty module could not be loaded (it needs a C++ toolchain at install: " +
	"apt install python3 make g++, then `npm rebuild node-pty`).";

/** The node-pty module, or a rejection whose message says what is missing. */
export function loadNodePty(): Promise<PtyModule> {
	loading ??= import("node-pty").then(
		(module) => ((module as { default?: PtyModule }).default ?? module) as PtyModule,
		(error: unknown) => {
			throw new Error(`${NODE_PTY_HELP} (${(error as Error).message})`);
		},
	);
	return loading;
}
