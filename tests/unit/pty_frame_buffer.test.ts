/**
 * The reused frame buffer behind PTY output batching: a taken frame's bytes stay
 * untouched until the socket releases them, and released buffers are reused.
 */
import { describe, expect, it } from "vitest";
import { FrameBuffer } from "../../src/pty/frame_buffer.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe("FrameBuffer", () => {
	it("gathers chunks into one frame in order", () => {
		const frame = new FrameBuffer(16);
		frame.append(bytes("hello "));
		frame.append(bytes("world"));
		expect(frame.length).toBe(11);
		expect(frame.room).toBe(5);
		const taken = frame.take();
		expect(text(taken.bytes)).toBe("hello world");
		expect(frame.length).toBe(0);
		expect(frame.room).toBe(16);
	});

	it("refuses a chunk that does not fit", () => {
		const frame = new FrameBuffer(4);
		frame.append(bytes("abc"));
		expect(() => frame.append(bytes("de"))).toThrow(RangeError);
		expect(text(frame.take().bytes)).toBe("abc");
	});

	it("never writes into a frame that is still being sent", () => {
		const frame = new FrameBuffer(8);
		frame.append(bytes("first"));
		const inFlight = frame.take();
		frame.append(bytes("second"));
		const next = frame.take();
		expect(text(inFlight.bytes)).toBe("first");
		expect(text(next.bytes)).toBe("second");
		expect(next.bytes.buffer).not.toBe(inFlight.bytes.buffer);
	});

	it("reuses a buffer once the socket released it, once", () => {
		const frame = new FrameBuffer(8);
		frame.append(bytes("one"));
		const sent = frame.take();
		sent.release();
		sent.release();
		frame.append(bytes("two"));
		const reused = frame.take();
		expect(reused.bytes.buffer).toBe(sent.bytes.buffer);
		frame.append(bytes("three"));
		// The double release did not hand the same buffer out twice.
		expect(frame.take().bytes.buffer).not.toBe(reused.bytes.buffer);
	});

	it("discard drops what was gathered", () => {
		const frame = new FrameBuffer(8);
		frame.append(bytes("stale"));
		frame.discard();
		expect(frame.length).toBe(0);
		frame.append(bytes("new"));
		expect(text(frame.take().bytes)).toBe("new");
		expect(frame.take().bytes.byteLength).toBe(0);
	});
});
