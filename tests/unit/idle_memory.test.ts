/**
 * The Node server gives memory back once quiet: one memory-reducing collection a few
 * seconds after the last request, re-armed by every request, never repeated while idle.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryReducingCollector, releaseMemoryWhenIdle } from "../../src/hermes/home/idle_memory.ts";

afterEach(() => {
	vi.useRealTimers();
});

describe("releaseMemoryWhenIdle", () => {
	it("collects once after the quiet period, and again only after new activity", () => {
		vi.useFakeTimers();
		const collect = vi.fn();
		const noteActivity = releaseMemoryWhenIdle(5_000, collect);

		noteActivity();
		vi.advanceTimersByTime(4_000);
		noteActivity();
		vi.advanceTimersByTime(4_999);
		expect(collect).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(collect).toHaveBeenCalledTimes(1);
		expect(collect).toHaveBeenCalledWith({ type: "major", execution: "sync", flavor: "last-resort" });

		vi.advanceTimersByTime(60_000);
		expect(collect).toHaveBeenCalledTimes(1);

		noteActivity();
		vi.advanceTimersByTime(5_000);
		expect(collect).toHaveBeenCalledTimes(2);
	});

	it("gets V8's collector on Node without putting gc on the app's globals", () => {
		const collect = memoryReducingCollector();
		expect(typeof collect).toBe("function");
		expect("gc" in globalThis).toBe(false);
		const before = process.memoryUsage().heapUsed;
		let garbage: unknown[] | null = Array.from({ length: 200_000 }, (_, index) => ({ index }));
		expect(process.memoryUsage().heapUsed).toBeGreaterThan(before);
		garbage = null;
		collect!({ type: "major", execution: "sync", flavor: "last-resort" });
		expect(garbage).toBeNull();
		expect(process.memoryUsage().heapUsed).toBeLessThan(before + 4 * 1024 * 1024);
	});
});
