/**
 * @module
 * The `/readyz` PTY self-check: node-pty loads and `/bin/sh -c true` spawns behind a
 * PTY and exits 0. Cached briefly so probes cannot become a fork bomb.
 */
import type { PtySession } from "./session.ts";
import type { ReadinessCheck } from "../context.ts";

const CACHE_MS = 10_000;
const TIMEOUT_MS = 3_000;

async function probe(shell: string): Promise<{ ok: boolean; detail?: string }> {
	// Imported here, not at start-up: only /readyz and terminals need them.
	const [{ loadNodePty }, { PtySession }] = await Promise.all([import("./node_pty.ts"), import("./session.ts")]);
	let ptyModule: Awaited<ReturnType<typeof loadNodePty>>;
	try {
		ptyModule = await loadNodePty();
	} catch (error) {
		return { ok: false, detail: (error as Error).message };
	}
	let session: PtySession;
	try {
		session = new PtySession(ptyModule, {
			file: shell,
			args: ["-c", "true"],
			env: { PATH: "/usr/bin:/bin" },
			cwd: "/",
		});
	} catch (error) {
		return { ok: false, detail: `cannot spawn a PTY: ${(error as Error).message}` };
	}
	const code = await new Promise<number | null>((resolve) => {
		const timer = setTimeout(() => resolve(null), TIMEOUT_MS);
		session.onExit((exitCode) => {
			clearTimeout(timer);
			resolve(exitCode);
		});
	});
	await session.close();
	if (code === null) {
		return { ok: false, detail: "a PTY child did not exit within 3 s" };
	}
	return code === 0 ? { ok: true } : { ok: false, detail: `a PTY child exited with ${code}` };
}

/** `shell` is replaceable so tests can prove the check fails when the spawn fails. */
export function ptyReadinessCheck(shell: string = "/bin/sh"): ReadinessCheck {
	let cached: { at: number; result: Promise<{ ok: boolean; detail?: string }> } | null = null;
	return {
		name: "pty",
		check: () => {
			const now = Date.now();
			if (cached === null || now - cached.at > CACHE_MS) {
				cached = { at: now, result: probe(shell) };
			}
			return cached.result;
		},
	};
}
