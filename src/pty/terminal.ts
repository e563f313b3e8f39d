/**
 * @module
 * A PTY session bridged to at most one WebSocket at a time. Output goes to the ring
 * buffer (keep-alive mode) and to the attached socket, with backpressure: when the
 * socket's send buffer passes the high watermark we stop reading the PTY, so a slow
 * client makes the child block instead of growing our memory.
 */
import type { WebSocket } from "ws";
import { CLOSE, type ClientFrame, classifyFrame } from "./protocol.ts";
import { RingBuffer } from "./ring_buffer.ts";
import { FrameBuffer } from "./frame_buffer.ts";
import type { PtySession } from "./session.ts";
import type { Clock } from "../hermes/home/clock.ts";

export const SEND_HIGH_WATERMARK = 1024 * 1024;
export const SEND_LOW_WATERMARK = 256 * 1024;
/**
 * PTY reads come in ≤4 KiB pieces. Bulk output, and output produced while earlier
 * frames are still being written, is batched (≤2 ms, up to this size) into one frame.
 */
export const MAX_FRAME_BYTES = 64 * 1024;
const MAX_IN_FLIGHT = 2;
/** Linux PTY reads return at most 4095 bytes; a read this large was a full one. */
const FULL_READ_BYTES = 4000;
const BULK_HOLD_MS = 2;

export interface TerminalOptions {
	/** Ring buffer size for keep-alive sessions; 0 = legacy one-socket mode. */
	bufferBytes: number;
	/** Stamps when the last socket left. */
	clock: Clock;
	/** Called once when the session is gone (child exited or closed). */
	onGone?: () => void;
}

export class Terminal {
	readonly session: PtySession;
	readonly ring: RingBuffer | null;
	#socket: WebSocket | null = null;
	readonly #clock: Clock;
	#detachedAt: number;
	#gone = false;
	readonly #onGone: (() => void) | undefined;
	readonly #frame = new FrameBuffer(MAX_FRAME_BYTES);
	#inFlight = 0;
	#holdTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(session: PtySession, options: TerminalOptions) {
		this.session = session;
		this.ring = options.bufferBytes > 0 ? new RingBuffer(options.bufferBytes) : null;
		this.#onGone = options.onGone;
		this.#clock = options.clock;
		this.#detachedAt = options.clock.now();
		session.onData((chunk) => this.#output(chunk));
		session.onExit(() => this.#childExited());
	}

	get socket(): WebSocket | null {
		return this.#socket;
	}

	/** When the last socket left (meaningful only while detached). */
	get detachedAt(): number {
		return this.#detachedAt;
	}

	get alive(): boolean {
		return !this.#gone && !this.session.exited;
	}

	/**
	 * Binds a socket: the previous one gets 4409, the new one the buffered output.
	 * `controlChannel`: its text frames are control messages (protocol.ts), not input.
	 */
	attach(socket: WebSocket, controlChannel = false): void {
		const previous = this.#socket;
		if (previous !== null && previous !== socket) {
			this.#socket = null;
			previous.close(CLOSE.superseded, "superseded");
		}
		this.#socket = socket;
		// Whatever was batched for the old socket is in the ring snapshot already.
		this.#frame.discard();
		this.#inFlight = 0;
		this.session.resume("backpressure");
		this.session.resume("client");
		if (this.ring !== null && this.ring.size > 0) {
			this.#send(this.ring.snapshot());
		}
		socket.on("message", (data: Buffer, isBinary: boolean) => {
			if (this.#socket === socket) {
				this.#input(classifyFrame(data, isBinary, controlChannel));
			}
		});
		// A socket that is already gone never fires "close" again.
		if (socket.readyState > 1) {
			this.detach(socket);
			return;
		}
		socket.on("close", () => this.detach(socket));
	}

	/** Only the attached socket can detach. Legacy mode closes the session. */
	detach(socket: WebSocket): void {
		if (this.#socket !== socket) {
			return;
		}
		this.#socket = null;
		this.#detachedAt = this.#clock.now();
		// Detached output goes to the ring buffer; nothing throttles it.
		this.session.resume("backpressure");
		this.session.resume("client");
		if (this.ring === null) {
			void this.close();
		}
	}

	/** Ends the child (process group) and closes any attached socket. */
	async close(code: number = CLOSE.normal): Promise<void> {
		const socket = this.#socket;
		this.#socket = null;
		if (socket !== null && socket.readyState <= 1) {
			socket.close(code);
		}
		await this.session.close();
		this.#markGone();
	}

	#input(frame: ClientFrame): void {
		switch (frame.kind) {
			case "resize":
				this.session.resize(frame.cols, frame.rows);
				break;
			case "pause":
				this.session.pause("client");
				break;
			case "resume":
				this.session.resume("client");
				break;
			case "input":
				this.session.write(frame.data);
				break;
			case "ignored":
				break;
		}
	}

	#output(chunk: Uint8Array): void {
		this.ring?.push(chunk);
		if (this.#socket === null) {
			return;
		}
		if (chunk.byteLength > this.#frame.room) {
			this.#flush();
		}
		if (chunk.byteLength > this.#frame.capacity) {
			this.#send(chunk);
			return;
		}
		this.#frame.append(chunk);
		// A full PTY read means more output is queued behind it: hold it briefly and send
		// one large frame rather than many 4 KiB ones. Short reads (typing) go at once.
		const bulk = chunk.byteLength >= FULL_READ_BYTES;
		if (this.#frame.room < FULL_READ_BYTES || (!bulk && this.#inFlight < MAX_IN_FLIGHT)) {
			this.#flush();
		} else if (this.#holdTimer === null) {
			this.#holdTimer = setTimeout(() => this.#flush(), BULK_HOLD_MS);
		}
	}

	/** Sends the batched output as one binary frame. */
	#flush(): void {
		if (this.#holdTimer !== null) {
			clearTimeout(this.#holdTimer);
			this.#holdTimer = null;
		}
		if (this.#frame.length === 0) {
			return;
		}
		const frame = this.#frame.take();
		this.#send(frame.bytes, frame.release);
	}

	/** `release` runs once the socket no longer needs `bytes` (sent, failed or never sent). */
	#send(bytes: Uint8Array, release?: () => void): void {
		const socket = this.#socket;
		if (socket === null || socket.readyState !== 1) {
			release?.();
			return;
		}
		this.#inFlight++;
		socket.send(bytes, { binary: true }, () => {
			release?.();
			if (this.#socket !== socket) {
				return;
			}
			this.#inFlight--;
			if (socket.bufferedAmount < SEND_LOW_WATERMARK) {
				this.session.resume("backpressure");
			}
		});
		if (socket.bufferedAmount > SEND_HIGH_WATERMARK) {
			this.session.pause("backpressure");
		}
	}

	#childExited(): void {
		this.#flush();
		const socket = this.#socket;
		this.#socket = null;
		if (socket !== null && socket.readyState <= 1) {
			socket.close(this.ring !== null ? CLOSE.exited : CLOSE.normal, this.ring !== null ? "pty exited" : "");
		}
		void this.session.close().then(() => this.#markGone());
	}

	#markGone(): void {
		if (!this.#gone) {
			this.#gone = true;
			this.#onGone?.();
		}
	}
}
