/**
 * @module
 * The PTY WebSocket wire protocol (api-contract B.1, B.3): close codes, reason clamping,
 * the red error banner, Hermes's in-band `ESC[RESIZE:<cols>;<rows>]` frame, and our own
 * page's control channel.
 *
 * Hermes clients send keystrokes as text or binary frames, so every frame of theirs is
 * data (bar the resize frame). Our page asks for a control channel with `?control=1`:
 * then text frames are JSON control messages and keystrokes travel as binary frames, so
 * nothing a user types or pastes can pause the terminal.
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

/** Cols/rows to 1..max (a fraction is cut). */
const clamp = (value: number, max: number): number => Math.min(max, Math.max(1, Math.trunc(value)));

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
	return { cols: clamp(Number(match[1]), MAX_COLS), rows: clamp(Number(match[2]), MAX_ROWS) };
}

/** The query flag by which a client asks for the control channel. */
export const CONTROL_PARAM = "control";

/** What a client frame means: a control message, bytes for the PTY, or nothing. */
export type ClientFrame =
	| { kind: "resize"; cols: number; rows: number }
	| { kind: "pause" }
	| { kind: "resume" }
	| { kind: "input"; data: string | Uint8Array }
	| { kind: "ignored" };

/** A control-channel message: `{"type":"pause"|"resume"}` or `{"type":"resize","cols","rows"}`. */
export function parseControl(text: string): ClientFrame {
	let message: { type?: unknown; cols?: unknown; rows?: unknown };
	try {
		message = JSON.parse(text) as typeof message;
	} catch {
		return { kind: "ignored" };
	}
	if (message === null || typeof message !== "object") {
		return { kind: "ignored" };
	}
	if (message.type === "pause" || message.type === "resume") {
		return { kind: message.type };
	}
	const { cols, rows } = message;
	if (message.type === "resize" && Number.isFinite(cols) && Number.isFinite(rows)) {
		return { kind: "resize", cols: clamp(cols as number, MAX_COLS), rows: clamp(rows as number, MAX_ROWS) };
	}
	return { kind: "ignored" };
}

/** `controlChannel`: the socket asked for `?control=1`, so its text frames are control messages. */
export function classifyFrame(data: Uint8Array, isBinary: boolean, controlChannel = false): ClientFrame {
	if (controlChannel && !isBinary) {
		return parseControl(decoder.decode(data));
	}
	// Hermes's resize frame is short; only such frames are decoded to look at them.
	if (data.byteLength <= 32 && data[0] === 0x1b) {
		const resize = parseResize(decoder.decode(data));
		if (resize !== null) {
			return { kind: "resize", ...resize };
		}
	}
	return { kind: "input", data: isBinary ? data : decoder.decode(data) };
}
