import { describe, expect, it } from "vitest";
import { WSTicketStore } from "../../src/auth/tickets.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

describe("WS tickets (api-contract D.8)", () => {
	it("are single-use, 43 chars, valid through +30 s and not after", () => {
		const clock = fixedClock(1_700_000_000_500);
		const store = new WSTicketStore(clock);
		const owner = { userId: "u", provider: "p" };
		const a = store.mint(owner).ticket;
		expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(store.consume(a)).toEqual(owner);
		expect(store.consume(a)).toBeNull();
		const b = store.mint(owner).ticket;
		clock.advance(30_000);
		expect(store.consume(b)).toEqual(owner);
		const c = store.mint(owner).ticket;
		clock.advance(31_000);
		expect(store.consume(c)).toBeNull();
		expect(store.consume("")).toBeNull();
		expect(new Set(Array.from({ length: 50 }, () => store.mint(owner).ticket)).size).toBe(50);
	});

	it("has one stable internal credential", () => {
		const store = new WSTicketStore();
		expect(store.verifyInternal(store.internalCredential)).toBe(true);
		expect(store.verifyInternal("")).toBe(false);
		expect(store.verifyInternal(`${store.internalCredential}x`)).toBe(false);
	});
});
