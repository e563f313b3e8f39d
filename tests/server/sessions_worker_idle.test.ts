/**
 * The state.db worker (search, usage report) collects its garbage right after a burst of
 * work and is shut once idle, so its heap does not stay resident; the next call starts a
 * fresh one that answers the same.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import {
	runOffThread,
	WORKER_IDLE_MS,
	workerHeapStatistics,
	workerThreadId,
} from "../../src/hermes/sessions/worker.ts";
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

	it("collects its garbage on its own thread right after a burst, without being asked", async () => {
		await runOffThread("search", STATE_DB, "周报", 20);
		// Past any collection that start-up itself may trigger.
		await sleep(300);
		const burst = ["周报", "hello", "deploy", "the", "a"].flatMap((term) =>
			Array.from({ length: 8 }, () => runOffThread("search", STATE_DB, term, 100)),
		);
		expect((await Promise.all(burst)).every(Array.isArray)).toBe(true);
		const busy = await workerHeapStatistics()!;
		// Nothing else allocates in the worker from here: only its own collection can shrink it.
		await sleep(500);
		const quiet = await workerHeapStatistics()!;
		expect(quiet.used_heap_size).toBeLessThan(busy.used_heap_size - 256 * 1024);
	});
});
