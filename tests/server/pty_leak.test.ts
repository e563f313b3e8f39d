import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { startServer, type RunningServer } from "../helpers/server.ts";
import { copyFixtureHome, TEST_TOKEN } from "../helpers/app.ts";
import { connect } from "../helpers/pty_client.ts";

interface ProcInfo {
	pid: number;
	state: string;
	ppid: number;
	pgrp: number;
}

function processes(): ProcInfo[] {
	const list: ProcInfo[] = [];
	for (const entry of readdirSync("/proc")) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
			const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
			list.push({ pid: Number(entry), state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]) });
		} catch {
			// Gone while we looked.
		}
	}
	return list;
}

const fdCount = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (check()) {
			return true;
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return check();
}

type Ending = "close" | "drop" | "exit" | "exit-attached";

describe("PTY leak test", () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({
			args: ["--home", copyFixtureHome()],
			env: {
				HERMES_DASHBOARD_SESSION_TOKEN: TEST_TOKEN,
				// Every session leaves a grandchild in its process group that ignores SIGHUP (so
				// the kernel's hangup on the leader's exit does not kill it): the hard case.
				HERMES_DASHBOARD_TUI_COMMAND: `/bin/sh -c "trap '' HUP; sleep 600 & echo READY \\$\\$; exec cat"`,
			},
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	async function cycle(index: number, ending: Ending, groups: Set<number>): Promise<void> {
		const query: Record<string, string> = { token: TEST_TOKEN };
		if (ending === "exit-attached") {
			query.attach = `leak-${index}`;
		}
		const client = connect(`ws://127.0.0.1:${server.port}/api/pty?${new URLSearchParams(query)}`);
		const text = await client.waitFor(/READY \d+/);
		groups.add(Number(/READY (\d+)/.exec(text)![1]));
		if (ending === "close") {
			client.ws.close();
		} else if (ending === "drop") {
			client.ws.terminate();
		} else {
			client.type("\x04"); // EOF: cat exits, the child is gone.
		}
		const closed = await client.closed;
		if (ending === "exit") {
			expect(closed.code).toBe(1000);
		} else if (ending === "exit-attached") {
			expect(closed.code).toBe(4410);
		}
	}

	it("300 open/close cycles leave no child, zombie, grandchild or extra fd", async () => {
		const pid = server.child.pid!;
		const groups = new Set<number>();
		// Warm up: the first connection loads ws and node-pty.
		await cycle(-1, "close", groups);
		await until(() => processes().every((p) => p.ppid !== pid), 5000);
		const baseline = fdCount(pid);
		const endings: Ending[] = ["close", "drop", "exit", "exit-attached"];
		const parallel = 6;
		for (let start = 0; start < 300; start += parallel) {
			await Promise.all(
				Array.from({ length: parallel }, (_, k) =>
					cycle(start + k, endings[(start + k) % endings.length]!, groups),
				),
			);
		}
		expect(groups.size).toBe(301);
		const clean = await until(() => {
			const all = processes();
			return all.every((p) => p.ppid !== pid) && all.every((p) => !groups.has(p.pgrp) || p.state === "Z");
		}, 10_000);
		const all = processes();
		expect(all.filter((p) => p.ppid === pid)).toEqual([]);
		// Orphaned grandchildren belong to init once dead; none may still be running.
		expect(all.filter((p) => groups.has(p.pgrp) && p.state !== "Z")).toEqual([]);
		expect(clean).toBe(true);
		expect(await until(() => fdCount(pid) <= baseline, 5000)).toBe(true);
		expect(fdCount(pid)).toBeLessThanOrEqual(baseline);
	}, 240_000);

	it("server shutdown (SIGTERM) kills detached keep-alive sessions too", async () => {
		const client = connect(`ws://127.0.0.1:${server.port}/api/pty?token=${TEST_TOKEN}&attach=shutdown-key`);
		const pgid = Number(/READY (\d+)/.exec(await client.waitFor(/READY \d+/))![1]);
		client.ws.close();
		await client.closed;
		await new Promise((resolve) => setTimeout(resolve, 200));
		const alive = (): boolean => processes().some((p) => p.pgrp === pgid && p.state !== "Z");
		expect(alive()).toBe(true);
		await server.stop();
		expect(await until(() => !alive(), 5000)).toBe(true);
	});
});
