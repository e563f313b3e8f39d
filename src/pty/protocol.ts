/**
 * @module
 * The PTY WebSocket wire protocol (api-contract B.1, B.3): close codes, reason clamping,
 * the red error banner, the `ESC[RESIZE:<cols>;<rows>]` frame and our own flow-control
 * frames (`ESC[FLOW:PAUSE]` / `ESC[FLOW:RESUME]`), which Hermes clients never send.
 */

export const CLOSE = {
	normal: 1000,
	internalError: 1011,
	badRequest: 4400,
	unauthorized: 4401,
	forbidden: 4403,
	disabled: 4404,
	peerRejected: 4408,
	superseded: 4409,
	exited: 4410,
} as const;

export const MAX_COLS = 2000;
export const MAX_ROWS = 1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Close reasons are limited to 123 UTF-8 bytes: longer ones are cut to 120 + "...". */
export function clampReason(reason: string): string {
	const bytes = encoder.encode(reason);
	if (bytes.byteLength <= 123) {
		return reason;
	}
	// Decoding a cut multi-byte character yields U+FFFD; drop it.
	return decoder.decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, "") + "...";
}

/** The red ANSI banner written (as a text frame) before a 1011 close. */
export function errorBanner(kind: "unavailable" | "failed", detail: string): string {
	const label = kind === "unavailable" ? "Chat unavailable" : "Chat failed to start";
	const body = detail.replace(/\r?\n/g, "\r\n");
	return `\r\n\x1b[31m${label}: ${body}\x1b[0m\r\n`;
}

const RESIZE = /^\x1b\[RESIZE:(\d{1,9});(\d{1,9})\]$/;

/** A resize request when the whole frame is exactly the resize sequence, else null. */
export function parseResize(frame: string): { cols: number; rows: number } | null {
	if (frame.length > 32 || !frame.startsWith("\x1b[RESIZE:")) {
		return null;
	}
	const match = RESIZE.exec(frame);
	if (match === null) {
		return null;
	}
	const clamp = (value: number, max: number): number => Math.min(max, Math.max(1, value));
	return { cols: clamp(Number(match[1]), MAX_COLS), rows: clamp(Number(match[2]), MAX_ROWS) };
}

export const FLOW_PAUSE = "\x1b[FLOW:PAUSE]";
export const FLOW_RESUME = "\x1b[FLOW:RESUME]";

/** What a client frame means: a control frame, or bytes for the PTY. */
export type ClientFrame =
	| { kind: "resize"; cols: number; rows: number }
	| { kind: "pause" }
	| { kind: "resume" }
	| { kind: "input"; data: string | Uint8Array };

export function classifyFrame(data: Uint8Array, isBinary: boolean): ClientFrame {
	// Control frames are short; only those are decoded to look at them.
	if (data.byteLength <= 32 && data[0] === 0x1b) {
		const text = decoder.decode(data);
		const resize = parseResize(text);
		if (resize !== null) {
			return { kind: "resize", ...resize };
		}
		if (text === FLOW_PAUSE) {
			return { kind: "pause" };
		}
		if (text === FLOW_RESUME) {
			return { kind: "resume" };
		}
	}
	return { kind: "input", data: isBinary ? data : decoder.decode(data) };
}
