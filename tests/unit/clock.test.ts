import { describe, expect, it } from "vitest";
import { parsePinnedNow } from "../../src/hermes/home/clock.ts";

describe("parsePinnedNow (HERMES_DASHBOARD_NOW)", () => {
	it("reads epoch seconds and zoned ISO 8601 times", () => {
		expect(parsePinnedNow("1795475986")).toBe(1795475986_000);
		expect(parsePinnedNow(" 1795475986.5 ")).toBe(1795475986_500);
		expect(parsePinnedNow("2026-11-23T23:19:46Z")).toBe(1795475986_000);
		expect(parsePinnedNow("2026-11-24T00:19:46+01:00")).toBe(1795475986_000);
	});

	it("refuses zoneless times (local time would differ per machine) and junk", () => {
		expect(parsePinnedNow("2026-11-23T23:19:46")).toBeNull();
		expect(parsePinnedNow("2026-11-23")).toBeNull();
		expect(parsePinnedNow("tomorrow")).toBeNull();
		expect(parsePinnedNow("")).toBeNull();
	});
});
