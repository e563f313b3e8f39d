/**
 * The state.db worker (search, usage report) is shut once idle, so its heap does not
 * stay resident, and the next call starts a fresh one that answers the same.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runOffThread, WORKER_IDLE_MS, workerThreadId } from "../../src/hermes/sessions/worker.ts";
import { FIXTURE_HOME } from "../helpers/app.ts";

const STATE_DB = join(FIXTURE_HOME, "state.db");

afterEach(() => {
	vi.useRealTimers();
});

describe("state.db worker lifetime", () => {
	it("shuts the worker after the idle period and serves a later search from a new one", async () => {
		vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
		const first = await runOffThread("search", STATE_DB, "周报", 20);
		expect(first.length).toBeGreaterThan(0);
		const firstThread = workerThreadId();
		expect(firstThread).not.toBeNull();

		vi.advanceTimersByTime(WORKER_IDLE_MS - 1);
		expect(workerThreadId()).toBe(firstThread);
		vi.advanceTimersByTime(1);
		expect(workerThreadId()).toBeNull();

		const again = await runOffThread("search", STATE_DB, "周报", 20);
		expect(again).toEqual(first);
		const secondThread = workerThreadId();
		expect(secondThread).not.toBeNull();
		expect(secondThread).not.toBe(firstThread);
	});
});
